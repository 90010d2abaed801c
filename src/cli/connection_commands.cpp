// `graphpost connection add|list|show|remove|rotate-secret`.
#include <unistd.h>

#include <iostream>
#include <iterator>

#include <boost/json.hpp>

#include "cli/client_commands.hpp"
#include "cli/client_store.hpp"
#include "cli/sandbox_endpoint.hpp"
#include "cli/table.hpp"
#include "connections/connection_json.hpp"
#include "core/files.hpp"
#include "core/json.hpp"
#include "core/time_format.hpp"
#include "sandbox/server/state_dir.hpp"

namespace graphpost::cli {
namespace {

namespace json = boost::json;

Result<std::string> ReadFile(const std::string& path, std::string_view what) {
  auto text = ReadFileText(path);
  if (!text) return Fail(text.error().code, what.data() + std::string(": cannot read ") + path);
  return text;
}

// Splits a PEM file into its certificate and its private key blocks.
std::string PemBlock(const std::string& text, std::string_view kind) {
  std::string begin = "-----BEGIN " + std::string(kind);
  auto start = text.find(begin);
  if (start == std::string::npos) return "";
  auto end_marker = text.find("-----END ", start);
  if (end_marker == std::string::npos) return "";
  auto end = text.find("-----", end_marker + 9);
  return end == std::string::npos ? "" : text.substr(start, end + 5 - start) + "\n";
}

std::string KeyBlock(const std::string& text) {
  for (auto kind : {"PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"}) {
    if (auto block = PemBlock(text, kind); !block.empty()) return block;
  }
  return "";
}

Status FillCertificate(connections::Connection& c, const ConnectionAddOptions& o,
                       const ClientEnv& env) {
  std::string cert_file = o.certificate_file;
  if (cert_file.empty() && env.azure_client_certificate_path)
    cert_file = *env.azure_client_certificate_path;
  if (cert_file.empty()) return Ok();
  auto cert_text = ReadFile(cert_file, "certificate");
  if (!cert_text) return Fail(cert_text.error());
  c.auth_type = connections::AuthType::kCertificate;
  c.certificate_pem = PemBlock(*cert_text, "CERTIFICATE");
  std::string key_text = *cert_text;
  if (!o.private_key_file.empty()) {
    auto k = ReadFile(o.private_key_file, "private key");
    if (!k) return Fail(k.error());
    key_text = *k;
  }
  c.private_key_pem = Secret(KeyBlock(key_text));
  if (c.certificate_pem.empty())
    return Fail(ErrorCode::kInvalidArgument, "certificate: no PEM certificate in " + cert_file);
  if (c.private_key_pem.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "private key: no PEM private key found (give --private-key FILE)");
  }
  return Ok();
}

Status FillEndpoints(connections::Connection& c, const ConnectionAddOptions& o,
                     const ClientEnv& env) {
  c.cloud = o.cloud;
  c.login_url = o.login_url;
  c.graph_url = o.graph_url;
  c.ca_file = o.ca_file;
  if (auto s = CheckCaFile(c.ca_file); !s) return s;
  if (c.login_url.empty() && env.azure_authority_host) c.login_url = *env.azure_authority_host;
  if (!o.sandbox) {
    if (!c.login_url.empty() && !c.graph_url.empty() && o.cloud == "global") c.cloud = "custom";
    return Ok();
  }
  auto endpoint = sandbox::StateDir::ReadEndpoint(o.sandbox_dir);
  if (!endpoint) return Fail(endpoint.error());
  PointAtSandbox(c, *endpoint);
  return Ok();
}

void PrintConnection(const connections::Connection& c, bool as_json) {
  json::object view = connections::ConnectionToJson(c);
  if (as_json) {
    std::cout << ToJson(view) << "\n";
  } else {
    std::cout << RenderList(view);
  }
}

}  // namespace

Status RunConnectionAdd(const ClientGlobal& g, ConnectionAddOptions o) {
  connections::Connection c;
  c.name = o.name;
  c.tenant = !o.tenant.empty() ? o.tenant : g.env.azure_tenant_id.value_or("");
  c.client_id = !o.client_id.empty() ? o.client_id : g.env.azure_client_id.value_or("");
  c.user_id = o.user_id;
  if (auto s = FillCertificate(c, o, g.env); !s) return s;
  if (c.auth_type == connections::AuthType::kClientSecret) {
    auto secret = ReadSecret(o.secret, g.env, true);
    if (!secret) return Fail(secret.error());
    c.client_secret = std::move(*secret);
  }
  auto expiry = ParseExpiry(o.secret_expires);
  if (!expiry) return Fail(expiry.error());
  c.secret_expires_on = *expiry;
  if (auto s = FillEndpoints(c, o, g.env); !s) return s;
  auto client = OpenClient(g);
  if (!client) return Fail(client.error());
  if (auto s = (*client)->connections().Add(c); !s) return s;
  auto saved = (*client)->connections().Get(c.name);
  if (!saved) return Fail(saved.error());
  PrintConnection(*saved, g.json);
  return Ok();
}

Status RunConnectionList(const ClientGlobal& g) {
  auto client = OpenClient(g);
  if (!client) return Fail(client.error());
  auto all = (*client)->connections().List();
  if (!all) return Fail(all.error());
  json::array rows;
  for (const auto& c : *all) rows.push_back(connections::ConnectionToJson(c));
  if (g.json) {
    std::cout << ToJson(json::object{{"connections", rows}}) << "\n";
  } else {
    std::cout << RenderTable({"name", "userId", "tenant", "clientId", "authType", "cloud"}, rows);
  }
  return Ok();
}

Status RunConnectionShow(const ClientGlobal& g, const std::string& name) {
  auto client = OpenClient(g);
  if (!client) return Fail(client.error());
  auto c = (*client)->connections().Get(name);
  if (!c) return Fail(c.error());
  PrintConnection(*c, g.json);
  return Ok();
}

Status RunConnectionRemove(const ClientGlobal& g, const std::string& name) {
  auto client = OpenClient(g);
  if (!client) return Fail(client.error());
  if (auto s = (*client)->connections().Remove(name); !s) return s;
  if (g.json)
    std::cout << ToJson(json::object{{"removed", name}}) << "\n";
  else
    std::cout << "removed connection " << name << "\n";
  return Ok();
}

Status RunConnectionRotateSecret(const ClientGlobal& g, const std::string& name,
                                 const SecretSource& source, const std::string& expires) {
  ClientEnv env = g.env;
  env.azure_client_secret.reset();  // rotation takes an explicit new secret
  auto secret = ReadSecret(source, env, true);
  if (!secret) return Fail(secret.error());
  auto expiry = ParseExpiry(expires);
  if (!expiry) return Fail(expiry.error());
  auto client = OpenClient(g);
  if (!client) return Fail(client.error());
  auto updated = (*client)->connections().RotateSecret(name, *secret, *expiry);
  if (!updated) return Fail(updated.error());
  json::array names;
  for (const auto& n : *updated) names.emplace_back(n);
  if (g.json)
    std::cout << ToJson(json::object{{"updated", names}}) << "\n";
  else
    std::cout << "new secret saved for: " << RenderList({{"connections", names}}).substr(14);
  return Ok();
}

}  // namespace graphpost::cli
