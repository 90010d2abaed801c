// `graphpost sandbox serve`: start the sandbox, print where it listens, run until a signal.
#include <cmath>
#include <csignal>
#include <iostream>

#include <boost/json.hpp>

#include "cli/sandbox_commands.hpp"
#include "cli/stop_signals.hpp"
#include "core/clock.hpp"
#include "core/json.hpp"
#include "core/random.hpp"
#include "sandbox/server/sandbox.hpp"

namespace graphpost::cli {
namespace {

namespace json = boost::json;

void PrintListening(const sandbox::Sandbox& sb, bool json_only) {
  const auto& e = sb.endpoint();
  json::array secrets;
  for (const auto& s : sb.written_secrets()) {
    secrets.push_back({{"tenantId", s.tenant_id}, {"appId", s.app_id}, {"path", s.path}});
  }
  json::object line{{"event", "listening"},       {"baseUrl", e.base_url},
                    {"loginUrl", e.login_url},    {"graphUrl", e.graph_url},
                    {"caPath", e.ca_path},        {"port", e.port},
                    {"generatedSecrets", secrets}};
  if (!json_only) {
    std::cout << "graphpost sandbox listening on " << e.base_url << "\n"
              << "  CA certificate : " << e.ca_path
              << "  (trust it: NODE_EXTRA_CA_CERTS, curl --cacert)\n"
              << "  login base URL : " << e.login_url << "  (authority: " << e.login_url
              << "/<tenant>)\n"
              << "  Graph base URL : " << e.graph_url << "\n";
    for (const auto& s : sb.written_secrets()) {
      std::cout << "  new client secret for app " << s.app_id << " written to " << s.path
                << " (0600)\n";
    }
    std::cout << "Stop with Ctrl-C. Machine-readable:\n";
  }
  std::cout << ToJson(line) << std::endl;
}

}  // namespace

Result<json::object> SettingsPatch(const std::vector<std::string>& settings) {
  json::object patch;
  for (const auto& s : settings) {
    auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0)
      return Fail(ErrorCode::kInvalidArgument, "--set expects name=value, got '" + s + "'");
    char* end = nullptr;
    std::string value = s.substr(eq + 1);
    double number = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0' || !std::isfinite(number)) {
      return Fail(ErrorCode::kInvalidArgument,
                  "--set " + s.substr(0, eq) + " expects a number, got '" + value + "'");
    }
    patch[s.substr(0, eq)] = number;
  }
  return patch;
}

Status RunSandboxServe(const SandboxGlobal& global, const ServeOptions& options) {
  auto patch = SettingsPatch(options.settings);
  if (!patch) return Fail(patch.error());
  sigset_t signals = BlockStopSignals();
  SystemClock clock;
  SystemRandom random;
  sandbox::SandboxOptions sandbox_options{
      .state_dir = global.state_dir,
      .host = options.host,
      .port = static_cast<std::uint16_t>(options.port),
      .threads = options.threads,
      .scenario = options.scenario,
      .reset = options.reset,
      .settings_patch = *patch,
      .durability = options.fsync ? sandbox::JournalDurability::kPowerLoss
                                  : sandbox::JournalDurability::kProcessCrash};
  auto sb = sandbox::Sandbox::Start(sandbox_options, clock, random);
  if (!sb) return Fail(sb.error());
  PrintListening(**sb, global.json);
  int received = 0;
  sigwait(&signals, &received);
  (*sb)->Stop();
  if (!global.json)
    std::cout << "sandbox stopped; state saved in " << global.state_dir.string() << "\n";
  return Ok();
}

}  // namespace graphpost::cli
