// `graphpost serve`: read the configuration, start the gateway (and with --demo the embedded
// sandbox first), print where it listens, wait for SIGTERM/SIGINT, shut down gracefully.
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <iostream>

#include <boost/json.hpp>

#include "cli/client_store.hpp"
#include "cli/gateway_commands.hpp"
#include "cli/stop_signals.hpp"
#include "core/clock.hpp"
#include "core/json.hpp"
#include "core/random.hpp"
#include "delivery/delivery_engine.hpp"
#include "gateway/config_file.hpp"
#include "gateway/demo.hpp"
#include "gateway/gateway.hpp"
#include "log/spdlog_logger.hpp"

namespace graphpost::cli {
namespace {

using gateway::GatewayConfig;

// The flags with names of their own, then --set (both are flags; --set key=value comes last).
Status ApplyNamedFlags(GatewayConfig& config, const ServeGatewayOptions& o, const ClientGlobal& g) {
  std::vector<std::pair<std::string, std::string>> flags;
  if (o.data_dir_given) flags.emplace_back("data_dir", g.data_dir.string());
  if (o.host) flags.emplace_back("server.host", *o.host);
  if (o.port) flags.emplace_back("server.port", std::to_string(*o.port));
  if (o.tls_cert) flags.emplace_back("server.tls_cert", *o.tls_cert);
  if (o.tls_key) flags.emplace_back("server.tls_key", *o.tls_key);
  if (o.shutdown_deadline) flags.emplace_back("server.shutdown_deadline", *o.shutdown_deadline);
  if (o.no_console) flags.emplace_back("console.enabled", "false");
  for (const auto& [key, value] : flags) {
    if (auto set = gateway::SetSetting(config, key, value); !set) {
      return Fail(ErrorCode::kInvalidArgument, "flag: " + set.error().message);
    }
  }
  return gateway::ApplyAssignments(config, o.sets);
}

Result<GatewayConfig> LoadConfig(const ClientGlobal& g, const ServeGatewayOptions& o) {
  GatewayConfig config = gateway::DefaultConfig(g.data_dir);
  if (!o.config_file.empty()) {
    if (auto read = gateway::ApplyConfigFile(config, o.config_file); !read) {
      return Fail(ErrorCode::kInvalidArgument, read.error().message);
    }
  }
  if (g.env.lookup) {
    if (auto env = gateway::ApplyEnvironment(config, g.env.lookup); !env) return Fail(env.error());
  }
  if (auto flags = ApplyNamedFlags(config, o, g); !flags) return Fail(flags.error());
  if (auto valid = gateway::ValidateConfig(config); !valid) return Fail(valid.error());
  return config;
}

// The setup guide's scenario: as given, else in the working directory, else in the source tree
// the binary was built in (build/cmd/graphpost/graphpost → ../../../scenarios).
std::filesystem::path DemoScenario(const ServeGatewayOptions& o) {
  if (!o.demo_scenario.empty()) return o.demo_scenario;
  const std::filesystem::path relative = "scenarios/setup-guide.json";
  if (std::filesystem::exists(relative)) return relative;
  std::error_code ec;
  auto beside = std::filesystem::path(o.program).parent_path() / "../../.." / relative;
  if (std::filesystem::exists(beside, ec)) return beside.lexically_normal();
  return relative;
}

void PrintListening(const gateway::GatewayEndpoint& e, const GatewayConfig& config, bool demo,
                    const std::string& program) {
  json::object line{{"event", "listening"},
                    {"baseUrl", e.base_url},
                    {"port", e.port},
                    {"smtpPort", e.smtp_port},
                    {"smtpsPort", e.smtps_port},
                    {"dataDir", config.data_dir.string()},
                    {"operatorKeyFile", gateway::OperatorKeyFile(config.data_dir).string()}};
  if (config.console_enabled) line["consoleUrl"] = e.base_url + "/ui/";
  if (demo) {
    line["demoKeyFile"] = gateway::DemoKeyFile(config.data_dir).string();
    line["demoSandboxDir"] = gateway::DemoSandboxDir(config.data_dir).string();
    line["demoMessage"] = gateway::DemoMessageJson();
    if (e.smtp_port != 0) {
      line["demoSmtpAccount"] = gateway::kDemoSmtpAccount;
      line["demoSmtpPasswordFile"] = gateway::DemoSmtpPasswordFile(config.data_dir).string();
    }
    std::cout << gateway::DemoInstructions(e.base_url, config.data_dir, program, e.smtp_port,
                                           config.console_enabled)
              << "\n";
  } else {
    std::cout << "graphpost gateway listening on " << e.base_url;
    if (e.smtp_port != 0) std::cout << ", SMTP on " << config.smtp.host << ":" << e.smtp_port;
    if (e.smtps_port != 0) std::cout << " and " << e.smtps_port << " (implicit TLS)";
    std::cout << " (data in " << config.data_dir.string() << "). Stop with Ctrl-C.\n";
    if (config.console_enabled) std::cout << "Web console: " << e.base_url << "/ui/\n";
  }
  std::cout << ToJson(line) << std::endl;
}

// The console admin token of a first start, once, on stdout only (never the log on stderr).
void PrintNewConsoleToken(const Secret& token, const std::string& base_url,
                          const GatewayConfig& config, const std::string& program) {
  if (token.empty()) return;
  std::cout << PrintableConsoleToken(token, base_url + "/ui/",
                                     gateway::ConsoleTokenFile(config.data_dir), program)
            << "\n";
}

// The demo's sandbox and connection, before the gateway starts (its engine reads the connection).
Result<std::unique_ptr<sandbox::Sandbox>> PrepareDemo(const ServeGatewayOptions& o,
                                                      const GatewayConfig& config,
                                                      connections::ConnectionStore& store,
                                                      Clock& clock, Random& random) {
  auto sb = gateway::StartDemoSandbox(config.data_dir, DemoScenario(o), clock, random);
  if (!sb) return Fail(sb.error());
  if (auto saved = gateway::SaveDemoConnection(store, **sb, config.data_dir); !saved) {
    return Fail(saved.error());
  }
  return sb;
}

// A TLS file named in the configuration that is not there: Gateway::Start would fail on it.
Status CheckTlsFile(std::string_view key, const std::filesystem::path& path) {
  std::error_code ec;
  if (path.empty() || std::filesystem::is_regular_file(path, ec)) return Ok();
  return Fail(ErrorCode::kInvalidArgument,
              std::string(key) + ": " + path.string() + " is not a readable file");
}

// What --check-config can judge beyond the settings: the TLS files exist, and every connection
// an smtp.relay range names is in the connection store (opened as `serve` would open it).
Status CheckConfigAgainstDisk(const ClientGlobal& g, const GatewayConfig& config) {
  for (auto [key, path] : {std::pair{"server.tls_cert", &config.tls_cert},
                           std::pair{"server.tls_key", &config.tls_key},
                           std::pair{"smtp.tls_cert", &config.smtp.tls_cert},
                           std::pair{"smtp.tls_key", &config.smtp.tls_key}}) {
    if (auto ok = CheckTlsFile(key, *path); !ok) return ok;
  }
  if (!config.smtp.enabled || config.smtp.relay.empty()) return Ok();
  ClientGlobal client_global = g;
  client_global.data_dir = config.data_dir;
  auto client = OpenClient(client_global);
  if (!client) return Fail(client.error());
  for (const auto& range : config.smtp.relay) {
    for (const std::string& name : range.connections) {
      if ((*client)->connections().Get(name)) continue;
      return Fail(ErrorCode::kInvalidArgument,
                  "smtp.relay: the range " + range.from + " names the connection '" + name +
                      "', which does not exist (`graphpost connection list` shows the saved ones)");
    }
  }
  return Ok();
}

}  // namespace

Status RunServe(const ClientGlobal& g, const ServeGatewayOptions& o) {
  auto config = LoadConfig(g, o);
  if (!config) return Fail(config.error());
  if (o.check_config) {
    if (auto ok = CheckConfigAgainstDisk(g, *config); !ok) return ok;
    std::cout << gateway::RenderConfigToml(*config);
    return Ok();
  }
  sigset_t signals = BlockStopSignals();
  SystemClock clock;
  SystemRandom random;
  auto logger = log::NewStderrLogger(
      clock, {.format = config->log_format == "text" ? log::LogFormat::kText
                                                     : log::LogFormat::kJsonLines});
  ClientGlobal client_global = g;
  client_global.data_dir = config->data_dir;
  auto client = OpenClient(client_global);
  if (!client) return Fail(client.error());
  std::unique_ptr<sandbox::Sandbox> demo_sandbox;
  if (o.demo) {
    auto sb = PrepareDemo(o, *config, (*client)->connections(), clock, random);
    if (!sb) return Fail(sb.error());
    demo_sandbox = std::move(*sb);
  }
  auto gw = gateway::Gateway::Start(
      *config, {.clock = clock,
                .random = random,
                .log = *logger,
                .client = std::move(*client),
                .make_engine = delivery::MakeDeliveryEngine,
                .sandbox_admin = demo_sandbox ? gateway::DemoSandboxAdmin(*demo_sandbox)
                                              : console::SandboxAdmin()});
  if (!gw) return Fail(gw.error());
  PrintNewConsoleToken((*gw)->TakeNewConsoleToken(), (*gw)->endpoint().base_url, *config,
                       o.program);
  if (o.demo) {
    auto key = gateway::EnsureDemoKey((*gw)->outbox(), clock, random, config->data_dir);
    if (!key) return Fail(key.error());
    if (config->smtp.enabled) {
      auto account =
          gateway::EnsureDemoSmtpAccount((*gw)->outbox(), clock, random, config->data_dir);
      if (!account) return Fail(account.error());
    }
  }
  PrintListening((*gw)->endpoint(), *config, o.demo, o.program);
  int received = 0;
  sigwait(&signals, &received);
  logger->Info("stop signal", {{"signal", received == SIGTERM ? "SIGTERM" : "SIGINT"}});
  (*gw)->Shutdown();
  gw->reset();
  if (demo_sandbox) demo_sandbox->Stop();
  return Ok();
}

}  // namespace graphpost::cli
