// doctor/internal/checks.hpp — the doctor's checks as pure functions: each turns what graphpost
// learned (the token request's outcome, the probe's answer, the clock) into one CheckResult with
// its cause and fix. RunDoctor (doctor.cpp) gathers the evidence and calls them in order.
// Not part of the module's public face. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/token_provider.hpp"
#include "connections/connection.hpp"
#include "core/result.hpp"
#include "core/time_format.hpp"
#include "doctor/doctor.hpp"

namespace graphpost::doctor::internal {

// Check ids (stable; docs/doctor.md) and titles.
inline constexpr std::string_view kTenantId = "tenant";
inline constexpr std::string_view kAppId = "app";
inline constexpr std::string_view kCredentialId = "credential";
inline constexpr std::string_view kCredentialExpiryId = "credential-expiry";
inline constexpr std::string_view kPermissionsId = "permissions";
inline constexpr std::string_view kMailboxId = "mailbox";
inline constexpr std::string_view kMailboxAccessId = "mailbox-access";
inline constexpr std::string_view kPrimaryAddressId = "primary-address";
inline constexpr std::string_view kTestSendId = "test-send";

// A result with status kSkipped and `cause` saying why; the title comes from the id.
CheckResult Skipped(std::string_view id, std::string cause);
// A result with `status`, `cause` and `fix`; the title comes from the id.
CheckResult Make(std::string_view id, CheckStatus status, std::string cause, std::string fix = "");
// The title of a check id ("The tenant exists"); empty for an unknown id.
std::string_view TitleOf(std::string_view id);
// The remote service's code of `e` ("AADSTS7000215", "ErrorAccessDenied"), else the ErrorCode's
// name ("unavailable"): what a cause quotes.
std::string CodeOf(const Error& e);

// ---- token_checks.cpp: what the token request tells --------------------------------------------
using TokenOutcome = Result<auth::AccessToken>;

// Where a token request stopped: Entra checks the tenant, then the app, then the credential.
enum class TokenStage { kOk, kUnreachable, kTenant, kApp, kCredential, kOther };
TokenStage StageOf(const TokenOutcome& token);
// The number in Error::remote_code "AADSTS<n>"; 0 when there is none.
long AadstsNumber(const Error& e);

CheckResult CheckTenant(const connections::Connection& c, const TokenOutcome& token);
CheckResult CheckApp(const connections::Connection& c, const TokenOutcome& token);
CheckResult CheckCredential(const connections::Connection& c, const TokenOutcome& token);
// From secret_expires_on (client secret) or the certificate's notAfter: expired → fail, within 30
// days → warn, later → pass, unknown → skipped with a hint to record it.
CheckResult CheckCredentialExpiry(const connections::Connection& c, WallTime now);
// The token's roles: none → pass (explaining both readings), tenant-wide mail roles → warn.
CheckResult CheckPermissions(const connections::Connection& c, const TokenOutcome& token);

// True when `roles` holds `role` (exact, as Entra spells it).
bool HasRole(const std::vector<std::string>& roles, std::string_view role);

// ---- mailbox_checks.cpp: what Graph's answer to the probe send tells ---------------------------
enum class ProbeVerdict {
  kAllowed,            // 400 ErrorInvalidRecipients: authorized, nothing sent
  kUnexpectedAccept,   // 2xx: authorized (Graph took a message without recipients)
  kNotAMailbox,        // 404 ErrorInvalidUser (DL, contact, typo, other tenant)
  kNoExchangeMailbox,  // 404 MailboxNotEnabledForRESTAPI (no license, inactive, on-premises)
  kNoPermissions,      // 401 NoPermissionsInAccessToken
  kTokenRejected,      // other 401 (InvalidAuthenticationToken: audience, cloud)
  kOutOfScope,         // 403 ErrorAccessDenied outside an Application Access Policy
  kBlockedByPolicy,    // 403 ErrorAccessDenied "[RAOP]": an Application Access Policy
  kUnavailable,        // 429, 5xx, network: no verdict
  kOther,              // anything else
};
ProbeVerdict ClassifyProbe(const Status& probe);

CheckResult CheckMailbox(const connections::Connection& c, const Status& probe);
// `roles` are the token's, to add "the token has no Mail.Send either" where it helps.
CheckResult CheckMailboxAccess(const connections::Connection& c, const Status& probe,
                               const std::vector<std::string>& roles);
// The fix for a verdict that denies sending (shared with test-send); empty for the others.
std::string AccessFix(const connections::Connection& c, ProbeVerdict verdict);

// Where the mailbox's sending address was learned, e.g. "the directory's mail attribute".
struct SenderEvidence {
  std::string address;
  std::string source;
  // True when the source speaks for this mailbox (the directory, the doctor's own test message);
  // false for a hint (the newest message in Sent Items may have been sent as another address).
  bool confirmed = false;
};
// Compares the User ID with the address mail actually goes out from; `evidence` nullopt →
// skipped with `unknown_why`.
CheckResult CheckPrimaryAddress(const connections::Connection& c,
                                const std::optional<SenderEvidence>& evidence,
                                const std::string& unknown_why);

// ---- test_send.cpp ------------------------------------------------------------------------------
// Sends the test message through `probe` and looks for it in Sent Items (options.find_attempts
// lookups, options.wait between them). `found_from` receives the From of the found message.
CheckResult RunTestSend(const connections::Connection& c, MailboxProbe& probe, Random& random,
                        const DoctorOptions& options, std::optional<std::string>& found_from);

}  // namespace graphpost::doctor::internal
