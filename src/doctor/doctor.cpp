// RunDoctor: gathers the evidence (one token request, one probe send, the lookups the token's
// roles allow, the optional test message) and lets the pure checks of internal/checks.hpp read
// it, in the order people fix things.
#include "doctor/doctor.hpp"

#include <array>
#include <utility>

#include "core/ids.hpp"
#include "doctor/internal/checks.hpp"

namespace graphpost::doctor {
namespace {

using connections::Connection;
using internal::SenderEvidence;

bool HasDirectoryRead(const std::vector<std::string>& roles) {
  for (std::string_view role : {"User.Read.All", "User.ReadBasic.All", "User.ReadWrite.All",
                                "Directory.Read.All", "Directory.ReadWrite.All"}) {
    if (internal::HasRole(roles, role)) return true;
  }
  return false;
}

// The directory's entry for the User ID. An address goes through Graph's proxyAddresses filter,
// which finds aliases too (GET /users/{alias} does not); an object ID, a UPN that is no SMTP
// address, or a directory without the filter falls back to GET /users/{id}. nullopt when neither
// finds a user.
Result<std::optional<graph::UserProfile>> LookUpUser(const Connection& c, MailboxProbe& probe) {
  Result<std::optional<graph::UserProfile>> found = std::optional<graph::UserProfile>();
  if (!IsGuid(c.user_id)) {
    found = probe.FindUserByAddress(c.user_id);
    if (found && found->has_value()) return found;
  }
  auto user = probe.GetUser(c.user_id);
  if (user) return std::optional<graph::UserProfile>(std::move(*user));
  if (found && user.error().code == ErrorCode::kNotFound) return found;
  return Fail(found ? user.error() : found.error());
}

// The address mail from this mailbox goes out from: the directory's `mail` when the token may
// read users, else the test message's From (both confirmed), else the newest Sent Items message's
// From (a hint only: that message may have been sent as another address).
// `why` collects what was tried when nothing answered.
std::optional<SenderEvidence> FindSender(const Connection& c, const std::vector<std::string>& roles,
                                         MailboxProbe& probe,
                                         const std::optional<std::string>& test_from,
                                         std::string& why) {
  if (HasDirectoryRead(roles)) {
    auto user = LookUpUser(c, probe);
    if (user && *user && !(*user)->mail.empty()) {
      return SenderEvidence{(*user)->mail, "the directory's mail attribute", true};
    }
    why += !user   ? "the directory lookup failed (" + internal::CodeOf(user.error()) + "); "
           : *user ? "the directory has no mail address for it; "
                   : "no user in the directory has this address; ";
  } else {
    why += "the token has no User.Read.All to look it up in the directory; ";
  }
  if (test_from && !test_from->empty()) {
    return SenderEvidence{*test_from, "the test message in Sent Items", true};
  }
  auto latest = probe.LatestSentFrom(c.user_id);
  if (latest && latest->has_value() && !(*latest)->empty()) {
    return SenderEvidence{**latest, "the newest message in Sent Items", false};
  }
  why += latest ? "Sent Items has no message to learn it from."
                : "the app may not read Sent Items (" + internal::CodeOf(latest.error()) + ").";
  return std::nullopt;
}

CheckResult TestSendCheck(const Connection& c, const CheckResult& access, MailboxProbe& probe,
                          Random& random, const DoctorOptions& options,
                          std::optional<std::string>& test_from) {
  if (!options.send_test_to) {
    return internal::Skipped(internal::kTestSendId,
                             "Not requested: add --send-test-to ADDRESS to send a real message "
                             "and find it in Sent Items.");
  }
  if (access.status != CheckStatus::kPass && access.status != CheckStatus::kWarn) {
    return internal::Skipped(internal::kTestSendId, "Not sent: the app may not send as " +
                                                        c.user_id + " (see mailbox-access).");
  }
  return internal::RunTestSend(c, probe, random, options, test_from);
}

void AddMailboxChecks(const Connection& c, const auth::AccessToken& token, MailboxProbe& probe,
                      Random& random, const DoctorOptions& options,
                      std::vector<CheckResult>& checks) {
  Status sent = probe.ProbeSend(c.user_id);
  CheckResult mailbox = internal::CheckMailbox(c, sent);
  CheckResult access = internal::CheckMailboxAccess(c, sent, token.roles);
  std::optional<std::string> test_from;
  // Runs before primary-address, which may read the test message's From.
  CheckResult test = TestSendCheck(c, access, probe, random, options, test_from);
  CheckResult primary =
      internal::Skipped(internal::kPrimaryAddressId, "There is no mailbox; see the mailbox check.");
  if (mailbox.status != CheckStatus::kFail) {
    std::string why;
    auto sender = FindSender(c, token.roles, probe, test_from, why);
    primary = internal::CheckPrimaryAddress(c, sender, why);
  }
  checks.push_back(std::move(mailbox));
  checks.push_back(std::move(access));
  checks.push_back(std::move(primary));
  checks.push_back(std::move(test));
}

bool CanSend(const std::vector<CheckResult>& checks, bool test_requested) {
  for (const CheckResult& check : checks) {
    const bool decides = check.id == internal::kTenantId || check.id == internal::kAppId ||
                         check.id == internal::kCredentialId || check.id == internal::kMailboxId ||
                         check.id == internal::kMailboxAccessId ||
                         (test_requested && check.id == internal::kTestSendId);
    if (decides && check.status != CheckStatus::kPass && check.status != CheckStatus::kWarn) {
      return false;
    }
  }
  return true;
}

}  // namespace

DoctorReport RunDoctor(const Connection& c, auth::TokenProvider& tokens, MailboxProbe& probe,
                       Clock& clock, Random& random, const DoctorOptions& options) {
  DoctorReport report;
  report.connection = c.name;
  std::vector<CheckResult>& checks = report.checks;
  const internal::TokenOutcome token = tokens.GetToken();
  checks.push_back(internal::CheckTenant(c, token));
  checks.push_back(internal::CheckApp(c, token));
  checks.push_back(internal::CheckCredential(c, token));
  checks.push_back(internal::CheckCredentialExpiry(c, clock.WallNow()));
  checks.push_back(internal::CheckPermissions(c, token));
  if (token) {
    AddMailboxChecks(c, *token, probe, random, options, checks);
  } else {
    for (std::string_view id : {internal::kMailboxId, internal::kMailboxAccessId,
                                internal::kPrimaryAddressId, internal::kTestSendId}) {
      checks.push_back(internal::Skipped(id, "No access token: an earlier check failed."));
    }
  }
  report.can_send = CanSend(checks, options.send_test_to.has_value());
  return report;
}

}  // namespace graphpost::doctor
