// `graphpost apikey create | ls | revoke` through the running gateway's operator routes.
#include <iostream>

#include <boost/json.hpp>

#include "cli/gateway_client.hpp"
#include "cli/gateway_commands.hpp"
#include "cli/table.hpp"
#include "core/json.hpp"

namespace graphpost::cli {
namespace {

const std::vector<std::string> kKeyColumns = {"id",          "name",      "admin",
                                              "connections", "createdAt", "revoked"};

}  // namespace

Status RunApiKeyCreate(const ClientGlobal& g, const ApiKeyCreateOptions& o) {
  auto client = GatewayClient::Connect(g.data_dir);
  if (!client) return Fail(client.error());
  json::array connections;
  for (const auto& c : o.connections) connections.emplace_back(c);
  auto created = (*client)->Call(
      "POST", "/v1/admin/apikeys",
      json::object{{"name", o.name}, {"connections", connections}, {"admin", o.admin}});
  if (!created) return Fail(created.error());
  if (g.json) {
    std::cout << ToJson(*created) << "\n";
    return Ok();
  }
  std::cout << "API key " << JsonString(*created, "id").value_or("") << " ("
            << JsonString(*created, "name").value_or("") << ")\n"
            << JsonString(*created, "key").value_or("") << "\n"
            << "This is the only time the key is shown: keep it in a secret store.\n";
  return Ok();
}

Status RunApiKeyList(const ClientGlobal& g) {
  auto client = GatewayClient::Connect(g.data_dir);
  if (!client) return Fail(client.error());
  auto listed = (*client)->Call("GET", "/v1/admin/apikeys");
  if (!listed) return Fail(listed.error());
  if (g.json) {
    std::cout << ToJson(*listed) << "\n";
    return Ok();
  }
  const auto* keys = JsonArray(*listed, "apiKeys");
  std::cout << RenderTable(kKeyColumns, keys ? *keys : json::array{});
  return Ok();
}

Status RunApiKeyRevoke(const ClientGlobal& g, const std::string& id) {
  auto client = GatewayClient::Connect(g.data_dir);
  if (!client) return Fail(client.error());
  auto revoked = (*client)->Call("POST", "/v1/admin/apikeys/" + id + "/revoke");
  if (!revoked) return Fail(revoked.error());
  if (g.json) {
    std::cout << ToJson(*revoked) << "\n";
  } else {
    std::cout << "API key " << id << " revoked\n";
  }
  return Ok();
}

}  // namespace graphpost::cli
