// `setup migrate --rehearse` on the sandbox: its clock and settings, the doctor while Exchange
// propagates, and the checks after the last phase (setup_migrate_rehearsal.hpp).
#include "cli/setup_migrate_rehearsal.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "app/connection_test.hpp"
#include "core/ascii.hpp"
#include "core/json.hpp"
#include "setup/migration.hpp"

namespace graphpost::cli::migrate {
namespace {

namespace json = boost::json;

Error CheckFailed(std::string_view check, const std::string& why) {
  return {ErrorCode::kFailedPrecondition,
          "check '" + std::string(check) + "' failed: " + why,
          std::nullopt,
          {}};
}

// The failed checks of a doctor report, "mailbox-access, test-send".
std::string FailedChecks(const doctor::DoctorReport& report) {
  std::string out;
  for (const auto& c : report.checks) {
    if (c.status != doctor::CheckStatus::kFail) continue;
    out += (out.empty() ? "" : ", ") + c.id + (c.cause.empty() ? "" : " (" + c.cause + ")");
  }
  return out.empty() ? "a check was skipped" : out;
}

// The doctor on one connection; `send_to` set: with the test send. Prints one line.
Result<bool> Doctor(Rehearsal& r, const std::string& name, const std::string& send_to,
                    std::string& why) {
  app::ConnectionTestOptions options;
  if (!send_to.empty()) options.send_test_to = send_to;
  // Between Sent Items lookups the sandbox's clock moves instead of this process sleeping.
  options.wait = [&r](std::chrono::seconds pause) { (void)AdvanceClock(r, pause.count()); };
  auto report = app::TestConnection(r.client, name, options);
  if (!report) return Fail(report.error());
  if (!report->can_send) why = FailedChecks(*report);
  return report->can_send;
}

// Every connection through the doctor; the first one that cannot send is named in `failed`.
Result<bool> ProbeAll(Rehearsal& r, std::string& failed) {
  for (const auto& name : r.connections) {
    std::string why;
    auto ok = Doctor(r, name, "", why);
    if (!ok) return Fail(ok.error());
    if (!*ok) {
      failed = name + ": " + why;
      return false;
    }
  }
  return true;
}

Result<std::uint64_t> LastLoggedSequence(setup::AdminPort& admin) {
  std::uint64_t last = 0;
  for (;;) {
    auto page =
        admin.Call("GET", "requests?after=" + std::to_string(last) + "&limit=1000", nullptr);
    if (!page) return Fail(page.error());
    const json::array* entries = JsonArray(*page, "requests");
    if (entries == nullptr || entries->empty()) return last;
    last = static_cast<std::uint64_t>(JsonInt(entries->back(), "sequence").value_or(0));
  }
}

// The request log after `after` holds a 403 sendMail for `mailbox`.
Result<bool> LoggedRefusal(setup::AdminPort& admin, std::uint64_t after,
                           const std::string& mailbox) {
  auto page = admin.Call("GET", "requests?after=" + std::to_string(after) + "&limit=1000", nullptr);
  if (!page) return Fail(page.error());
  const json::array* entries = JsonArray(*page, "requests");
  if (entries == nullptr) return false;
  for (const auto& e : *entries) {
    bool for_canary = AsciiIEquals(JsonString(e, "mailbox").value_or(""), mailbox) ||
                      AsciiLower(JsonString(e, "path").value_or(""))
                              .find("/users/" + AsciiLower(mailbox) + "/") != std::string::npos;
    if (for_canary && JsonInt(e, "status").value_or(0) == 403) return true;
  }
  return false;
}

// POST /users/{canary}/sendMail without recipients, with a fresh token of the app.
Result<http::ClientResponse> ProbeSendAs(Rehearsal& r, const std::string& canary) {
  auto session = r.client.OpenIsolatedSession(r.connections.front());
  if (!session) return Fail(session.error());
  auto token = session->session->tokens->GetToken();
  if (!token) return Fail(token.error());
  http::ClientRequest req{.method = "POST",
                          .url = session->session->graph_base + "/users/" + canary + "/sendMail"};
  req.headers.Set("Authorization", "Bearer " + token->value.Reveal());
  req.headers.Set("Content-Type", "application/json");
  req.body =
      ToJson(json::object{{"message",
                           {{"subject", "graphpost migration canary"},
                            {"body", {{"contentType", "Text"}, {"content", "must be refused"}}}}},
                          {"saveToSentItems", false}});
  return session->session->http->Send(req);
}

}  // namespace

Result<long long> ReadSetting(setup::AdminPort& admin, const std::string& name) {
  auto settings = admin.Call("GET", "settings", nullptr);
  if (!settings) return Fail(settings.error());
  auto value = JsonInt(*settings, name);
  if (!value) return Fail(ErrorCode::kInternal, "the sandbox's settings have no " + name);
  return *value;
}

Status WriteSetting(setup::AdminPort& admin, const std::string& name, long long value) {
  auto done = admin.Call("PATCH", "settings", json::object{{name, value}});
  if (!done)
    return Fail(done.error().code, "sandbox setting " + name + ": " + done.error().message);
  return Ok();
}

Status FollowSandboxClock(Rehearsal& r) {
  auto offset = ReadSetting(r.admin, "clockOffsetSeconds");
  if (!offset) return Fail(offset.error());
  if (r.client_clock != nullptr) r.client_clock->AdvanceTo(std::chrono::seconds{*offset});
  return Ok();
}

Status AdvanceClock(Rehearsal& r, long long seconds) {
  auto offset = ReadSetting(r.admin, "clockOffsetSeconds");
  if (!offset) return Fail(offset.error());
  if (auto s = WriteSetting(r.admin, "clockOffsetSeconds", *offset + seconds); !s) return s;
  // Read back rather than assumed: the sandbox never moves its clock backwards.
  return FollowSandboxClock(r);
}

Status WaitForPropagation(Rehearsal& r, long long wait_seconds, long long delay_seconds) {
  long long elapsed = 0;
  for (;;) {
    std::string failed;
    auto all = ProbeAll(r, failed);
    if (!all) return Fail(all.error());
    r.out << "  after " << elapsed / 60
          << " min: " << (*all ? "every connection passes the doctor" : "not yet: " + failed)
          << "\n";
    if (*all && elapsed >= delay_seconds) return Ok();
    if (elapsed >= wait_seconds) {
      if (*all) {
        r.out << "  the wait (" << wait_seconds << " s) ends before Exchange's propagation ("
              << delay_seconds << " s): the checks below will tell whether that was enough\n";
        return Ok();
      }
      return Fail(ErrorCode::kFailedPrecondition,
                  "propagation: after " + std::to_string(wait_seconds) +
                      " s a connection still fails the doctor (" + failed +
                      "); the Entra grant was left in place");
    }
    long long step = std::min(kProbeStepSeconds, wait_seconds - elapsed);
    if (auto moved = AdvanceClock(r, step); !moved) return Fail(moved.error());
    elapsed += step;
  }
}

Status CheckNoMailRole(Rehearsal& r) {
  constexpr std::string_view kCheck = "no tenant-wide mail role";
  auto session = r.client.OpenIsolatedSession(r.connections.front());
  if (!session) return Fail(session.error());
  auto token = session->session->tokens->GetToken();
  if (!token) return Fail(CheckFailed(kCheck, "no token: " + token.error().message));
  for (const auto& role : token->roles) {
    if (AsciiIStartsWith(role, "Mail.")) {
      return Fail(CheckFailed(kCheck, "a fresh token still carries the role " + role));
    }
  }
  r.out << "  ✓ " << kCheck << ": a fresh token carries "
        << (token->roles.empty() ? "no roles" : "no mail role") << "\n";
  return Ok();
}

Status CheckEveryConnectionSends(Rehearsal& r) {
  constexpr std::string_view kCheck = "every connection sends";
  for (std::size_t i = 0; i < r.connections.size(); ++i) {
    std::string why;
    auto ok = Doctor(r, r.connections[i], r.mailboxes[i], why);
    if (!ok) return Fail(ok.error());
    if (!*ok) return Fail(CheckFailed(kCheck, "connection '" + r.connections[i] + "': " + why));
    r.out << "  ✓ " << r.connections[i] << " passes the doctor, test message to " << r.mailboxes[i]
          << " sent\n";
  }
  return Ok();
}

Status CheckNoAccessPolicy(Rehearsal& r) {
  constexpr std::string_view kCheck = "no access policy";
  auto now = setup::InspectOnSandbox(setup::Answers{}, r.app_id, r.admin, r.tenant_id);
  if (!now) return Fail(now.error());
  if (now->has_access_policy) {
    return Fail(
        CheckFailed(kCheck, "an Application Access Policy still names the app " + r.app_id));
  }
  r.out << "  ✓ " << kCheck << ": no Application Access Policy names the app\n";
  return Ok();
}

Status CheckCanaryRefused(Rehearsal& r, const std::string& canary) {
  constexpr std::string_view kCheck = "canary refused";
  auto before = LastLoggedSequence(r.admin);
  if (!before) return Fail(before.error());
  auto reply = ProbeSendAs(r, canary);
  if (!reply)
    return Fail(CheckFailed(kCheck, "sendMail as " + canary + ": " + reply.error().message));
  auto doc = ParseJson(reply->body);
  const json::object* error = doc ? JsonObject(*doc, "error") : nullptr;
  std::string code = error != nullptr ? JsonString(*error, "code").value_or("") : "";
  if (reply->status != 403 || code != "ErrorAccessDenied") {
    return Fail(CheckFailed(kCheck, "sending as " + canary + " answered " +
                                        std::to_string(reply->status) + " " + code +
                                        ", not 403 ErrorAccessDenied"));
  }
  auto logged = LoggedRefusal(r.admin, *before, canary);
  if (!logged) return Fail(logged.error());
  if (!*logged) {
    return Fail(CheckFailed(kCheck, "no 403 for " + canary + " in the sandbox's request log"));
  }
  r.out << "  ✓ " << kCheck << ": sending as " << canary
        << " is refused (403 ErrorAccessDenied, in the sandbox's request log)\n";
  return Ok();
}

Result<std::string> DefaultCanary(Rehearsal& r, const setup::Answers& answers) {
  auto out = r.admin.Call("POST", "tenants/" + r.tenant_id + "/exchange",
                          json::object{{"cmdlet", "Get-Mailbox"}, {"params", json::array{}}});
  if (!out) return Fail(out.error());
  std::string shared;
  const json::array* objects = JsonArray(*out, "objects");
  for (const auto& o : objects != nullptr ? *objects : json::array{}) {
    std::string address = JsonString(o, "PrimarySmtpAddress").value_or("");
    bool ours = std::any_of(answers.mailboxes.begin(), answers.mailboxes.end(), [&](auto& m) {
      return AsciiIEquals(setup::SendingAddress(m), address);
    });
    if (address.empty() || ours) continue;
    std::string type = JsonString(o, "RecipientTypeDetails").value_or("");
    if (type == "UserMailbox") return address;
    if (type == "SharedMailbox" && shared.empty()) shared = address;
  }
  if (!shared.empty()) return shared;
  return Fail(ErrorCode::kFailedPrecondition,
              "no mailbox outside the migrated connections to check the refusal with: give one "
              "with --canary");
}

}  // namespace graphpost::cli::migrate
