// The console's doctor runs; see console_doctor.hpp.
#include "gateway/console_doctor.hpp"

#include <utility>

#include "app/connection_test.hpp"

namespace graphpost::gateway {

ConsoleDoctor::ConsoleDoctor(app::Client& client) : client_(client) {}

void ConsoleDoctor::Run(std::string connection,
                        std::function<void(Result<doctor::DoctorReport>)> done) {
  pool_.Submit([this, connection = std::move(connection), done = std::move(done)] {
    // No send_test_to: the console's Test never sends mail. No wait: no Sent Items lookups.
    done(app::TestConnection(client_, connection, {}));
  });
}

console::DoctorRunner ConsoleDoctor::Runner() {
  return [this](std::string connection, std::function<void(Result<doctor::DoctorReport>)> done) {
    Run(std::move(connection), std::move(done));
  };
}

void ConsoleDoctor::CheckSecret(std::string connection, Secret secret,
                                std::function<void(Status)> done) {
  pool_.Submit([this, connection = std::move(connection), secret = std::move(secret),
                done = std::move(done)] {
    auto isolated = client_.OpenIsolatedSession(connection, &secret);
    if (!isolated) return done(Fail(isolated.error()));
    auto token = isolated->session->tokens->GetToken();
    if (!token) return done(Fail(token.error()));
    done(Ok());
  });
}

console::SecretChecker ConsoleDoctor::SecretChecker() {
  return [this](std::string connection, Secret secret, std::function<void(Status)> done) {
    CheckSecret(std::move(connection), std::move(secret), std::move(done));
  };
}

}  // namespace graphpost::gateway
