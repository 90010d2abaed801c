// Admin routes for running the sandbox: faults, settings and the request log.
#include <boost/json.hpp>

#include "core/form.hpp"
#include "core/json.hpp"
#include "sandbox/admin/admin_api.hpp"
#include "sandbox/state/settings_json.hpp"

namespace graphpost::sandbox::admin::internal {
namespace {

namespace json = boost::json;

json::object FaultJson(const FaultRule& f) {
  return {{"tenantId", f.tenant_id},        {"mailboxId", f.mailbox_id},
          {"errorRate", f.error_rate},      {"errorStatus", f.error_status},
          {"latencyMs", f.latency.count()}, {"dropRate", f.drop_rate},
          {"tokenOutage", f.token_outage}};
}

Result<FaultRule> ParseFault(const json::value& body) {
  FaultRule f;
  f.tenant_id = JsonString(body, "tenantId").value_or("");
  f.mailbox_id = JsonString(body, "mailboxId").value_or("");
  if (auto* v = body.as_object().if_contains("errorRate"); v && v->is_number())
    f.error_rate = v->to_number<double>();
  if (auto* v = body.as_object().if_contains("dropRate"); v && v->is_number())
    f.drop_rate = v->to_number<double>();
  f.error_status = static_cast<int>(JsonInt(body, "errorStatus").value_or(503));
  f.latency = std::chrono::milliseconds{JsonInt(body, "latencyMs").value_or(0)};
  f.token_outage = JsonBool(body, "tokenOutage").value_or(false);
  if (f.error_status != 429 && f.error_status != 503 && f.error_status != 504) {
    return Fail(ErrorCode::kInvalidArgument, "errorStatus must be 429, 503 or 504");
  }
  if (f.error_rate < 0 || f.error_rate > 1 || f.drop_rate < 0 || f.drop_rate > 1) {
    return Fail(ErrorCode::kInvalidArgument, "errorRate and dropRate are shares between 0 and 1");
  }
  return f;
}

http::Response Faults(AdminContext& ctx, const http::Request& req) {
  std::lock_guard lock(ctx.world.mu);
  if (req.method == "POST") {
    auto body = ParseJson(req.body);
    if (!body || !body->is_object())
      return ErrorReply({ErrorCode::kInvalidArgument, "body must be a JSON object", {}});
    auto fault = ParseFault(*body);
    if (!fault) return ErrorReply(fault.error());
    // A tenant or mailbox given by name is stored by id, so matching is exact.
    if (!fault->tenant_id.empty()) {
      const Tenant* t = ctx.world.FindTenant(fault->tenant_id);
      if (t == nullptr) return NotFoundReply("no tenant '" + fault->tenant_id + "'");
      fault->tenant_id = t->id;
      if (!fault->mailbox_id.empty()) {
        const Recipient* r = t->ResolveRecipient(fault->mailbox_id);
        if (r == nullptr) return NotFoundReply("no recipient '" + fault->mailbox_id + "'");
        fault->mailbox_id = r->id;
      }
    }
    ctx.world.faults.push_back(*fault);
  } else if (req.method == "DELETE") {
    ctx.world.faults.clear();
  }
  json::array out;
  for (const auto& f : ctx.world.faults) out.push_back(FaultJson(f));
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
      ctx.world.settings = patched;
      ++ctx.world.version;
    }
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
