// `graphpost console reset-token`, and the text every new console admin token is shown with
// (docs/console.md, "Signing in").
#include <iostream>
#include <sstream>

#include <boost/json.hpp>

#include "cli/gateway_commands.hpp"
#include "console/console_token.hpp"
#include "core/files.hpp"
#include "core/json.hpp"
#include "core/random.hpp"
#include "gateway/gateway.hpp"

namespace graphpost::cli {
namespace {

// The running gateway's console address from gateway.json; empty when none runs.
std::string RunningConsoleUrl(const std::filesystem::path& data_dir) {
  auto text = ReadFileText(gateway::EndpointFile(data_dir));
  if (!text) return "";
  auto doc = ParseJson(*text);
  if (!doc) return "";
  auto base = JsonString(*doc, "baseUrl");
  return base ? *base + "/ui/" : "";
}

}  // namespace

std::string PrintableConsoleToken(const Secret& token, const std::string& console_url,
                                  const std::filesystem::path& hash_file,
                                  const std::string& program) {
  std::ostringstream out;
  out << "Console admin token (shown only now; " << hash_file.string()
      << " keeps just its SHA-256):\n\n"
      << "  " << token.Reveal() << "\n\n";
  if (!console_url.empty()) out << "Sign in with it at " << console_url << "\n";
  out << "Lost it? `" << program << " --data-dir " << hash_file.parent_path().string()
      << " console reset-token` makes a new one.\n";
  return out.str();
}

Status RunConsoleResetToken(const ClientGlobal& g) {
  if (auto dir = EnsureDirectory(g.data_dir, std::filesystem::perms::owner_all); !dir) {
    return Fail(dir.error());
  }
  SystemRandom random;
  const auto file = gateway::ConsoleTokenFile(g.data_dir);
  auto token = console::ResetConsoleToken(file, random);
  if (!token) return Fail(token.error().code, "console token: " + token.error().message);
  const Secret secret = std::move(*token);
  const std::string url = RunningConsoleUrl(g.data_dir);
  if (g.json) {
    json::object doc{{"token", secret.Reveal()}, {"file", file.string()}};
    if (!url.empty()) doc["consoleUrl"] = url;
    std::cout << ToJson(doc) << "\n";
    return Ok();
  }
  std::cout << PrintableConsoleToken(secret, url, file, "graphpost")
            << "The old token no longer signs in; sessions already open stay until they end.\n";
  return Ok();
}

}  // namespace graphpost::cli
