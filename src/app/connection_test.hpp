// app/connection_test.hpp — `graphpost connection test NAME` as a function the CLI and the
// gateway's console share: the doctor (doctor/doctor.hpp, docs/doctor.md) run on a saved
// connection through the Client's transports, with a token cache of its own that lives in memory
// and starts empty, so the credential check asks Entra ID and never reads a token saved earlier
// (Client::OpenIsolatedSession). Blocking (token and Graph requests, Sent Items lookups): call it
// off any event loop. Thread-safe as the Client is; each run has its own session.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "app/client.hpp"
#include "core/result.hpp"
#include "doctor/doctor.hpp"

namespace graphpost::app {

struct ConnectionTestOptions {
  // Send a real test message to this address through the Client's MailSender (retries, Sent
  // Items check) and look for it in Sent Items; nullopt: no message is sent.
  std::optional<std::string> send_test_to;
  // Runs between two Sent Items lookups of the test message (the CLI sleeps); null: back to back.
  std::function<void(std::chrono::seconds)> wait;
};

// The doctor's report on connection `name` (the Client's `resolve` applied, as for Session).
// The report itself never fails (doctor::RunDoctor turns every problem into a check); the errors
// are those of opening the connection: kNotFound for an unknown name, kInvalidArgument for an
// unknown cloud, store failures as ConnectionStore::Get.
[[nodiscard]] Result<doctor::DoctorReport> TestConnection(Client& client, std::string_view name,
                                                          const ConnectionTestOptions& options);

}  // namespace graphpost::app
