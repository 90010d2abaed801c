// The test-send check: one real message, tagged with a fresh marker, then looked for in Sent
// Items. Graph's 202 already proves the app may send; the lookup confirms Exchange took it.
#include <algorithm>

#include "core/ids.hpp"
#include "doctor/graph_probe.hpp"
#include "doctor/internal/checks.hpp"

namespace graphpost::doctor::internal {
namespace {

using connections::Connection;

CheckResult SendRefused(const Connection& c, const std::string& to, const Status& sent) {
  const Error& e = sent.error();
  std::string fix = AccessFix(c, ClassifyProbe(sent));
  if (fix.empty()) {
    fix = "Check the recipient address '" + to +
          "' and compare the connection with Steps 5-7 "
          "of the setup guide.";
  }
  return Make(kTestSendId, CheckStatus::kFail,
              "Graph refused the test message to " + to + ": " + e.message, fix);
}

std::string LookInInbox(const Connection& c, const std::string& to) {
  return "Look in " + to + "'s inbox for \"" + TestSubject(c.name) + "\".";
}

CheckResult NotConfirmed(const Connection& c, const std::string& to, const Error& e) {
  std::string fix = LookInInbox(c, to);
  if (e.code == ErrorCode::kPermissionDenied || e.code == ErrorCode::kUnauthenticated) {
    fix +=
        " To let the doctor confirm it, let the app read this mailbox in the same scope:\n"
        "  New-ManagementRoleAssignment -Role \"Application Mail.Read\" -App " +
        c.client_id + " -CustomResourceScope \"<scope>\"";
  }
  return Make(kTestSendId, CheckStatus::kWarn,
              "Graph accepted the test message to " + to +
                  " (202), but the doctor could not "
                  "look in Sent Items to confirm it: " +
                  e.message,
              fix);
}

}  // namespace

CheckResult RunTestSend(const Connection& c, MailboxProbe& probe, Random& random,
                        const DoctorOptions& options, std::optional<std::string>& found_from) {
  const std::string& to = *options.send_test_to;
  const std::string marker = NewGuid(random);
  if (auto sent = probe.SendTest(c.user_id, to, marker); !sent) {
    return SendRefused(c, to, sent);
  }
  const int attempts = std::max(1, options.find_attempts);
  Result<std::optional<graph::FoundMessage>> found = std::optional<graph::FoundMessage>();
  for (int i = 0; i < attempts; ++i) {
    if (i > 0 && options.wait) options.wait(options.find_pause);
    found = probe.FindSent(c.user_id, marker);
    if (!found || found->has_value()) break;
  }
  if (!found) return NotConfirmed(c, to, found.error());
  if (!found->has_value()) {
    return Make(kTestSendId, CheckStatus::kWarn,
                "Graph accepted the test message to " + to + " (202), but it was not in " +
                    c.user_id + "'s Sent Items after " + std::to_string(attempts) +
                    " lookups: Exchange may still be processing it, or the mailbox does not keep "
                    "sent items.",
                LookInInbox(c, to));
  }
  const graph::FoundMessage& message = **found;
  found_from = message.from_address;
  return Make(kTestSendId, CheckStatus::kPass,
              "Sent \"" + TestSubject(c.name) + "\" to " + to + "; it is in " + c.user_id +
                  "'s Sent Items, sent from " +
                  (message.from_address.empty() ? std::string("(no From)") : message.from_address) +
                  (message.sent_date_time.empty() ? "" : " at " + message.sent_date_time) + ".");
}

}  // namespace graphpost::doctor::internal
