#include "doctor/send_advice.hpp"

#include "doctor/internal/checks.hpp"
#include "doctor/internal/fix_text.hpp"

namespace graphpost::doctor {
namespace {

using internal::AadstsNumber;

SendAdvice TokenAdvice(const connections::Connection& c, const Error& e) {
  switch (AadstsNumber(e)) {
    case 7000222:
      return {"The client secret of app " + c.client_id + " has expired (AADSTS7000222).",
              internal::NewSecretFix(c)};
    case 7000215:
      return {"The stored client secret is not a valid secret of app " + c.client_id +
                  " (AADSTS7000215).",
              internal::NewSecretFix(c)};
    case 7000112:
      return {"The app " + c.client_id + " is disabled in this tenant (AADSTS7000112).",
              "Enable it: Microsoft Entra ID > Enterprise applications > the app > Properties > "
              "Enabled for users to sign-in = Yes."};
    case 700016:
      return {"No app with client ID " + c.client_id + " exists in tenant " + c.tenant +
                  " (AADSTS700016): it was deleted or the connection names the wrong tenant.",
              "Check " + internal::AppRegistrationPath(c) +
                  "; re-create the connection with "
                  "the right tenant and client ID."};
    default:
      return {e.message, ""};
  }
}

}  // namespace

SendAdvice AdviseOnSendFailure(const connections::Connection& c, const Error& e) {
  if (!e.remote_code.empty() && e.remote_code.rfind("AADSTS", 0) == 0) return TokenAdvice(c, e);
  switch (e.code) {
    case ErrorCode::kUnauthenticated:
      return {"Graph refused the app's token for " + c.user_id + ": " + e.message,
              internal::Step7Commands(c)};
    case ErrorCode::kPermissionDenied:
      return {"The app may not send as " + c.user_id + " (" + e.message + ").",
              internal::ScopeFix(c)};
    case ErrorCode::kNotFound:
      return {"Graph knows no mailbox " + c.user_id + " (" + e.message + ").",
              internal::PrimarySmtpCommand(c)};
    case ErrorCode::kInvalidArgument:
      return {"Graph rejected the message: " + e.message,
              "Correct the message (addresses, headers, size) and submit it again."};
    default:
      return {e.message, ""};
  }
}

SendAdvice AdviseOnDraftRefused(const connections::Connection& c, const Error& e,
                                std::size_t limit_bytes) {
  const std::string limit = std::to_string(limit_bytes / (1024 * 1024)) + " MB";
  return {"Messages over " + limit +
              " are sent as a draft plus upload sessions, which needs Mail.ReadWrite; Graph "
              "refused to create the draft in " +
              c.user_id + " (" + e.message + ").",
          "Give the app Mail.ReadWrite for " + c.user_id +
              ", one of:\n"
              "  a) the Entra application permission (every mailbox in the tenant): " +
              internal::AppRegistrationPath(c) +
              " > API permissions > + Add a permission > Microsoft Graph > Application "
              "permissions > Mail.ReadWrite > Add, then Grant admin consent;\n"
              "  b) the Exchange RBAC role, scoped like Application Mail.Send in Step 7 "
              "(Exchange Online PowerShell):\n"
              "  New-ManagementRoleAssignment -Role \"Application Mail.ReadWrite\" -App " +
              c.client_id +
              " -CustomResourceScope \"<scope>\"\n"
              "(<scope> is the management scope of Step 7; Exchange takes 30 minutes to 2 hours "
              "to apply it.) Then retry the message: graphpost queue retry <id>."};
}

}  // namespace graphpost::doctor
