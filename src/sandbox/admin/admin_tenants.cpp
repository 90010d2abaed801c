// Admin routes for tenants: GET/POST /_sandbox/tenants, POST /_sandbox/tenants/{t}/domains.
#include <boost/json.hpp>

#include "core/json.hpp"
#include "sandbox/admin/admin_api.hpp"
#include "sandbox/identity/directory_admin.hpp"

namespace graphpost::sandbox::admin::internal {
namespace {

namespace json = boost::json;

json::object TenantSummary(const Tenant& t) {
  json::array domains;
  for (const auto& d : t.domains) domains.emplace_back(d);
  return {{"id", t.id}, {"displayName", t.display_name}, {"domains", domains}};
}

http::Response ListTenants(AdminContext& ctx) {
  std::lock_guard lock(ctx.world.mu);
  json::array out;
  for (const auto& t : ctx.world.tenants) out.push_back(TenantSummary(t));
  return JsonReply(200, {{"tenants", out}});
}

http::Response CreateTenant(AdminContext& ctx, const http::Request& req) {
  auto body = ParseJson(req.body);
  if (!body) return ErrorReply(body.error());
  json::object summary;
  {
    std::lock_guard lock(ctx.world.mu);
    auto id = identity::CreateTenant(ctx.world, JsonString(*body, "displayName").value_or(""),
                                     JsonString(*body, "domainPrefix").value_or(""), ctx.random);
    if (!id) return ErrorReply(id.error());
    const Tenant* t = ctx.world.FindTenant(*id);
    ctx.authorizer.Snapshot(*t, ctx.clock.WallNow(), ctx.world.settings.propagation_delay);
    summary = TenantSummary(*t);
    ++ctx.world.version;
  }
  if (auto s = ctx.persist(); !s) return ErrorReply(s.error());
  return JsonReply(201, summary);
}

http::Response AddDomain(AdminContext& ctx, const http::Request& req,
                         const std::string& tenant_name) {
  auto body = ParseJson(req.body);
  if (!body) return ErrorReply(body.error());
  json::object summary;
  {
    std::lock_guard lock(ctx.world.mu);
    Tenant* t = ctx.world.FindTenant(tenant_name);
    if (t == nullptr) return NotFoundReply("no tenant '" + tenant_name + "'");
    if (auto s = identity::AddDomain(ctx.world, *t, JsonString(*body, "domain").value_or("")); !s) {
      return ErrorReply(s.error());
    }
    summary = TenantSummary(*t);
    ++ctx.world.version;
  }
  if (auto s = ctx.persist(); !s) return ErrorReply(s.error());
  return JsonReply(200, summary);
}

}  // namespace

std::optional<http::Response> HandleTenants(AdminContext& ctx, const http::Request& req,
                                            const Segments& s) {
  if (s.empty() || s[0] != "tenants") return std::nullopt;
  if (s.size() == 1 && req.method == "GET") return ListTenants(ctx);
  if (s.size() == 1 && req.method == "POST") return CreateTenant(ctx, req);
  if (s.size() == 3 && s[2] == "domains" && req.method == "POST") return AddDomain(ctx, req, s[1]);
  return std::nullopt;
}

}  // namespace graphpost::sandbox::admin::internal
