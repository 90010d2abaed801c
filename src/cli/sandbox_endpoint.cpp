#include "cli/sandbox_endpoint.hpp"

#include <filesystem>
#include <system_error>

#include "sandbox/server/state_dir.hpp"

namespace graphpost::cli {

connections::Connection WithRunningSandboxEndpoints(connections::Connection c) {
  if (c.ca_file.empty()) return c;
  std::filesystem::path ca(c.ca_file);
  if (ca.filename() != "ca.pem") return c;
  std::filesystem::path dir = ca.parent_path();
  std::error_code ec;
  if (!std::filesystem::exists(dir / "endpoint.json", ec)) return c;
  auto endpoint = sandbox::StateDir::ReadEndpoint(dir);
  // The same CA file means the same sandbox (its state directory), whatever port it now uses.
  if (!endpoint || !std::filesystem::equivalent(endpoint->ca_path, ca, ec)) return c;
  c.login_url = endpoint->login_url;
  c.graph_url = endpoint->graph_url;
  return c;
}

}  // namespace graphpost::cli
