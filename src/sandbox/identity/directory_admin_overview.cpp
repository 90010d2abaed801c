// The app's Overview, API permissions and Certificates & secrets pages, as a value and as JSON.
#include <algorithm>

#include <boost/json/array.hpp>

#include "core/ascii.hpp"
#include "core/time_format.hpp"
#include "sandbox/identity/directory_admin.hpp"
#include "sandbox/identity/internal/directory_lookup.hpp"

namespace graphpost::sandbox::identity {
namespace {

namespace json = boost::json;

bool Contains(const std::vector<std::string>& items, std::string_view value) {
  return std::any_of(items.begin(), items.end(),
                     [&](const std::string& s) { return AsciiIEquals(s, value); });
}

std::vector<PermissionStatus> Permissions(const Application& app, const ServicePrincipal* sp) {
  static const std::vector<std::string> kNone;
  const std::vector<std::string>& granted = sp ? sp->granted_app_roles : kNone;
  std::vector<PermissionStatus> out;
  for (const RequiredPermission& p : app.required_permissions) {
    ConsentState consent = p.kind == PermissionKind::kDelegated ? ConsentState::kNotApplicable
                           : Contains(granted, p.value)         ? ConsentState::kGranted
                                                                : ConsentState::kNotGranted;
    out.push_back(PermissionStatus{p.value, p.kind, true, consent});
  }
  // "Other permissions granted for <tenant>": consented, since removed from the registration.
  for (const std::string& role : granted) {
    bool configured = std::any_of(out.begin(), out.end(), [&](const PermissionStatus& s) {
      return s.kind == PermissionKind::kApplication && AsciiIEquals(s.value, role);
    });
    if (!configured) {
      out.push_back(
          PermissionStatus{role, PermissionKind::kApplication, false, ConsentState::kGranted});
    }
  }
  return out;
}

std::string_view ConsentName(ConsentState state) {
  switch (state) {
    case ConsentState::kGranted:
      return "Granted";
    case ConsentState::kNotGranted:
      return "Not granted";
    case ConsentState::kNotApplicable:
      return "Not applicable";
  }
  return "Not granted";
}

json::array CredentialsJson(const std::vector<CredentialSummary>& items, std::string_view key) {
  json::array out;
  for (const CredentialSummary& c : items) {
    out.push_back(json::object{{"keyId", c.key_id},
                               {"displayName", c.display_name},
                               {key, c.hint_or_thumbprint},
                               {"startDateTime", FormatIso8601(c.start)},
                               {"endDateTime", FormatIso8601(c.end)},
                               {"expired", c.expired}});
  }
  return out;
}

}  // namespace

Result<ApplicationDescription> DescribeApplication(const Tenant& tenant, std::string_view app_id,
                                                   WallTime now) {
  auto found = internal::FindApp(tenant, app_id);
  if (!found) return Fail(found.error());
  const Application& app = **found;
  const ServicePrincipal* sp = tenant.FindServicePrincipalByAppId(app.app_id);
  ApplicationDescription d;
  d.display_name = app.display_name;
  d.app_id = app.app_id;
  d.tenant_id = tenant.id;
  d.object_id = app.object_id;
  d.service_principal_id = sp ? sp->object_id : "";
  d.enabled = sp != nullptr && sp->enabled;
  d.sign_in_audience = app.sign_in_audience;
  d.permissions = Permissions(app, sp);
  for (const PasswordCredential& s : app.secrets) {
    d.secrets.push_back({s.key_id, s.display_name, s.hint, s.start, s.end, s.end < now});
  }
  for (const KeyCredential& k : app.certificates) {
    d.certificates.push_back(
        {k.key_id, k.display_name, k.thumbprint_sha1_hex, k.start, k.end, k.end < now});
  }
  return d;
}

json::object DescriptionToJson(const ApplicationDescription& d) {
  json::array permissions;
  for (const PermissionStatus& p : d.permissions) {
    permissions.push_back(
        json::object{{"resource", "Microsoft Graph"},
                     {"value", p.value},
                     {"type", p.kind == PermissionKind::kApplication ? "Application" : "Delegated"},
                     {"configured", p.configured},
                     {"status", ConsentName(p.consent)}});
  }
  json::object out;
  out["displayName"] = d.display_name;
  out["appId"] = d.app_id;
  out["tenantId"] = d.tenant_id;
  out["objectId"] = d.object_id;
  out["servicePrincipalObjectId"] = d.service_principal_id;
  out["enabled"] = d.enabled;
  out["signInAudience"] = d.sign_in_audience;
  out["permissions"] = std::move(permissions);
  out["secrets"] = CredentialsJson(d.secrets, "hint");
  out["certificates"] = CredentialsJson(d.certificates, "thumbprint");
  return out;
}

}  // namespace graphpost::sandbox::identity
