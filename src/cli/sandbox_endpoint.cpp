#include "cli/sandbox_endpoint.hpp"

#include <system_error>

namespace graphpost::cli {

void PointAtSandbox(connections::Connection& c, const sandbox::Endpoint& endpoint) {
  c.cloud = "custom";
  c.login_url = endpoint.login_url;
  c.graph_url = endpoint.graph_url;
  c.ca_file = endpoint.ca_path;
}

std::optional<std::filesystem::path> SandboxStateDirOf(const connections::Connection& c) {
  if (c.ca_file.empty()) return std::nullopt;
  std::filesystem::path ca(c.ca_file);
  if (ca.filename() != "ca.pem") return std::nullopt;
  std::error_code ec;
  if (!std::filesystem::exists(ca.parent_path() / "endpoint.json", ec)) return std::nullopt;
  return ca.parent_path();
}

connections::Connection WithRunningSandboxEndpoints(connections::Connection c) {
  auto dir = SandboxStateDirOf(c);
  if (!dir) return c;
  auto endpoint = sandbox::StateDir::ReadEndpoint(*dir);
  // The same CA file means the same sandbox (its state directory), whatever port it now uses.
  std::error_code ec;
  if (!endpoint || !std::filesystem::equivalent(endpoint->ca_path, c.ca_file, ec)) return c;
  c.login_url = endpoint->login_url;
  c.graph_url = endpoint->graph_url;
  return c;
}

}  // namespace graphpost::cli
