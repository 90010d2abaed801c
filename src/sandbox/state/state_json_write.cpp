// Writing half of state_json.hpp: the persisted form keeps every id and hash.
#include <boost/json.hpp>

#include "core/time_format.hpp"
#include "sandbox/state/state_json.hpp"

namespace graphpost::sandbox {
namespace {

namespace json = boost::json;

json::array Strings(const std::vector<std::string>& v) {
  json::array out;
  for (const auto& s : v) out.emplace_back(s);
  return out;
}

json::object ApplicationJson(const Application& a) {
  json::array perms, secrets, certs;
  for (const auto& p : a.required_permissions) {
    perms.push_back(
        {{"resourceAppId", p.resource_app_id},
         {"value", p.value},
         {"type", p.kind == PermissionKind::kApplication ? "Application" : "Delegated"}});
  }
  for (const auto& s : a.secrets) {
    secrets.push_back({{"keyId", s.key_id},
                       {"displayName", s.display_name},
                       {"hint", s.hint},
                       {"valueSha256", s.value_sha256},
                       {"startDateTime", FormatIso8601(s.start)},
                       {"endDateTime", FormatIso8601(s.end)}});
  }
  for (const auto& k : a.certificates) {
    certs.push_back({{"keyId", k.key_id},
                     {"displayName", k.display_name},
                     {"certificatePem", k.certificate_pem},
                     {"thumbprint", k.thumbprint_sha1_hex},
                     {"x5t", k.x5t},
                     {"x5tS256", k.x5t_s256},
                     {"startDateTime", FormatIso8601(k.start)},
                     {"endDateTime", FormatIso8601(k.end)}});
  }
  return {{"appId", a.app_id},
          {"objectId", a.object_id},
          {"displayName", a.display_name},
          {"signInAudience", a.sign_in_audience},
          {"createdDateTime", FormatIso8601(a.created)},
          {"requiredPermissions", perms},
          {"passwordCredentials", secrets},
          {"keyCredentials", certs}};
}

json::object RecipientJson(const Recipient& r) {
  json::object o{{"id", r.id},
                 {"recipientTypeDetails", RecipientTypeName(r.type)},
                 {"displayName", r.display_name},
                 {"alias", r.alias},
                 {"userPrincipalName", r.user_principal_name},
                 {"primarySmtpAddress", r.primary_smtp_address},
                 {"emailAddresses", Strings(r.secondary_smtp_addresses)},
                 {"externalEmailAddress", r.external_email_address},
                 {"distinguishedName", r.distinguished_name},
                 {"department", r.department},
                 {"licensed", r.licensed},
                 {"members", Strings(r.member_ids)},
                 {"sendAsTrustees", Strings(r.send_as_trustee_ids)}};
  for (int i = 0; i < 15; ++i) {
    if (!r.custom_attributes[i].empty()) {
      o["customAttribute" + std::to_string(i + 1)] = r.custom_attributes[i];
    }
  }
  return o;
}

json::object ExchangeJson(const ExchangeConfig& x) {
  json::array sps, scopes, assignments, policies;
  for (const auto& s : x.service_principals) {
    sps.push_back({{"identity", s.identity},
                   {"appId", s.app_id},
                   {"objectId", s.object_id},
                   {"displayName", s.display_name}});
  }
  for (const auto& s : x.scopes) {
    scopes.push_back({{"id", s.id},
                      {"name", s.name},
                      {"recipientRestrictionFilter", s.recipient_filter},
                      {"exclusive", s.exclusive}});
  }
  for (const auto& a : x.role_assignments) {
    assignments.push_back({{"id", a.id},
                           {"name", a.name},
                           {"role", a.role},
                           {"app", a.app_object_id},
                           {"customResourceScope", a.custom_resource_scope},
                           {"recipientGroupScope", a.recipient_group_scope}});
  }
  for (const auto& p : x.access_policies) {
    policies.push_back(
        {{"id", p.id},
         {"accessRight",
          p.access_right == AccessRight::kDenyAccess ? "DenyAccess" : "RestrictAccess"},
         {"appIds", Strings(p.app_ids)},
         {"policyScopeGroupId", p.scope_group_id},
         {"description", p.description}});
  }
  return {{"servicePrincipals", sps},
          {"managementScopes", scopes},
          {"roleAssignments", assignments},
          {"applicationAccessPolicies", policies}};
}

json::object TenantJson(const Tenant& t) {
  json::array apps, sps, recipients;
  for (const auto& a : t.applications) apps.push_back(ApplicationJson(a));
  for (const auto& s : t.service_principals) {
    sps.push_back({{"objectId", s.object_id},
                   {"appId", s.app_id},
                   {"displayName", s.display_name},
                   {"accountEnabled", s.enabled},
                   {"appRoles", Strings(s.granted_app_roles)}});
  }
  for (const auto& r : t.recipients) recipients.push_back(RecipientJson(r));
  return {{"id", t.id},
          {"displayName", t.display_name},
          {"domains", Strings(t.domains)},
          {"applications", apps},
          {"servicePrincipals", sps},
          {"recipients", recipients},
          {"exchange", ExchangeJson(t.exchange)}};
}

}  // namespace

json::value TenantsToJson(const std::vector<Tenant>& tenants) {
  json::array out;
  for (const auto& t : tenants) out.push_back(TenantJson(t));
  return json::object{{"tenants", out}};
}

std::string NewClientSecretValue(Random& random) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
  std::string value;
  for (int i = 0; i < 40; ++i) {
    value.push_back(kAlphabet[random.Uniform(0, sizeof(kAlphabet) - 2)]);
  }
  value[3] = '8';
  value[4] = 'Q';
  value[5] = '~';
  return value;
}

}  // namespace graphpost::sandbox
