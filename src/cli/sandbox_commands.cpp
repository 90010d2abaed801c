#include "cli/sandbox_commands.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>

#include <boost/json.hpp>

#include "cli/admin_client.hpp"
#include "cli/table.hpp"
#include "core/files.hpp"
#include "core/form.hpp"
#include "core/json.hpp"
#include "core/secret.hpp"

namespace graphpost::cli {
namespace {

namespace json = boost::json;

Result<std::string> ResolveTenant(AdminClient& client, const std::string& wanted) {
  if (!wanted.empty()) return wanted;
  auto reply = client.Call("GET", "tenants");
  if (!reply) return Fail(reply.error());
  const json::array* tenants = JsonArray(*reply, "tenants");
  if (tenants == nullptr || tenants->empty()) {
    return Fail(ErrorCode::kNotFound,
                "the sandbox has no tenant (start it with --scenario, or run `graphpost sandbox "
                "tenant create`)");
  }
  if (tenants->size() > 1) {
    return Fail(ErrorCode::kInvalidArgument,
                "the sandbox has several tenants; name one with --tenant");
  }
  return JsonString((*tenants)[0], "id").value_or("");
}

void Print(const json::value& reply, const SandboxGlobal& global, const std::string& list_key,
           const std::vector<std::string>& columns) {
  if (global.json) {
    std::cout << ToJson(reply) << "\n";
    return;
  }
  if (!list_key.empty()) {
    const json::array* rows = JsonArray(reply, list_key);
    std::cout << RenderTable(columns, rows ? *rows : json::array{});
  } else if (reply.is_object()) {
    std::cout << RenderList(reply.get_object());
  }
}

}  // namespace

Result<std::vector<std::pair<std::string, std::string>>> ParseCmdletArgs(
    const std::vector<std::string>& args) {
  std::vector<std::pair<std::string, std::string>> params;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() < 2 || a[0] != '-') {
      if (i != 0)
        return Fail(ErrorCode::kInvalidArgument,
                    "a positional value can only come first (as -Identity): '" + a + "'");
      params.emplace_back("Identity", a);
      continue;
    }
    std::string name = a.substr(1);
    if (auto colon = name.find(':'); colon != std::string::npos) {
      params.emplace_back(name.substr(0, colon), name.substr(colon + 1));
    } else if (i + 1 < args.size() && !(args[i + 1].size() > 1 && args[i + 1][0] == '-' &&
                                        std::isalpha(static_cast<unsigned char>(args[i + 1][1])))) {
      params.emplace_back(name, args[++i]);
    } else {
      params.emplace_back(name, "true");
    }
  }
  return params;
}

Status RunAdminCall(const SandboxGlobal& global, const AdminCall& call) {
  auto client = AdminClient::Connect(global.state_dir);
  if (!client) return Fail(client.error());
  std::string path = call.path;
  if (call.tenant_scoped) {
    auto tenant = ResolveTenant(**client, global.tenant);
    if (!tenant) return Fail(tenant.error());
    path = "tenants/" + PercentEncode(*tenant) + (path.empty() ? "" : "/" + path);
  }
  json::value body = nullptr;
  if (!call.body_json.empty()) {
    auto parsed = ParseJson(call.body_json);
    if (!parsed) return Fail(parsed.error());
    body = std::move(*parsed);
  }
  auto reply = (*client)->Call(call.method, path, body);
  if (!reply) return Fail(reply.error());
  Print(*reply, global, call.list_key, call.columns);
  return Ok();
}

