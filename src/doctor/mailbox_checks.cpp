// What Graph's answer to a probe send (a sendMail with no recipients) says about the mailbox and
// the app's right to use it (protocol.md §4.2, §6.3, §7), and whether the User ID is the address
// mail goes out from.
#include "core/ascii.hpp"
#include "core/ids.hpp"
#include "doctor/internal/checks.hpp"
#include "doctor/internal/fix_text.hpp"

namespace graphpost::doctor::internal {
namespace {

using connections::Connection;

// An Application Access Policy denial is an ErrorAccessDenied like any other; only its message
// ("Access to OData is disabled: [RAOP] ...") tells it apart, so here, and only here, the text
// decides.
bool IsAccessPolicyDenial(const Error& e) {
  return e.message.find("[RAOP]") != std::string::npos ||
         e.message.find("Access to OData is disabled") != std::string::npos;
}

std::string OutOfScopeCause(const Connection& c, const Error& e,
                            const std::vector<std::string>& roles) {
  std::string cause =
      c.user_id + " is out of the app's Exchange scope (403 " + CodeOf(e) +
      "): Exchange has not authorized app " + c.client_id +
      " to send as this mailbox. Usual reasons: the mailbox is not a direct member of the scoped "
      "group (or only of a nested group), the scope filter names the group by e-mail address "
      "instead of its DN, the role assignment is missing, or the change has not reached Graph "
      "yet (30 min - 2 h).";
  if (!roles.empty() && !HasRole(roles, "Mail.Send")) {
    cause += " The token's application permissions do not include Mail.Send either.";
  }
  return cause;
}

// Graph's 401 NoPermissionsInAccessToken has two readings, and right after Step 7 the first one
// named is by far the likelier: Exchange applies a role assignment to Graph 30 minutes to 2 hours
// after it is made, while Test-ServicePrincipalAuthorization reads Exchange itself and already says
// True.
std::string NoPermissionsCause(const std::vector<std::string>& roles) {
  std::string cause =
      "Graph found no mail permission for the app (401 NoPermissionsInAccessToken). Two "
      "readings: (1) Step 7 was done recently and the Exchange role assignment has not reached "
      "Graph yet: that takes 30 minutes to 2 hours, while Test-ServicePrincipalAuthorization "
      "already says InScope = True (it asks Exchange, not Graph); or (2) the app has no mail "
      "permission at all: neither admin consent (Step 2) nor an Exchange role assignment "
      "(Step 7).";
  if (roles.empty()) cause += " The token carries no application permissions.";
  return cause;
}

}  // namespace

ProbeVerdict ClassifyProbe(const Status& probe) {
  if (probe) return ProbeVerdict::kUnexpectedAccept;
  const Error& e = probe.error();
  const std::string& code = e.remote_code;
  if (code == "ErrorInvalidRecipients") return ProbeVerdict::kAllowed;
  if (code == "MailboxNotEnabledForRESTAPI") return ProbeVerdict::kNoExchangeMailbox;
  if (code == "ErrorInvalidUser") return ProbeVerdict::kNotAMailbox;
  if (code == "NoPermissionsInAccessToken") return ProbeVerdict::kNoPermissions;
  switch (e.code) {
    case ErrorCode::kUnauthenticated:
      return ProbeVerdict::kTokenRejected;
    case ErrorCode::kPermissionDenied:
      return IsAccessPolicyDenial(e) ? ProbeVerdict::kBlockedByPolicy : ProbeVerdict::kOutOfScope;
    case ErrorCode::kNotFound:
      return ProbeVerdict::kNotAMailbox;
    default:
      return IsRetryable(e) ? ProbeVerdict::kUnavailable : ProbeVerdict::kOther;
  }
}

CheckResult CheckMailbox(const Connection& c, const Status& probe) {
  switch (ClassifyProbe(probe)) {
    case ProbeVerdict::kNotAMailbox:
      return Make(kMailboxId, CheckStatus::kFail,
                  "'" + c.user_id + "' is not a mailbox (404 " + CodeOf(probe.error()) +
                      "): it is a distribution list, a mail contact, an address of another "
                      "tenant, or a typo.",
                  "Step 5: this must list the mailbox:\n  Get-Mailbox " + c.user_id +
                      "\nIf it returns nothing, set the connection's User ID to the primary SMTP "
                      "address of a user or shared mailbox (Step 6: Get-Mailbox <address> | "
                      "Format-List PrimarySmtpAddress).");
    case ProbeVerdict::kNoExchangeMailbox:
      return Make(kMailboxId, CheckStatus::kFail,
                  "'" + c.user_id +
                      "' is a user without an Exchange Online mailbox (404 "
                      "MailboxNotEnabledForRESTAPI): no Exchange Online license, or the mailbox is "
                      "inactive, soft-deleted or on-premises.",
                  "Assign the user a license that includes Exchange Online (Microsoft 365 admin "
                  "center > Users > Active users > " +
                      c.user_id +
                      " > Licenses and apps), or "
                      "send from a shared mailbox, which needs no license. Step 5: Get-Mailbox " +
                      c.user_id + " must list it.");
    case ProbeVerdict::kAllowed:
    case ProbeVerdict::kUnexpectedAccept:
    case ProbeVerdict::kOutOfScope:
    case ProbeVerdict::kBlockedByPolicy:
      return Make(kMailboxId, CheckStatus::kPass,
                  "Graph found the mailbox " + c.user_id +
                      " (it looks the mailbox up before it "
                      "authorizes the app).");
    default:
      return Skipped(kMailboxId,
                     "Graph refused the request before looking up the mailbox; see "
                     "mailbox-access.");
  }
}

std::string AccessFix(const Connection& c, ProbeVerdict verdict) {
  switch (verdict) {
    case ProbeVerdict::kOutOfScope:
      return ScopeFix(c);
    case ProbeVerdict::kBlockedByPolicy:
      return AccessPolicyFix(c);
    case ProbeVerdict::kNoPermissions:
      return "First ask Exchange whether the assignment exists:\n  "
             "Test-ServicePrincipalAuthorization -Identity " +
             c.client_id + " -Resource " + c.user_id +
             "\nIf it lists \"Application Mail.Send\" with InScope = True, nothing is missing: "
             "wait (up to 2 hours after Step 7) and run this test again. Otherwise do Step 7:\n" +
             Step7Commands(c) +
             "\n(The alternative, admin consent for the Application permission Mail.Send in "
             "Step 2, lets the app send as every mailbox in the tenant.)";
    case ProbeVerdict::kTokenRejected:
      return "Make the connection's Graph URL belong to the same cloud as its sign-in URL. " +
             CloudHint(c);
    case ProbeVerdict::kUnavailable:
      return "Run the test again later. If it persists, check that this machine reaches Graph "
             "over HTTPS. " +
             CloudHint(c);
    default:
      return "";
  }
}

CheckResult CheckMailboxAccess(const Connection& c, const Status& probe,
                               const std::vector<std::string>& roles) {
  ProbeVerdict verdict = ClassifyProbe(probe);
  std::string fix = AccessFix(c, verdict);
  switch (verdict) {
    case ProbeVerdict::kAllowed:
      return Make(kMailboxAccessId, CheckStatus::kPass,
                  "The app may send as " + c.user_id +
                      ": a probe send without recipients got "
                      "400 ErrorInvalidRecipients, which Graph answers only after authorizing the "
                      "mailbox (nothing was sent).");
    case ProbeVerdict::kUnexpectedAccept:
      return Make(kMailboxAccessId, CheckStatus::kPass,
                  "The app may send as " + c.user_id +
                      ": Graph accepted a probe message without "
                      "recipients (202), so nothing can be delivered.");
    case ProbeVerdict::kNotAMailbox:
    case ProbeVerdict::kNoExchangeMailbox:
      return Skipped(kMailboxAccessId, "There is no mailbox to authorize; see the mailbox check.");
    case ProbeVerdict::kOutOfScope:
      return Make(kMailboxAccessId, CheckStatus::kFail, OutOfScopeCause(c, probe.error(), roles),
                  fix);
    case ProbeVerdict::kBlockedByPolicy:
      return Make(kMailboxAccessId, CheckStatus::kFail,
                  c.user_id + " is blocked by an Application Access Policy (403 " +
                      CodeOf(probe.error()) +
                      ", [RAOP]): the app's tenant-wide Entra grant is "
                      "restricted to a group this mailbox is not in.",
                  fix);
    case ProbeVerdict::kNoPermissions:
      return Make(kMailboxAccessId, CheckStatus::kFail, NoPermissionsCause(roles), fix);
    case ProbeVerdict::kTokenRejected:
      return Make(kMailboxAccessId, CheckStatus::kFail,
                  "Graph rejected the access token (401 " + CodeOf(probe.error()) +
                      "): " + probe.error().message,
                  fix);
    case ProbeVerdict::kUnavailable:
      return Make(
          kMailboxAccessId, CheckStatus::kFail,
          "Could not be checked: Graph did not give an answer (" + probe.error().message + ").",
          fix);
    default:
      return Make(kMailboxAccessId, CheckStatus::kFail,
                  "Graph refused the probe send: " + probe.error().message,
                  "Compare the connection with Steps 5-7 of the setup guide.");
  }
}

CheckResult CheckPrimaryAddress(const Connection& c, const std::optional<SenderEvidence>& evidence,
                                const std::string& unknown_why) {
  if (!evidence) {
    return Make(kPrimaryAddressId, CheckStatus::kSkipped,
                "Could not learn the address mail goes out from: " + unknown_why,
                "Check by hand that this prints " + c.user_id + ":\n  " + PrimarySmtpCommand(c) +
                    "\n(The doctor checks it itself when the token has User.Read.All, or with "
                    "--send-test-to.)");
  }
  const std::string per = " (per " + evidence->source + ").";
  if (AsciiIEquals(evidence->address, c.user_id)) {
    return Make(kPrimaryAddressId, CheckStatus::kPass,
                "Mail goes out from " + c.user_id + ", the User ID" + per);
  }
  if (IsGuid(c.user_id)) {
    return Make(
        kPrimaryAddressId, CheckStatus::kPass,
        "The User ID is the mailbox's object ID; mail goes out from " + evidence->address + per);
  }
  if (!evidence->confirmed) {
    return Make(kPrimaryAddressId, CheckStatus::kWarn,
                "The newest message in Sent Items went out from " + evidence->address +
                    ", not from the User ID " + c.user_id +
                    ": the User ID may be an alias, or "
                    "that message was sent as another address. The doctor cannot tell which "
                    "without User.Read.All (directory lookup) or --send-test-to.",
                "Step 6: run\n  " + PrimarySmtpCommand(c) +
                    "\nIf it prints an address other than " + c.user_id +
                    ", set the connection's User ID to that address.");
  }
  return Make(
      kPrimaryAddressId, CheckStatus::kWarn,
      "The User ID " + c.user_id + " is an alias: mail is sent from " + evidence->address + per,
      "Step 6: set the connection's User ID to the primary SMTP address, which this prints:\n  " +
          PrimarySmtpCommand(c) + "\n(" + evidence->source + " says " + evidence->address + ".)");
}

}  // namespace graphpost::doctor::internal
