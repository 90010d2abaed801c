// sandbox/identity/directory_admin.hpp — the Entra admin portal steps as functions on the data
// model: tenants and domains, app registrations (with their enterprise apps), Microsoft Graph API
// permissions and admin consent, client secrets, certificates, enable/disable, delete, and users.
// Each returns a Result whose message says what was wrong and how to put it right.
// Not thread-safe: callers hold World::mu and bump World::version after a successful change.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/random.hpp"
#include "core/result.hpp"
#include "core/secret.hpp"
#include "sandbox/state/world.hpp"

namespace graphpost::sandbox::identity {

// --- Tenants ----------------------------------------------------------------------------------

// Adds a tenant with a new GUID and the initial domain "<prefix>.onmicrosoft.com" (prefix: 1-27
// letters or digits, stored lower-case). Returns the tenant id. kInvalidArgument for an empty
// display name or a bad prefix; kAlreadyExists when the domain is taken.
[[nodiscard]] Result<std::string> CreateTenant(World& world, std::string display_name,
                                               std::string_view initial_domain_prefix,
                                               Random& random);

// Adds a custom (verified) domain to `tenant`, which must be in `world`. kInvalidArgument for a
// name that is not a DNS name or is under onmicrosoft.com; kAlreadyExists when any tenant has it.
[[nodiscard]] Status AddDomain(World& world, Tenant& tenant, std::string_view domain);

// --- App registrations ------------------------------------------------------------------------

struct RegisteredApplication {
  std::string app_id;                // Application (client) ID
  std::string object_id;             // the registration's Object ID
  std::string service_principal_id;  // the Enterprise application's Object ID
};

// Registers a single-tenant app and creates its enterprise app (service principal), as the
// portal does. Display names may repeat, as in Entra. kInvalidArgument for an empty name.
[[nodiscard]] Result<RegisteredApplication> RegisterApplication(Tenant& tenant,
                                                                std::string display_name,
                                                                Random& random, WallTime now);

// Creates the enterprise app (service principal) of a registration that has none, as
// New-MgServicePrincipal -AppId does for an app registered through the API; returns its object ID.
// kNotFound for an unknown app; kAlreadyExists when the app has one.
[[nodiscard]] Result<std::string> CreateServicePrincipal(Tenant& tenant, std::string_view app_id,
                                                         Random& random);

// "Enabled for users to sign-in?" of the enterprise app. kNotFound for an unknown app;
// kFailedPrecondition when the app has no enterprise app.
[[nodiscard]] Status SetApplicationEnabled(Tenant& tenant, std::string_view app_id, bool enabled);

// Deletes the registration and its enterprise app, and (protocol.md §6.1) Exchange's pointer to
// the service principal and that pointer's role assignments; management scopes stay.
// kNotFound for an unknown app.
[[nodiscard]] Status DeleteApplication(Tenant& tenant, std::string_view app_id);

// --- API permissions and consent --------------------------------------------------------------

struct GraphPermission {
  std::string_view value;  // "Mail.Send"
  PermissionKind kind;
  std::string_view description;
};

// The Microsoft Graph permissions the sandbox knows, application ones first.
std::span<const GraphPermission> GraphPermissionCatalogue();

// Adds a Microsoft Graph permission to the registration (not yet consented). The value is
// matched ignoring case and stored as the catalogue spells it. kInvalidArgument for a value the
// catalogue lacks for that kind (the message says when it exists only as the other kind);
// kAlreadyExists when already configured; kNotFound for an unknown app.
[[nodiscard]] Status AddPermission(Tenant& tenant, std::string_view app_id, std::string_view value,
                                   PermissionKind kind);

// Removes a configured permission (of `kind`, or of either kind when nullopt). As in Entra,
// consent already granted stays until revoked. kNotFound when the app or permission is absent.
[[nodiscard]] Status RemovePermission(Tenant& tenant, std::string_view app_id,
                                      std::string_view value,
                                      std::optional<PermissionKind> kind = std::nullopt);

// "Grant admin consent for <tenant>": the enterprise app's granted app roles become exactly the
// registration's application permissions on Graph. Delegated permissions never become roles.
// kNotFound for an unknown app; kFailedPrecondition without an enterprise app.
[[nodiscard]] Status GrantAdminConsent(Tenant& tenant, std::string_view app_id);

// Removes every granted app role. Same errors as GrantAdminConsent.
[[nodiscard]] Status RevokeAdminConsent(Tenant& tenant, std::string_view app_id);

// Removes the one granted app role `value` (matched ignoring case), as deleting a single app role
// assignment of the Enterprise application does (Remove-MgServicePrincipalAppRoleAssignment); the
// other grants stay. kNotFound for an unknown app or a role that is not granted;
// kFailedPrecondition without an enterprise app.
[[nodiscard]] Status RevokeAppRole(Tenant& tenant, std::string_view app_id, std::string_view value);

// --- Credentials ------------------------------------------------------------------------------

struct CreatedClientSecret {
  std::string key_id;  // the secret's ID (not its value)
  Secret value;        // shown once; only its SHA-256 is stored
  std::string hint;    // first three characters, as the portal lists it
  WallTime start;
  WallTime end;
};

// New client secret valid from `now` to `end`: 40 characters in Entra's style ("xxx8Q~..."),
// stored as a SHA-256 hex digest. kInvalidArgument when `end` is not after `now`; kNotFound for
// an unknown app.
[[nodiscard]] Result<CreatedClientSecret> AddClientSecret(Tenant& tenant, std::string_view app_id,
                                                          std::string display_name, WallTime end,
                                                          Random& random, WallTime now);

// kNotFound when the app or the secret (by key id) is absent.
[[nodiscard]] Status RemoveClientSecret(Tenant& tenant, std::string_view app_id,
                                        std::string_view key_id);

// Uploads a certificate (public part only; PEM). Thumbprints and validity come from the
// certificate; an empty display name becomes "CN=<subject>". Returns the stored credential.
// kInvalidArgument when the text holds no certificate or holds a private key (which must stay
// with the client); kAlreadyExists when the app has that certificate; kNotFound for an unknown app.
[[nodiscard]] Result<KeyCredential> AddCertificate(Tenant& tenant, std::string_view app_id,
                                                   std::string_view pem, std::string display_name,
                                                   Random& random);

// By key id or SHA-1 thumbprint (hex, any case). kNotFound when absent.
[[nodiscard]] Status RemoveCertificate(Tenant& tenant, std::string_view app_id,
                                       std::string_view key_id_or_thumbprint);

// --- Overview ---------------------------------------------------------------------------------

enum class ConsentState {
  kGranted,        // "Granted for <tenant>"
  kNotGranted,     // "Not granted for <tenant>"
  kNotApplicable,  // delegated: never part of an app-only (client credentials) token
};

struct PermissionStatus {
  std::string value;
  PermissionKind kind = PermissionKind::kApplication;
  bool configured = true;  // false: granted earlier, since removed from the registration
  ConsentState consent = ConsentState::kNotGranted;
};

struct CredentialSummary {
  std::string key_id;
  std::string display_name;
  std::string hint_or_thumbprint;  // secrets: value hint; certificates: SHA-1 thumbprint
  WallTime start;
  WallTime end;
  bool expired = false;
};

struct ApplicationDescription {
  std::string display_name;
  std::string app_id;
  std::string tenant_id;
  std::string object_id;             // app registration
  std::string service_principal_id;  // enterprise application; empty when missing
  bool enabled = false;
  std::string sign_in_audience;
  std::vector<PermissionStatus> permissions;
  std::vector<CredentialSummary> secrets;
  std::vector<CredentialSummary> certificates;
};

// The Overview, API permissions and Certificates & secrets pages in one value.
// kNotFound for an unknown app.
[[nodiscard]] Result<ApplicationDescription> DescribeApplication(const Tenant& tenant,
                                                                 std::string_view app_id,
                                                                 WallTime now);

// camelCase JSON (displayName, appId, tenantId, objectId, servicePrincipalObjectId, enabled,
// signInAudience, permissions[{value,type,configured,status}], secrets[...], certificates[...]).
boost::json::object DescriptionToJson(const ApplicationDescription& description);

// --- Users ------------------------------------------------------------------------------------

// Creates an Entra user. Licensed: a UserMailbox whose primary SMTP address is the UPN;
// unlicensed: a User without mailbox. Returns the object id. kInvalidArgument for a malformed
// UPN or one outside the tenant's domains; kAlreadyExists when a recipient has that address.
[[nodiscard]] Result<std::string> AddUser(Tenant& tenant, std::string_view user_principal_name,
                                          std::string display_name, bool licensed, Random& random);

// Assigns or removes the Exchange Online license of a user (by id, UPN or address). Licensing a
// mailbox-less user gives it a mailbox; unlicensing keeps the mailbox but disables it (Graph
// then answers MailboxNotEnabledForRESTAPI). kNotFound for an unknown user; kFailedPrecondition
// for a shared mailbox, group or contact (they take no license).
[[nodiscard]] Status SetUserLicense(Tenant& tenant, std::string_view user, bool licensed);

// "CN=<alias>,OU=<initial domain>,OU=Microsoft Exchange Hosted Organizations,DC=NAMPR00A001,
// DC=prod,DC=outlook,DC=com".
std::string MailboxDistinguishedName(const Tenant& tenant, std::string_view alias);

}  // namespace graphpost::sandbox::identity
