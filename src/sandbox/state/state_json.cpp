#include "sandbox/state/state_json.hpp"

#include <set>

#include <boost/json.hpp>

#include "core/ascii.hpp"
#include "core/ids.hpp"
#include "core/time_format.hpp"
#include "crypto/digest.hpp"

namespace graphpost::sandbox {
namespace {

namespace json = boost::json;

// Reads fields of one JSON object and remembers the first problem, with its path. A key that was
// never asked for is a problem too (reported when the Reader goes out of scope): data the
// sandbox would silently drop.
class Reader {
 public:
  Reader(const json::value& v, std::string path, std::string* error)
      : obj_(v.if_object()), path_(std::move(path)), error_(error) {
    if (obj_ == nullptr) Bad("", "expected an object");
  }
  ~Reader() {
    if (obj_ == nullptr || !check_unknown_) return;
    for (const auto& [key, value] : *obj_) {
      if (!seen_.contains(std::string(key))) Bad(key, "unknown key");
    }
  }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;
  // The caller checks this object's own keys (they differ between scenarios and state.json).
  void IgnoreUnknownKeys() { check_unknown_ = false; }
  std::string Str(std::string_view key, std::string fallback = "") {
    const json::value* v = Find(key);
    if (v == nullptr || v->is_null()) return fallback;
    if (!v->is_string()) return Bad(key, "expected a string"), fallback;
    return std::string(v->get_string());
  }
  bool Bool(std::string_view key, bool fallback) {
    const json::value* v = Find(key);
    if (v == nullptr) return fallback;
    if (!v->is_bool()) return Bad(key, "expected true or false"), fallback;
    return v->get_bool();
  }
  long long Int(std::string_view key, long long fallback) {
    const json::value* v = Find(key);
    if (v == nullptr) return fallback;
    if (!v->is_number()) return Bad(key, "expected a number"), fallback;
    return v->is_int64() ? v->get_int64() : static_cast<long long>(v->to_number<double>());
  }
  std::vector<std::string> Strings(std::string_view key) {
    std::vector<std::string> out;
    const json::value* v = Find(key);
    if (v == nullptr) return out;
    if (!v->is_array()) return Bad(key, "expected an array of strings"), out;
    for (const auto& item : v->get_array()) {
      if (!item.is_string()) return Bad(key, "expected an array of strings"), out;
      out.emplace_back(item.get_string());
    }
    return out;
  }
  // Calls fn(item, path) for each element of an array field.
  template <class Fn>
  void Each(std::string_view key, Fn fn) {
    const json::value* v = Find(key);
    if (v == nullptr) return;
    if (!v->is_array()) return Bad(key, "expected an array");
    std::size_t i = 0;
    for (const auto& item : v->get_array()) {
      fn(item, path_ + Sep() + std::string(key) + "[" + std::to_string(i++) + "]");
    }
  }
  std::optional<WallTime> Time(std::string_view key) {
    std::string s = Str(key);
    if (s.empty()) return std::nullopt;
    auto t = ParseIso8601(s);
    if (!t) Bad(key, "expected an ISO 8601 date-time, got '" + s + "'");
    return t;
  }
  const json::value* Find(std::string_view key) const {
    if (obj_ == nullptr) return nullptr;
    seen_.emplace(key);
    auto it = obj_->find(key);
    return it == obj_->end() ? nullptr : &it->value();
  }
  void Bad(std::string_view key, const std::string& why) {
    if (error_->empty()) {
      *error_ = path_ + (key.empty() ? "" : Sep() + std::string(key)) + ": " + why;
    }
  }
  const std::string& path() const { return path_; }

