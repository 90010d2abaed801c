// gateway/console_doctor.hpp — the console's Test button in `graphpost serve`: a
// console::DoctorRunner that runs app::TestConnection (the doctor with a fresh in-memory token
// cache, no test send; docs/doctor.md) and the rotate form's secret check on two threads of its
// own, so a slow tenant never holds a server thread. Owns its WorkerPool; `client` must outlive it.
// The destructor finishes the runs already asked for (each answers through its callback) and joins
// the threads, so destroy it after the Console and before the Client. Thread-safe.
#pragma once

#include "app/client.hpp"
#include "console/console.hpp"
#include "core/worker_pool.hpp"

namespace graphpost::gateway {

class ConsoleDoctor {
 public:
  explicit ConsoleDoctor(app::Client& client);
  ConsoleDoctor(const ConsoleDoctor&) = delete;
  ConsoleDoctor& operator=(const ConsoleDoctor&) = delete;

  // Runs the doctor on `connection` on the pool and calls `done` there with the report;
  // kNotFound for an unknown connection, other errors as app::TestConnection.
  void Run(std::string connection, std::function<void(Result<doctor::DoctorReport>)> done);

  // For ConsoleDeps::run_doctor: calls Run on this object (which must outlive the Console).
  console::DoctorRunner Runner();

  // Checks `secret` for `connection` before the console saves it: one token request with it on a
  // fresh, in-memory token cache (Client::OpenIsolatedSession), on the pool; `done` gets OK or
  // Entra ID's refusal (kUnauthenticated, remote_code AADSTS…; never the secret). kNotFound for an
  // unknown connection.
  void CheckSecret(std::string connection, Secret secret, std::function<void(Status)> done);
  // For ConsoleDeps::check_secret.
  console::SecretChecker SecretChecker();

 private:
  app::Client& client_;
  WorkerPool pool_{2};  // last: joined first, while client_ is still valid
};

}  // namespace graphpost::gateway
