// Admin routes for Exchange Online: one endpoint that runs a cmdlet, as Exchange Online
// PowerShell does. POST /_sandbox/tenants/{tenant}/exchange
// {"cmdlet":"Get-Mailbox","params":[["Identity","x"]]}
#include <boost/json.hpp>

#include "core/json.hpp"
#include "sandbox/admin/admin_api.hpp"
#include "sandbox/exchange/cmdlets.hpp"

namespace graphpost::sandbox::admin::internal {
namespace {

namespace json = boost::json;

Result<exchange::CmdletCall> ParseCall(const http::Request& req) {
  auto body = ParseJson(req.body);
  if (!body) return Fail(body.error());
  exchange::CmdletCall call;
  call.name = JsonString(*body, "cmdlet").value_or("");
  if (call.name.empty()) return Fail(ErrorCode::kInvalidArgument, "body needs \"cmdlet\"");
  if (const json::array* params = JsonArray(*body, "params")) {
    for (const auto& p : *params) {
      const json::array* pair = p.if_array();
      if (pair == nullptr || pair->size() != 2 || !(*pair)[0].is_string() ||
          !(*pair)[1].is_string()) {
        return Fail(ErrorCode::kInvalidArgument, "params must be [[\"Name\",\"value\"],...]");
      }
      call.params.emplace_back(std::string((*pair)[0].get_string()),
                               std::string((*pair)[1].get_string()));
    }
  }
  return call;
}

}  // namespace

std::optional<http::Response> HandleExchange(AdminContext& ctx, const http::Request& req,
                                             const Segments& s) {
  if (s.size() != 3 || s[0] != "tenants" || s[2] != "exchange" || req.method != "POST")
    return std::nullopt;
  auto call = ParseCall(req);
  if (!call) return ErrorReply(call.error());
  Result<exchange::CmdletOutput> out = Fail(ErrorCode::kInternal, "not run");
  {
    std::lock_guard lock(ctx.world.mu);
    Tenant* tenant = ctx.world.FindTenant(s[1]);
    if (tenant == nullptr) return NotFoundReply("no tenant '" + s[1] + "'");
    auto now = ctx.clock.WallNow();
    out = exchange::RunCmdlet(*tenant, *call, ctx.random, now);
    if (out && exchange::CmdletChangesAuthorization(call->name)) {
      ctx.authorizer.Snapshot(*tenant, now, ctx.world.settings.propagation_delay);
      ++ctx.world.version;
    }
  }
  if (!out) return ErrorReply(out.error());
  if (exchange::CmdletChangesAuthorization(call->name)) {
    if (auto saved = ctx.persist(); !saved) return ErrorReply(saved.error());
  }
  json::array columns;
  for (const auto& c : out->columns) columns.emplace_back(c);
  return JsonReply(200, {{"columns", columns}, {"objects", out->objects}});
}

}  // namespace graphpost::sandbox::admin::internal