 private:
  std::string Sep() const { return path_.empty() ? "" : "."; }
  const json::object* obj_;
  std::string path_;
  std::string* error_;
  mutable std::set<std::string, std::less<>> seen_;
  bool check_unknown_ = true;
};

struct LoadContext {
  Random& random;
  WallTime now;
  std::string error;
  std::vector<GeneratedSecret> secrets;
  std::string Id(const std::string& given) { return given.empty() ? NewGuid(random) : given; }
};

PermissionKind ParseKind(Reader& r) {
  std::string kind = r.Str("type", "Application");
  if (AsciiIEquals(kind, "Application") || AsciiIEquals(kind, "Role"))
    return PermissionKind::kApplication;
  if (AsciiIEquals(kind, "Delegated") || AsciiIEquals(kind, "Scope"))
    return PermissionKind::kDelegated;
  r.Bad("type", "expected Application or Delegated, got '" + kind + "'");
  return PermissionKind::kApplication;
}

PasswordCredential ReadSecret(Reader& r, LoadContext& ctx, const Tenant& tenant,
                              const std::string& app_id) {
  PasswordCredential s;
  s.key_id = ctx.Id(r.Str("keyId"));
  s.display_name = r.Str("displayName");
  s.start = r.Time("startDateTime").value_or(ctx.now);
  auto months = r.Int("months", 12);
  s.end = r.Time("endDateTime").value_or(s.start + std::chrono::days{30 * months + months / 2});
  std::string value = r.Str("value");
  bool generate = r.Bool("generate", false);
  std::string value_file = r.Str("valueFile");
  std::string saved_sha256 = r.Str("valueSha256");
  std::string saved_hint = r.Str("hint");
  if (value.empty() && generate) {
    value = NewClientSecretValue(ctx.random);
    ctx.secrets.push_back({tenant.id, app_id, s.key_id, value_file, value});
  }
  if (!value.empty()) {
    s.value_sha256 = crypto::HexLower(crypto::Sha256(value));
    s.hint = value.substr(0, 3);
  } else {
    s.value_sha256 = saved_sha256;
    s.hint = saved_hint;
    if (s.value_sha256.empty())
      r.Bad("", "a password credential needs value, generate or valueSha256");
  }
  return s;
}

KeyCredential ReadCertificate(Reader& r, LoadContext& ctx) {
  KeyCredential k;
  k.key_id = ctx.Id(r.Str("keyId"));
  k.display_name = r.Str("displayName");
  k.certificate_pem = r.Str("certificatePem");
  k.thumbprint_sha1_hex = r.Str("thumbprint");
  k.x5t = r.Str("x5t");
  k.x5t_s256 = r.Str("x5tS256");
  k.start = r.Time("startDateTime").value_or(ctx.now);
  k.end = r.Time("endDateTime").value_or(ctx.now + std::chrono::days{365});
  return k;
}

Application ReadApplication(Reader& r, LoadContext& ctx, const Tenant& tenant) {
  Application a;
  a.app_id = ctx.Id(r.Str("appId"));
  a.object_id = ctx.Id(r.Str("objectId"));
  a.display_name = r.Str("displayName");
  a.sign_in_audience = r.Str("signInAudience", "AzureADMyOrg");
  a.created = r.Time("createdDateTime").value_or(ctx.now);
  r.Each("requiredPermissions", [&](const json::value& v, std::string path) {
    Reader p(v, path, &ctx.error);
    a.required_permissions.push_back(
        {p.Str("resourceAppId", std::string(kGraphAppId)), p.Str("value"), ParseKind(p)});
  });
  r.Each("passwordCredentials", [&](const json::value& v, std::string path) {
    Reader p(v, path, &ctx.error);
    a.secrets.push_back(ReadSecret(p, ctx, tenant, a.app_id));
  });
  r.Each("keyCredentials", [&](const json::value& v, std::string path) {
    Reader p(v, path, &ctx.error);
    a.certificates.push_back(ReadCertificate(p, ctx));
  });
  return a;
}

ServicePrincipal ReadServicePrincipal(Reader& r, LoadContext& ctx) {
  ServicePrincipal s;
  s.object_id = ctx.Id(r.Str("objectId"));
  s.app_id = r.Str("appId");
  s.display_name = r.Str("displayName");
  s.enabled = r.Bool("accountEnabled", true);
  s.granted_app_roles = r.Strings("appRoles");
  if (s.app_id.empty()) r.Bad("appId", "required");
  return s;
}

Recipient ReadRecipient(Reader& r, LoadContext& ctx) {
  Recipient x;
  x.id = ctx.Id(r.Str("id"));
  std::string type = r.Str("recipientTypeDetails", "UserMailbox");
  if (auto t = ParseRecipientType(type)) {
    x.type = *t;
  } else {
    r.Bad("recipientTypeDetails", "unknown type '" + type + "'");
  }
  x.display_name = r.Str("displayName");
  x.alias = r.Str("alias");
  x.user_principal_name = r.Str("userPrincipalName");
  x.primary_smtp_address = r.Str("primarySmtpAddress");
  x.secondary_smtp_addresses = r.Strings("emailAddresses");
  x.external_email_address = r.Str("externalEmailAddress");
  x.distinguished_name = r.Str("distinguishedName");
  x.department = r.Str("department");
  for (int i = 0; i < 15; ++i) {
    x.custom_attributes[i] = r.Str("customAttribute" + std::to_string(i + 1));
  }
  x.licensed = r.Bool("licensed", x.type != RecipientType::kUser);
  x.member_ids = r.Strings("members");
  x.send_as_trustee_ids = r.Strings("sendAsTrustees");
  if (x.alias.empty()) x.alias = x.primary_smtp_address.substr(0, x.primary_smtp_address.find('@'));
  if (x.display_name.empty()) x.display_name = x.alias;
  return x;
}

// Members and trustees may be written as addresses; store ids.
void ResolveReferences(Tenant& t, std::string& error) {
  auto resolve = [&](std::vector<std::string>& refs, const std::string& owner) {
    for (auto& ref : refs) {
      const Recipient* r = t.ResolveRecipient(ref);
      if (r == nullptr) {
        if (error.empty())
          error = "tenant " + t.id + ": '" + owner + "' names unknown recipient '" + ref + "'";
        return;
      }
      ref = r->id;
    }
  };
  for (auto& r : t.recipients) {
    resolve(r.member_ids, r.primary_smtp_address.empty() ? r.display_name : r.primary_smtp_address);
    resolve(r.send_as_trustee_ids, r.primary_smtp_address);
  }
}

void ReadExchange(Reader& r, LoadContext& ctx, ExchangeConfig& x) {
  r.Each("servicePrincipals", [&](const json::value& v, std::string path) {
    Reader p(v, path, &ctx.error);
    x.service_principals.push_back(
        {ctx.Id(p.Str("identity")), p.Str("appId"), p.Str("objectId"), p.Str("displayName")});
  });
  r.Each("managementScopes", [&](const json::value& v, std::string path) {
    Reader p(v, path, &ctx.error);
    x.scopes.push_back({ctx.Id(p.Str("id")), p.Str("name"), p.Str("recipientRestrictionFilter"),
                        p.Bool("exclusive", false)});
  });
  r.Each("roleAssignments", [&](const json::value& v, std::string path) {
    Reader p(v, path, &ctx.error);
    x.role_assignments.push_back({ctx.Id(p.Str("id")), p.Str("name"), p.Str("role"), p.Str("app"),
                                  p.Str("customResourceScope"), p.Str("recipientGroupScope")});
  });
  r.Each("applicationAccessPolicies", [&](const json::value& v, std::string path) {
    Reader p(v, path, &ctx.error);
    ApplicationAccessPolicy a;
    a.id = ctx.Id(p.Str("id"));
    std::string right = p.Str("accessRight", "RestrictAccess");
    a.access_right =
        AsciiIEquals(right, "DenyAccess") ? AccessRight::kDenyAccess : AccessRight::kRestrictAccess;
    a.app_ids = p.Strings("appIds");
    a.scope_group_id = p.Str("policyScopeGroupId");
    a.description = p.Str("description");
    x.access_policies.push_back(std::move(a));
  });
}

Tenant ReadTenant(Reader& r, LoadContext& ctx) {
  Tenant t;
  t.id = ctx.Id(r.Str("id"));
  t.display_name = r.Str("displayName");
  t.domains = r.Strings("domains");
  if (t.domains.empty())
    r.Bad("domains", "at least the initial *.onmicrosoft.com domain is required");
  r.Each("applications", [&](const json::value& v, std::string path) {
    Reader p(v, path, &ctx.error);
    t.applications.push_back(ReadApplication(p, ctx, t));
  });
  r.Each("servicePrincipals", [&](const json::value& v, std::string path) {
    Reader p(v, path, &ctx.error);
    t.service_principals.push_back(ReadServicePrincipal(p, ctx));
  });
  r.Each("recipients", [&](const json::value& v, std::string path) {
    Reader p(v, path, &ctx.error);
    t.recipients.push_back(ReadRecipient(p, ctx));
  });
  if (const json::value* x = r.Find("exchange")) {
    Reader p(*x, r.path() + ".exchange", &ctx.error);
    ReadExchange(p, ctx, t.exchange);
  }
  return t;
}

}  // namespace

Result<LoadedState> TenantsFromJson(const json::value& doc, Random& random, WallTime now) {
  LoadContext ctx{random, now, {}, {}};
  LoadedState out;
  Reader root(doc, "", &ctx.error);
  root.IgnoreUnknownKeys();
  root.Each("tenants", [&](const json::value& v, std::string path) {
    Reader r(v, path, &ctx.error);
    out.tenants.push_back(ReadTenant(r, ctx));
  });
  for (auto& t : out.tenants) ResolveReferences(t, ctx.error);
  if (!ctx.error.empty()) return Fail(ErrorCode::kInvalidArgument, ctx.error);
  out.new_secrets = std::move(ctx.secrets);
  return out;
}

}  // namespace graphpost::sandbox
