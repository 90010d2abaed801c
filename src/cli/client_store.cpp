#include "cli/client_store.hpp"

#include <cstdlib>
#include <iostream>
#include <iterator>

#include "cli/secret_input.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "sandbox/server/state_dir.hpp"

namespace graphpost::cli {

std::filesystem::path DefaultDataDir() {
  if (const char* dir = std::getenv("GRAPHPOST_DATA_DIR"); dir && *dir) return dir;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return std::filesystem::path(xdg) / "graphpost";
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home ? home : ".") / ".local" / "share" / "graphpost";
}

Result<std::unique_ptr<connections::ConnectionStore>> OpenClientStore(const ClientGlobal& g) {
  static SystemClock clock;
  static SystemRandom random;
  // A passphrase is stretched with this salt; a base64 key of 32 bytes is used as is.
  constexpr std::string_view kSalt = "graphpost/connections/v1";
  const std::filesystem::path db_file = g.data_dir / "graphpost.db";
  if (!g.env.master_key) {
    return connections::ConnectionStore::OpenWithKeyFile(db_file, g.data_dir / "master.key", random,
                                                         clock);
  }
  auto vault = connections::SecretVault::FromMasterKey(*g.env.master_key, kSalt);
  if (!vault) return Fail(vault.error());
  return connections::ConnectionStore::Open(db_file, std::move(*vault), clock);
}

Result<Secret> ReadSecret(const SecretSource& source, const ClientEnv& env, bool required) {
  std::string value;
  std::string from;  // for messages: where the value came from
  if (source.from_stdin) {
    from = "standard input (--secret-stdin)";
    auto text = ReadSecretStream(std::cin, from);
    if (!text) return Fail(text.error());
    value = std::move(*text);
  } else if (!source.file.empty()) {
    from = "the file " + source.file + " (--secret-file)";
    auto text = ReadSecretFile(source.file);
    if (!text) return Fail(text.error());
    value = std::move(*text);
  } else if (!source.env_var.empty()) {
    from = "the environment variable " + source.env_var + " (--secret-env)";
    auto v = env.lookup ? env.lookup(source.env_var) : std::nullopt;
    if (!v)
      return Fail(ErrorCode::kInvalidArgument,
                  "secret: environment variable " + source.env_var + " is not set");
    value = *v;
  } else if (env.azure_client_secret) {
    from = "the environment variable AZURE_CLIENT_SECRET";
    value = *env.azure_client_secret;
  } else if (required) {
    return Fail(ErrorCode::kInvalidArgument,
                "secret: give --secret-stdin, --secret-file FILE or --secret-env NAME (or set "
                "AZURE_CLIENT_SECRET); "
                "secrets are never taken from the command line");
  } else {
    return Secret();
  }
  return CheckSecretValue(std::move(value), from);
}

Result<std::optional<WallTime>> ParseExpiry(const std::string& text) {
  if (text.empty()) return std::optional<WallTime>{};
  auto t = ParseIso8601(text);
  if (!t)
    return Fail(ErrorCode::kInvalidArgument,
                "--secret-expires: not an ISO 8601 date: '" + text + "'");
  return std::optional<WallTime>(*t);
}

}  // namespace graphpost::cli
