// Admin routes for running the sandbox: faults, settings and the request log.
#include <boost/json.hpp>

#include "core/form.hpp"
#include "core/json.hpp"
#include "sandbox/admin/admin_api.hpp"
#include "sandbox/state/fault_json.hpp"
#include "sandbox/state/settings_json.hpp"

namespace graphpost::sandbox::admin::internal {
namespace {

namespace json = boost::json;

// A tenant or mailbox given by name is stored by id, so matching is exact; a name that matches
// nothing is refused, since a misspelt target would silently inject nothing.
Status ResolveFaultTargets(const World& world, FaultRule& fault) {
  const Tenant* tenant = nullptr;
  if (!fault.tenant_id.empty()) {
    tenant = world.FindTenant(fault.tenant_id);
    if (tenant == nullptr) return Fail(ErrorCode::kNotFound, "no tenant '" + fault.tenant_id + "'");
    fault.tenant_id = tenant->id;
  }
  if (fault.mailbox_id.empty()) return Ok();
  for (const Tenant& t : world.tenants) {
    if (tenant != nullptr && &t != tenant) continue;
    if (const Recipient* r = t.ResolveRecipient(fault.mailbox_id)) {
      fault.mailbox_id = r->id;
      return Ok();
    }
  }
  return Fail(ErrorCode::kNotFound, "no recipient '" + fault.mailbox_id + "'");
}

bool InjectsSomething(const FaultRule& f) {
  return f.error_rate > 0 || f.latency.count() > 0 || f.drop_rate > 0 || f.token_outage;
}

http::Response Faults(AdminContext& ctx, const http::Request& req) {
  std::lock_guard lock(ctx.world.mu);
  if (req.method == "POST") {
    auto body = ParseJson(req.body);
    if (!body) return ErrorReply(body.error());
    auto fault = FaultRuleFromJson(*body);
    if (!fault) return ErrorReply(fault.error());
    if (!InjectsSomething(*fault)) {
      return ErrorReply({ErrorCode::kInvalidArgument,
                         "a fault must inject something: errorRate, dropRate, latencyMs or "
                         "tokenOutage"});
    }
    if (auto resolved = ResolveFaultTargets(ctx.world, *fault); !resolved) {
      return ErrorReply(resolved.error());
    }
    ctx.world.faults.push_back(*fault);
  } else if (req.method == "DELETE") {
    ctx.world.faults.clear();
  }
  json::array out;
  for (const auto& f : ctx.world.faults) out.push_back(FaultRuleToJson(f));
  return JsonReply(200, {{"faults", out}});
}

http::Response Settings(AdminContext& ctx, const http::Request& req) {
  json::object out;
  {
    std::lock_guard lock(ctx.world.mu);
    if (req.method == "PATCH" || req.method == "POST") {
      auto body = ParseJson(req.body);
      if (!body) return ErrorReply(body.error());
      SandboxSettings patched = ctx.world.settings;
      if (auto s = PatchSettings(patched, *body); !s) return ErrorReply(s.error());
      // What Graph already shows under the old delay stays shown under the new one.
      auto now = ctx.clock.WallNow();
      for (const Tenant& t : ctx.world.tenants) {
        ctx.authorizer.Settle(t, now, ctx.world.settings.propagation_delay);
      }
      ctx.world.settings = patched;
      ++ctx.world.version;
    }
    ctx.clock.AdvanceTo(ctx.world.settings.clock_offset);
    out = SettingsToJson(ctx.world.settings);
  }
  ctx.graph.ApplySettings();
  if (req.method == "PATCH" || req.method == "POST") {
    if (auto s = ctx.persist(); !s) return ErrorReply(s.error());
  }
  return JsonReply(200, out);
}

http::Response Requests(AdminContext& ctx, const http::Request& req) {
  if (req.method == "DELETE") {
    ctx.log.Clear();
    return JsonReply(200, {{"requests", json::array{}}});
  }
  auto query = ParseForm(req.query);
  std::uint64_t after = 0;
  std::size_t limit = 1000;
  if (query) {
    if (auto* a = FindField(*query, "after")) after = std::strtoull(a->c_str(), nullptr, 10);
    if (auto* l = FindField(*query, "limit")) limit = std::strtoull(l->c_str(), nullptr, 10);
  }
  json::array out;
  for (const auto& e : ctx.log.Since(after, limit)) out.push_back(RequestLogEntryToJson(e));
  return JsonReply(200, {{"requests", out}});
}

}  // namespace

std::optional<http::Response> HandleOperations(AdminContext& ctx, const http::Request& req,
                                               const Segments& s) {
  if (s.size() != 1) return std::nullopt;
  if (s[0] == "faults") return Faults(ctx, req);
  if (s[0] == "settings") return Settings(ctx, req);
  if (s[0] == "requests") return Requests(ctx, req);
  return std::nullopt;
}

}  // namespace graphpost::sandbox::admin::internal
