// API permissions (Microsoft Graph only) and admin consent.
#include <algorithm>
#include <array>

#include "core/ascii.hpp"
#include "sandbox/identity/directory_admin.hpp"
#include "sandbox/identity/internal/directory_lookup.hpp"

namespace graphpost::sandbox::identity {
namespace {

constexpr PermissionKind kApp = PermissionKind::kApplication;
constexpr PermissionKind kUser = PermissionKind::kDelegated;

constexpr std::array kCatalogue{
    GraphPermission{"Mail.Send", kApp, "Send mail as any user"},
    GraphPermission{"Mail.ReadWrite", kApp, "Read and write mail in all mailboxes"},
    GraphPermission{"Mail.Read", kApp, "Read mail in all mailboxes"},
    GraphPermission{"Mail.ReadBasic", kApp, "Read basic mail in all mailboxes"},
    GraphPermission{"Mail.ReadBasic.All", kApp, "Read basic mail in all mailboxes"},
    GraphPermission{"User.Read.All", kApp, "Read all users' full profiles"},
    GraphPermission{"User.ReadBasic.All", kApp, "Read all users' basic profiles"},
    GraphPermission{"MailboxSettings.Read", kApp, "Read all user mailbox settings"},
    GraphPermission{"MailboxSettings.ReadWrite", kApp, "Read and write all user mailbox settings"},
    GraphPermission{"Calendars.Read", kApp, "Read calendars in all mailboxes"},
    GraphPermission{"Calendars.ReadWrite", kApp, "Read and write calendars in all mailboxes"},
    GraphPermission{"Contacts.Read", kApp, "Read contacts in all mailboxes"},
    GraphPermission{"Contacts.ReadWrite", kApp, "Read and write contacts in all mailboxes"},
    GraphPermission{"Group.Read.All", kApp, "Read all groups"},
    GraphPermission{"Directory.Read.All", kApp, "Read directory data"},
    GraphPermission{"Mail.Send", kUser, "Send mail as a user"},
    GraphPermission{"Mail.Send.Shared", kUser, "Send mail on behalf of others"},
    GraphPermission{"Mail.ReadWrite", kUser, "Read and write access to user mail"},
    GraphPermission{"Mail.ReadWrite.Shared", kUser, "Read and write user and shared mail"},
    GraphPermission{"Mail.Read", kUser, "Read user mail"},
    GraphPermission{"Mail.Read.Shared", kUser, "Read user and shared mail"},
    GraphPermission{"Mail.ReadBasic", kUser, "Read user basic mail"},
    GraphPermission{"MailboxSettings.Read", kUser, "Read user mailbox settings"},
    GraphPermission{"MailboxSettings.ReadWrite", kUser, "Read and write user mailbox settings"},
    GraphPermission{"Calendars.ReadWrite", kUser, "Have full access to user calendars"},
    GraphPermission{"User.Read", kUser, "Sign in and read user profile"},
    GraphPermission{"User.ReadBasic.All", kUser, "Read all users' basic profiles"},
    GraphPermission{"SMTP.Send", kUser, "Send emails from mailboxes using SMTP AUTH"},
    GraphPermission{"IMAP.AccessAsUser.All", kUser, "Read and write access to mailboxes via IMAP"},
    GraphPermission{"offline_access", kUser, "Maintain access to data you have given it access to"},
    GraphPermission{"openid", kUser, "Sign users in"},
    GraphPermission{"profile", kUser, "View users' basic profile"},
    GraphPermission{"email", kUser, "View users' email address"},
};

std::string_view KindName(PermissionKind kind) {
  return kind == kApp ? "an application" : "a delegated";
}

const GraphPermission* Lookup(std::string_view value, PermissionKind kind) {
  auto it = std::find_if(kCatalogue.begin(), kCatalogue.end(), [&](const GraphPermission& p) {
    return p.kind == kind && AsciiIEquals(p.value, value);
  });
  return it == kCatalogue.end() ? nullptr : &*it;
}

Error UnknownPermission(std::string_view value, PermissionKind kind) {
  PermissionKind other = kind == kApp ? kUser : kApp;
  std::string message = "'" + std::string(value) + "' is not " + std::string(KindName(kind)) +
                        " permission of Microsoft Graph";
  if (Lookup(value, other) != nullptr) {
    message += "; it exists only as " + std::string(KindName(other)) + " permission";
    if (kind == kApp) message += ", which an app-only (client credentials) token never carries";
  }
  return Error{ErrorCode::kInvalidArgument, message, std::nullopt};
}

bool IsGraphPermission(const RequiredPermission& p, std::string_view value, PermissionKind kind) {
  return AsciiIEquals(p.resource_app_id, kGraphAppId) && p.kind == kind &&
         AsciiIEquals(p.value, value);
}

}  // namespace

std::span<const GraphPermission> GraphPermissionCatalogue() { return kCatalogue; }

Status AddPermission(Tenant& tenant, std::string_view app_id, std::string_view value,
                     PermissionKind kind) {
  auto app = internal::FindApp(tenant, app_id);
  if (!app) return Fail(app.error());
  const GraphPermission* known = Lookup(TrimAscii(value), kind);
  if (known == nullptr) return Fail(UnknownPermission(TrimAscii(value), kind));
  auto& configured = (*app)->required_permissions;
  if (std::any_of(configured.begin(), configured.end(), [&](const RequiredPermission& p) {
        return IsGraphPermission(p, known->value, kind);
      })) {
    return Fail(ErrorCode::kAlreadyExists,
                "Microsoft Graph " + std::string(known->value) + " (" +
                    std::string(kind == kApp ? "Application" : "Delegated") +
                    ") is already configured");
  }
  configured.push_back(
      RequiredPermission{std::string(kGraphAppId), std::string(known->value), kind});
  return Ok();
}

Status RemovePermission(Tenant& tenant, std::string_view app_id, std::string_view value,
                        std::optional<PermissionKind> kind) {
  auto app = internal::FindApp(tenant, app_id);
  if (!app) return Fail(app.error());
  std::size_t removed =
      std::erase_if((*app)->required_permissions, [&](const RequiredPermission& p) {
        return AsciiIEquals(p.resource_app_id, kGraphAppId) &&
               AsciiIEquals(p.value, TrimAscii(value)) && (!kind || p.kind == *kind);
      });
  if (removed == 0) {
    return Fail(ErrorCode::kNotFound, "Microsoft Graph permission '" + std::string(value) +
                                          "' is not configured on app '" + (*app)->display_name +
                                          "'");
  }
  return Ok();
}

Status GrantAdminConsent(Tenant& tenant, std::string_view app_id) {
  auto app = internal::FindApp(tenant, app_id);
  if (!app) return Fail(app.error());
  auto sp = internal::FindEnterpriseApp(tenant, **app);
  if (!sp) return Fail(sp.error());
  std::vector<std::string> roles;
  for (const RequiredPermission& p : (*app)->required_permissions) {
    if (p.kind == kApp && AsciiIEquals(p.resource_app_id, kGraphAppId)) roles.push_back(p.value);
  }
  (*sp)->granted_app_roles = std::move(roles);
  return Ok();
}

Status RevokeAdminConsent(Tenant& tenant, std::string_view app_id) {
  auto app = internal::FindApp(tenant, app_id);
  if (!app) return Fail(app.error());
  auto sp = internal::FindEnterpriseApp(tenant, **app);
  if (!sp) return Fail(sp.error());
  (*sp)->granted_app_roles.clear();
  return Ok();
}

Status RevokeAppRole(Tenant& tenant, std::string_view app_id, std::string_view value) {
  auto app = internal::FindApp(tenant, app_id);
  if (!app) return Fail(app.error());
  auto sp = internal::FindEnterpriseApp(tenant, **app);
  if (!sp) return Fail(sp.error());
  auto& roles = (*sp)->granted_app_roles;
  auto erased = std::erase_if(roles, [&](const std::string& r) { return AsciiIEquals(r, value); });
  if (erased == 0) {
    return Fail(ErrorCode::kNotFound, "the app role '" + std::string(value) +
                                          "' is not granted to the enterprise app of '" +
                                          (*app)->display_name + "'");
  }
  return Ok();
}

}  // namespace graphpost::sandbox::identity
