// doctor/doctor.hpp — the connection doctor behind `graphpost connection test NAME`: an ordered
// list of checks (tenant, app, credential, credential-expiry, permissions, mailbox,
// mailbox-access, primary-address, test-send; docs/doctor.md), each naming the cause of a failure
// and the setup-guide step or PowerShell command that fixes it, filled in with the connection's
// values. Causes and fixes never contain secrets, tokens or key material.
// RunDoctor is a plain function; it uses the injected ports only from the calling thread.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "auth/token_provider.hpp"
#include "connections/connection.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "graph/graph_mail_client.hpp"

namespace graphpost::doctor {

enum class CheckStatus { kPass, kWarn, kFail, kSkipped };

// "pass", "warn", "fail", "skipped".
std::string_view CheckStatusName(CheckStatus status);

struct CheckResult {
  std::string id;     // stable, listed in docs/doctor.md, e.g. "mailbox-access"
  std::string title;  // "The tenant exists"
  CheckStatus status = CheckStatus::kSkipped;
  std::string cause;  // plain words; may name the AADSTS/Graph code
  std::string fix;    // the portal step or PowerShell command, filled in; may span lines
};

struct DoctorReport {
  std::string connection;  // the connection's name
  std::vector<CheckResult> checks;
  // True when tenant, app, credential, mailbox and mailbox-access (and test-send, when it ran)
  // all passed or warned: none failed and none had to be skipped.
  bool can_send = false;
};

// What the doctor needs from Microsoft Graph, as a narrow port so tests can fake it.
// GraphMailboxProbe (graph_probe.hpp) is the real adapter. Errors are graphpost Errors classified
// by graph/graph_errors.hpp (remote_code = Graph's error code).
class MailboxProbe {
 public:
  virtual ~MailboxProbe() = default;
  // POST /users/{mailbox}/sendMail with a message that has NO recipients. Graph authorizes the
  // mailbox before it validates the message, so 400 ErrorInvalidRecipients means the app may send
  // as this mailbox (and nothing is sent); 401/403/404 say why it may not. Returns the classified
  // Error (or Ok on an unexpected 202).
  [[nodiscard]] virtual Status ProbeSend(std::string_view mailbox) = 0;
  // Sends a real test message to `to`, tagged with `marker` (see graph_probe.hpp).
  [[nodiscard]] virtual Status SendTest(std::string_view mailbox, const std::string& to,
                                        const std::string& marker) = 0;
  // The message tagged with `marker` in the mailbox's Sent Items; nullopt when not (yet) there.
  [[nodiscard]] virtual Result<std::optional<graph::FoundMessage>> FindSent(
      std::string_view mailbox, const std::string& marker) = 0;
  // The From address of the newest message in Sent Items; nullopt when Sent Items is empty.
  [[nodiscard]] virtual Result<std::optional<std::string>> LatestSentFrom(
      std::string_view mailbox) = 0;
  // GET /users/{user} (needs User.Read.All or similar).
  [[nodiscard]] virtual Result<graph::UserProfile> GetUser(std::string_view user) = 0;
  // The user that has `address` among its SMTP addresses (primary or alias), through Graph's
  // proxyAddresses filter (needs User.Read.All or similar); nullopt when none has it.
  [[nodiscard]] virtual Result<std::optional<graph::UserProfile>> FindUserByAddress(
      std::string_view address) = 0;
};

struct DoctorOptions {
  // Send a real message to this address and look for it in Sent Items (the test-send check).
  std::optional<std::string> send_test_to;
  // Sent Items lookups for the test message; `wait(find_pause)` runs between two of them. With no
  // `wait` the lookups run back to back (tests). The CLI passes a function that sleeps.
  int find_attempts = 5;
  std::chrono::seconds find_pause{3};
  std::function<void(std::chrono::seconds)> wait;
};

// Runs every check in order against `c`: one token request through `tokens`, then Graph calls
// through `probe` (a real message is sent only with options.send_test_to). `clock` dates the
// credential expiry; `random` makes the test message's marker. Never fails: every problem,
// including an unreachable endpoint, becomes a check result.
DoctorReport RunDoctor(const connections::Connection& c, auth::TokenProvider& tokens,
                       MailboxProbe& probe, Clock& clock, Random& random,
                       const DoctorOptions& options);

// {"connection": name, "canSend": bool,
//  "checks": [{"id", "title", "status", "cause", "fix"}, ...]} for --json.
boost::json::object ReportToJson(const DoctorReport& report);

// For people: a heading, one line per check ("✓" pass, "!" warn, "✗" fail, "-" skipped) with its
// cause and fix indented below, and a closing verdict line.
std::string RenderReport(const DoctorReport& report);

}  // namespace graphpost::doctor
