// sandbox/state/tenant.hpp — the data of one sandbox tenant: Entra directory objects (apps,
// service principals, users, groups) and Exchange Online objects (recipients, RBAC for
// Applications, Application Access Policies). Plain structs, no behaviour beyond lookups; the
// identity, exchange and graph modules own the rules. Thread-compatible: World guards access.
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace graphpost::sandbox {

using WallTime = std::chrono::system_clock::time_point;

// Microsoft Graph's own application (client) id: the resource of every Graph token.
inline constexpr std::string_view kGraphAppId = "00000003-0000-0000-c000-000000000000";
inline constexpr std::string_view kGraphResource = "https://graph.microsoft.com";

enum class PermissionKind { kApplication, kDelegated };

// One entry of an app registration's "API permissions" page.
struct RequiredPermission {
  std::string resource_app_id{kGraphAppId};
  std::string value;  // "Mail.Send"
  PermissionKind kind = PermissionKind::kApplication;
};

// A client secret. Only a SHA-256 hash of the value is kept; the value is shown once.
struct PasswordCredential {
  std::string key_id;  // GUID: the secret's ID (not its value)
  std::string display_name;
  std::string hint;          // first three characters of the value
  std::string value_sha256;  // hex
  WallTime start;
  WallTime end;
};

// A certificate credential (public part only).
struct KeyCredential {
  std::string key_id;
  std::string display_name;
  std::string certificate_pem;
  std::string thumbprint_sha1_hex;  // upper-case hex, as the portal shows it
  std::string x5t;                  // base64url SHA-1 of the DER
  std::string x5t_s256;             // base64url SHA-256 of the DER
  WallTime start;
  WallTime end;
};

// An app registration (Entra "App registrations").
struct Application {
  std::string app_id;     // Application (client) ID
  std::string object_id;  // the registration's Object ID
  std::string display_name;
  std::string sign_in_audience = "AzureADMyOrg";
  std::vector<RequiredPermission> required_permissions;
  std::vector<PasswordCredential> secrets;
  std::vector<KeyCredential> certificates;
  WallTime created;
};

// The app's Enterprise application in this tenant.
struct ServicePrincipal {
  std::string object_id;  // Enterprise application Object ID (the token's oid/sub)
  std::string app_id;
  std::string display_name;
  bool enabled = true;
  // Admin-consented application permissions on Graph (app role assignments), e.g. "Mail.Send".
  std::vector<std::string> granted_app_roles;
};

// RecipientTypeDetails values the sandbox models. kUser is an Entra user with no mailbox.
enum class RecipientType {
  kUserMailbox,
  kSharedMailbox,
  kUser,
  kMailUniversalDistributionGroup,
  kMailUniversalSecurityGroup,
  kMailContact,
};

std::string_view RecipientTypeName(RecipientType type);  // "UserMailbox", ...
std::optional<RecipientType> ParseRecipientType(std::string_view name);
bool HasMailbox(RecipientType type);  // user or shared mailbox
bool IsGroup(RecipientType type);

// A user, mailbox, group or contact. Groups list their direct members by id.
struct Recipient {
  std::string id;  // Entra object id (ExternalDirectoryObjectId)
  RecipientType type = RecipientType::kUserMailbox;
  std::string display_name;
  std::string alias;
  std::string user_principal_name;   // users and mailboxes; empty for groups and contacts
  std::string primary_smtp_address;  // empty for a user without mailbox
  std::vector<std::string> secondary_smtp_addresses;  // aliases (proxy addresses)
  std::string external_email_address;                 // mail contacts: where mail goes
  std::string distinguished_name;
  std::string department;
  std::array<std::string, 15> custom_attributes;  // CustomAttribute1..15
  bool licensed = true;                           // has an Exchange Online license
  std::vector<std::string> member_ids;            // groups: direct members
  std::vector<std::string> send_as_trustee_ids;   // who may send as this recipient
};

// Exchange's pointer to an Entra service principal (New-ServicePrincipal).
struct ExoServicePrincipal {
  std::string identity;  // GUID of the Exchange object
  std::string app_id;
  std::string object_id;  // Entra service principal object id
  std::string display_name;
};

struct ManagementScope {
  std::string id;
  std::string name;
  std::string recipient_filter;  // OPATH, as written
  bool exclusive = false;
};

struct RoleAssignment {
  std::string id;
  std::string name;
  std::string role;                   // "Application Mail.Send"
  std::string app_object_id;          // ExoServicePrincipal.object_id
  std::string custom_resource_scope;  // ManagementScope.name; empty = none
  std::string recipient_group_scope;  // group recipient id; empty = none
  // Both scopes empty: organization-wide.
};

enum class AccessRight { kRestrictAccess, kDenyAccess };

struct ApplicationAccessPolicy {
  std::string id;
  AccessRight access_right = AccessRight::kRestrictAccess;
  std::vector<std::string> app_ids;  // or {"*"}
  std::string scope_group_id;        // recipient id of the PolicyScopeGroupId
  std::string description;
};

struct ExchangeConfig {
  std::vector<ExoServicePrincipal> service_principals;
  std::vector<ManagementScope> scopes;
  std::vector<RoleAssignment> role_assignments;
  std::vector<ApplicationAccessPolicy> access_policies;
};

struct Tenant {
  std::string id;  // Directory (tenant) ID
  std::string display_name;
  std::vector<std::string> domains;  // [0] is the initial *.onmicrosoft.com domain
  std::vector<Application> applications;
  std::vector<ServicePrincipal> service_principals;
  std::vector<Recipient> recipients;
  ExchangeConfig exchange;

  // Lookups return nullptr when absent. Address and domain matching ignore case.
  const Application* FindApplication(std::string_view app_id) const;
  Application* FindApplication(std::string_view app_id);
  const ServicePrincipal* FindServicePrincipalByAppId(std::string_view app_id) const;
  ServicePrincipal* FindServicePrincipalByAppId(std::string_view app_id);
  const Recipient* FindRecipient(std::string_view object_id) const;
  Recipient* FindRecipient(std::string_view object_id);
  // By object id, UPN, primary or secondary SMTP address.
  const Recipient* ResolveRecipient(std::string_view identifier) const;
  bool HasDomain(std::string_view domain) const;
};

}  // namespace graphpost::sandbox
