// The token's roles. RBAC for Applications grants mail rights inside Exchange only, so a token
// without roles is the recommended setup, while a tenant-wide Entra grant makes every Exchange
// scope meaningless (protocol.md §6.3). Never require Mail.Send in the roles (peers.md,
// maester#920).
#include <string>
#include <vector>

#include "doctor/internal/checks.hpp"
#include "doctor/internal/fix_text.hpp"

namespace graphpost::doctor::internal {
namespace {

using connections::Connection;

std::string JoinRoles(const std::vector<std::string>& roles) {
  std::string out;
  for (const std::string& role : roles) out += (out.empty() ? "" : ", ") + role;
  return out;
}

// The mail roles present in `roles` among `candidates`.
std::vector<std::string> Present(const std::vector<std::string>& roles,
                                 std::initializer_list<std::string_view> candidates) {
  std::vector<std::string> out;
  for (std::string_view role : candidates) {
    if (HasRole(roles, role)) out.emplace_back(role);
  }
  return out;
}

CheckResult NoRoles() {
  return Make(kPermissionsId, CheckStatus::kPass,
              "The access token carries no application permissions (no roles claim). That has "
              "two readings: admin consent was never granted (Step 2), or the app is authorized "
              "only through Exchange RBAC for Applications (Step 7), the recommended "
              "least-privilege setup. The mailbox-access check decides which. If admin consent "
              "was granted and the token still has no roles, the permissions were most likely "
              "added as Delegated permissions: Step 2 requires Application permissions.");
}

std::string RemoveGrantFix(const Connection& c, const std::vector<std::string>& granted) {
  return AppRegistrationPath(c) + " > API permissions: remove the application permission(s) " +
         JoinRoles(granted) +
         " (… > Remove permission) and revoke their admin consent. Keep the Exchange RBAC "
         "assignment of Step 7 (or, legacy, an Application Access Policy) so the app can still "
         "use its own mailboxes:\n"
         "  New-ManagementRoleAssignment -Role \"Application Mail.Send\" -App " +
         c.client_id +
         " -CustomResourceScope \"<scope>\"\n"
         "  Test-ServicePrincipalAuthorization -Identity " +
         c.client_id + " -Resource " + c.user_id +
         "\n(Step 2 of the guide grants Mail.Send and Mail.ReadWrite; with Step 7 in "
         "place they are not needed. A new token carries the change.)";
}

}  // namespace

CheckResult CheckPermissions(const Connection& c, const TokenOutcome& token) {
  if (!token) return Skipped(kPermissionsId, "No access token: the credential check failed.");
  const std::vector<std::string>& roles = token->roles;
  if (roles.empty()) return NoRoles();
  std::vector<std::string> send = Present(roles, {"Mail.Send", "Mail.ReadWrite"});
  if (!send.empty()) {
    std::string can = HasRole(roles, "Mail.Send") ? "send as" : "read, change and draft mail in";
    return Make(kPermissionsId, CheckStatus::kWarn,
                "The token carries " + JoinRoles(send) + ": the app has tenant-wide " +
                    JoinRoles(send) +
                    " in Entra ID, so the Exchange management scope restricts nothing: this app "
                    "can " +
                    can +
                    " ANY mailbox in the tenant (only a legacy Application Access "
                    "Policy would narrow it).",
                RemoveGrantFix(c, send));
  }
  std::vector<std::string> read =
      Present(roles, {"Mail.Read", "Mail.ReadBasic", "Mail.ReadBasic.All"});
  if (!read.empty()) {
    return Make(kPermissionsId, CheckStatus::kWarn,
                "The token carries " + JoinRoles(read) + ": the app has tenant-wide " +
                    JoinRoles(read) +
                    " in Entra ID, so it can read ANY mailbox in the tenant, "
                    "whatever the Exchange management scope says.",
                RemoveGrantFix(c, read) +
                    "\nTo let graphpost read its own Sent Items, assign \"Application Mail.Read\" "
                    "in the same scope instead.");
  }
  return Make(kPermissionsId, CheckStatus::kPass,
              "The token carries " + JoinRoles(roles) +
                  " and no tenant-wide mail permission, so sending rests on the Exchange RBAC "
                  "assignment (checked by mailbox-access).");
}

}  // namespace graphpost::doctor::internal