Status RunSandboxDeliveries(const SandboxGlobal& global, const std::string& header) {
  auto client = AdminClient::Connect(global.state_dir);
  if (!client) return Fail(client.error());
  auto reply = (*client)->Call("GET", "deliveries?header=" + PercentEncode(header));
  if (!reply) return Fail(reply.error());
  if (global.json) {
    std::cout << ToJson(*reply) << "\n";
    return Ok();
  }
  const json::array* totals = JsonArray(*reply, "totals");
  const json::object* counts = JsonObject(*reply, "counts");
  if (totals == nullptr || totals->size() != 3 || counts == nullptr) {
    return Fail(ErrorCode::kInternal, "sandbox deliveries: unexpected reply");
  }
  std::cout << "header " << header << ": " << counts->size() << " values; copies: inbox "
            << ToJson((*totals)[0]) << ", sent items " << ToJson((*totals)[1]) << ", internet "
            << ToJson((*totals)[2]) << "\n";
  for (const auto& [value, n] : *counts) {
    const json::array& a = n.as_array();
    bool repeated = std::any_of(a.begin(), a.end(),
                                [](const json::value& c) { return c.to_number<double>() > 1; });
    if (!repeated) continue;
    std::cout << "  more than once: " << std::string_view(value) << "  inbox " << ToJson(a[0])
              << "  sent items " << ToJson(a[1]) << "  internet " << ToJson(a[2]) << "\n";
  }
  return Ok();
}

Status RunExoCmdlet(const SandboxGlobal& global, const std::string& cmdlet,
                    const std::vector<std::string>& args) {
  auto params = ParseCmdletArgs(args);
  if (!params) return Fail(params.error());
  json::array pairs;
  for (const auto& [k, v] : *params) pairs.push_back(json::array{json::string(k), json::string(v)});
  auto client = AdminClient::Connect(global.state_dir);
  if (!client) return Fail(client.error());
  auto tenant = ResolveTenant(**client, global.tenant);
  if (!tenant) return Fail(tenant.error());
  auto reply = (*client)->Call("POST", "tenants/" + PercentEncode(*tenant) + "/exchange",
                               json::object{{"cmdlet", cmdlet}, {"params", pairs}});
  if (!reply) return Fail(reply.error());
  if (global.json) {
    std::cout << ToJson(reply->at("objects")) << "\n";
    return Ok();
  }
  std::vector<std::string> columns;
  if (const json::array* c = JsonArray(*reply, "columns")) {
    for (const auto& v : *c) columns.emplace_back(v.as_string());
  }
  const json::array* objects = JsonArray(*reply, "objects");
  if (objects != nullptr) std::cout << RenderTable(columns, *objects);
  return Ok();
}

Status RunAddSecret(const SandboxGlobal& global, const std::string& app_id,
                    const std::string& body_json, const std::string& value_file) {
  auto client = AdminClient::Connect(global.state_dir);
  if (!client) return Fail(client.error());
  auto tenant = ResolveTenant(**client, global.tenant);
  if (!tenant) return Fail(tenant.error());
  auto body = ParseJson(body_json.empty() ? "{}" : body_json);
  if (!body) return Fail(body.error());
  auto reply = (*client)->Call(
      "POST", "tenants/" + PercentEncode(*tenant) + "/apps/" + PercentEncode(app_id) + "/secrets",
      *body);
  if (!reply) return Fail(reply.error());
  if (!value_file.empty()) {
    // Owner-only and whole: a reader never sees half a secret, and a file that held one
    // before gets mode 0600 whatever it had.
    const Secret value(JsonString(*reply, "value").value_or(""));
    if (auto written = WriteFileAtomic(value_file, value.Reveal(), kOwnerOnly); !written) {
      return Fail(written.error());
    }
    reply->as_object()["value"] = "(written to " + value_file + ")";
  }
  Print(*reply, global, "", {});
  return Ok();
}

Status RunSandboxStatus(const SandboxGlobal& global) {
  auto client = AdminClient::Connect(global.state_dir);
  if (!client) return Fail(client.error());
  auto health = (*client)->Call("GET", "health");
  if (!health) return Fail(health.error());
  json::value out = sandbox::EndpointToJson((*client)->endpoint());
  Print(out, global, "", {});
  return Ok();
}

}  // namespace graphpost::cli
