// Admin routes for the Entra portal steps, under /_sandbox/tenants/{tenant}/:
//   apps (GET list, POST register) · apps/{appId} (GET, DELETE) · apps/{appId}/servicePrincipal
//   (POST: its enterprise app when it has none) · apps/{appId}/permissions (POST),
//   /permissions/{value} (DELETE) · /consent (POST, DELETE) · /consent/{value} (DELETE: that one
//   app role) · /secrets (POST), /secrets/{keyId} (DELETE) · /certificates (POST),
//   /certificates/{keyId} (DELETE) · /enable, /disable (POST) · users (POST) · users/{user}/license
//   (POST {"licensed":bool})
#include <boost/json.hpp>

#include "core/ascii.hpp"
#include "core/json.hpp"
#include "core/time_format.hpp"
#include "sandbox/admin/admin_api.hpp"
#include "sandbox/identity/directory_admin.hpp"

namespace graphpost::sandbox::admin::internal {
namespace {

namespace json = boost::json;

struct EntraCall {
  AdminContext& ctx;
  const http::Request& req;
  const Segments& s;
  Tenant& tenant;
  WallTime now;
  json::value body;
};

// Runs `fn` on the tenant under the world lock; a successful mutation bumps the version,
// refreshes Exchange's view (app deletion and users change it) and persists.
template <class Fn>
http::Response Mutate(AdminContext& ctx, const http::Request& req, const Segments& s, Fn fn) {
  json::value body = nullptr;
  if (!req.body.empty()) {
    auto parsed = ParseJson(req.body);
    if (!parsed) return ErrorReply(parsed.error());
    body = std::move(*parsed);
  }
  http::Response reply;
  {
    std::lock_guard lock(ctx.world.mu);
    Tenant* tenant = ctx.world.FindTenant(s[1]);
    if (tenant == nullptr) return NotFoundReply("no tenant '" + s[1] + "'");
    EntraCall call{ctx, req, s, *tenant, ctx.clock.WallNow(), std::move(body)};
    reply = fn(call);
    if (reply.status >= 300 || req.method == "GET") return reply;
    ctx.authorizer.Snapshot(*tenant, call.now, ctx.world.settings.propagation_delay);
    ++ctx.world.version;
  }
  if (auto saved = ctx.persist(); !saved) return ErrorReply(saved.error());
  return reply;
}

http::Response Describe(EntraCall& c, std::string_view app_id, int status = 200) {
  auto d = identity::DescribeApplication(c.tenant, app_id, c.now);
  if (!d) return ErrorReply(d.error());
  return JsonReply(status, identity::DescriptionToJson(*d));
}

http::Response StatusThenDescribe(EntraCall& c, const Status& s) {
  if (!s) return ErrorReply(s.error());
  return Describe(c, c.s[3]);
}

PermissionKind KindOf(const json::value& body) {
  return AsciiIEquals(JsonString(body, "type").value_or("Application"), "Delegated")
             ? PermissionKind::kDelegated
             : PermissionKind::kApplication;
}

http::Response ListApps(EntraCall& c) {
  json::array out;
  for (const auto& app : c.tenant.applications) {
    auto d = identity::DescribeApplication(c.tenant, app.app_id, c.now);
    if (d) out.push_back(identity::DescriptionToJson(*d));
  }
  return JsonReply(200, {{"applications", out}});
}

http::Response Register(EntraCall& c) {
  auto app = identity::RegisterApplication(c.tenant, JsonString(c.body, "displayName").value_or(""),
                                           c.ctx.random, c.now);
  if (!app) return ErrorReply(app.error());
  return Describe(c, app->app_id, 201);
}

http::Response AddSecret(EntraCall& c) {
  WallTime end = c.now + std::chrono::days{30 * JsonInt(c.body, "months").value_or(12)};
  if (auto text = JsonString(c.body, "endDateTime")) {
    auto parsed = ParseIso8601(*text);
    if (!parsed)
      return ErrorReply(
          {ErrorCode::kInvalidArgument, "endDateTime: not an ISO 8601 date-time: " + *text, {}});
    end = *parsed;
  }
  auto secret = identity::AddClientSecret(
      c.tenant, c.s[3], JsonString(c.body, "displayName").value_or(""), end, c.ctx.random, c.now);
  if (!secret) return ErrorReply(secret.error());
  // The portal shows the value once; so does this reply. It is never stored or logged.
  return JsonReply(201, {{"keyId", secret->key_id},
                         {"value", secret->value.Reveal()},
                         {"hint", secret->hint},
                         {"startDateTime", FormatIso8601(secret->start)},
                         {"endDateTime", FormatIso8601(secret->end)}});
}

http::Response AddCertificate(EntraCall& c) {
  auto key =
      identity::AddCertificate(c.tenant, c.s[3], JsonString(c.body, "certificatePem").value_or(""),
                               JsonString(c.body, "displayName").value_or(""), c.ctx.random);
  if (!key) return ErrorReply(key.error());
  return JsonReply(201, {{"keyId", key->key_id},
                         {"thumbprint", key->thumbprint_sha1_hex},
                         {"x5t", key->x5t},
                         {"x5tS256", key->x5t_s256},
                         {"endDateTime", FormatIso8601(key->end)}});
}

http::Response AppRoute(EntraCall& c) {
  const auto& s = c.s;
  const std::string& m = c.req.method;
  const std::string& app = s[3];
  if (s.size() == 4 && m == "GET") return Describe(c, app);
  if (s.size() == 4 && m == "DELETE") {
    if (auto st = identity::DeleteApplication(c.tenant, app); !st) return ErrorReply(st.error());
    return JsonReply(200, {{"deleted", app}});
  }
  if (s.size() < 5) return NotFoundReply("no such app route");
  const std::string& what = s[4];
  if (what == "servicePrincipal" && s.size() == 5 && m == "POST") {
    auto made = identity::CreateServicePrincipal(c.tenant, app, c.ctx.random);
    if (!made) return ErrorReply(made.error());
    return Describe(c, app, 201);
  }
  if (what == "permissions" && s.size() == 5 && m == "POST") {
    return StatusThenDescribe(
        c, identity::AddPermission(c.tenant, app, JsonString(c.body, "value").value_or(""),
                                   KindOf(c.body)));
  }
  if (what == "permissions" && s.size() == 6 && m == "DELETE") {
    return StatusThenDescribe(c, identity::RemovePermission(c.tenant, app, s[5]));
  }
  if (what == "consent" && m == "POST")
    return StatusThenDescribe(c, identity::GrantAdminConsent(c.tenant, app));
  if (what == "consent" && s.size() == 5 && m == "DELETE")
    return StatusThenDescribe(c, identity::RevokeAdminConsent(c.tenant, app));
  if (what == "consent" && s.size() == 6 && m == "DELETE")
    return StatusThenDescribe(c, identity::RevokeAppRole(c.tenant, app, s[5]));
  if (what == "secrets" && s.size() == 5 && m == "POST") return AddSecret(c);
  if (what == "secrets" && s.size() == 6 && m == "DELETE") {
    return StatusThenDescribe(c, identity::RemoveClientSecret(c.tenant, app, s[5]));
  }
  if (what == "certificates" && s.size() == 5 && m == "POST") return AddCertificate(c);
  if (what == "certificates" && s.size() == 6 && m == "DELETE") {
    return StatusThenDescribe(c, identity::RemoveCertificate(c.tenant, app, s[5]));
  }
  if ((what == "enable" || what == "disable") && m == "POST") {
    return StatusThenDescribe(c, identity::SetApplicationEnabled(c.tenant, app, what == "enable"));
  }
  return NotFoundReply("no app route " + m + " " + c.req.path);
}

http::Response UserRoute(EntraCall& c) {
  if (c.s.size() == 3 && c.req.method == "POST") {
    auto id = identity::AddUser(c.tenant, JsonString(c.body, "userPrincipalName").value_or(""),
                                JsonString(c.body, "displayName").value_or(""),
                                JsonBool(c.body, "licensed").value_or(true), c.ctx.random);
    if (!id) return ErrorReply(id.error());
    const Recipient* r = c.tenant.FindRecipient(*id);
    return JsonReply(201, {{"id", *id},
                           {"userPrincipalName", r->user_principal_name},
                           {"recipientTypeDetails", RecipientTypeName(r->type)},
                           {"licensed", r->licensed}});
  }
  if (c.s.size() == 5 && c.s[4] == "license" && c.req.method == "POST") {
    if (auto st =
            identity::SetUserLicense(c.tenant, c.s[3], JsonBool(c.body, "licensed").value_or(true));
        !st) {
      return ErrorReply(st.error());
    }
    return JsonReply(200,
                     {{"user", c.s[3]}, {"licensed", JsonBool(c.body, "licensed").value_or(true)}});
  }
  return NotFoundReply("no user route " + c.req.method + " " + c.req.path);
}

}  // namespace

std::optional<http::Response> HandleEntra(AdminContext& ctx, const http::Request& req,
                                          const Segments& s) {
  if (s.size() < 3 || s[0] != "tenants") return std::nullopt;
  if (s[2] == "apps") {
    return Mutate(ctx, req, s, [](EntraCall& c) {
      if (c.s.size() == 3) return c.req.method == "GET" ? ListApps(c) : Register(c);
      return AppRoute(c);
    });
  }
  if (s[2] == "users") return Mutate(ctx, req, s, [](EntraCall& c) { return UserRoute(c); });
  return std::nullopt;
}

}  // namespace graphpost::sandbox::admin::internal
