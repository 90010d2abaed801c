#include "cli/client_store.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include "cli/sandbox_endpoint.hpp"
#include "cli/secret_input.hpp"

namespace graphpost::cli {

std::filesystem::path DefaultDataDir() {
  if (const char* dir = std::getenv("GRAPHPOST_DATA_DIR"); dir && *dir) return dir;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return std::filesystem::path(xdg) / "graphpost";
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home ? home : ".") / ".local" / "share" / "graphpost";
}

Result<std::unique_ptr<app::Client>> OpenClient(const ClientGlobal& g, ClientTuning tuning) {
  return app::Client::Open({.data_dir = g.data_dir,
                            .master_key = g.env.master_key,
                            .graph_timeout = tuning.graph_timeout,
                            .tokens_on_disk = tuning.tokens_on_disk,
                            .resolve = WithRunningSandboxEndpoints},
                           {.clock = tuning.clock});
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

Status CheckCaFile(const std::string& path) {
  if (path.empty()) return Ok();
  std::error_code ec;
  const bool regular = std::filesystem::is_regular_file(path, ec);
  if (!regular || !std::ifstream(path)) {
    return Fail(ErrorCode::kInvalidArgument,
                "--ca-file: '" + path + "' is not a file this user can read (a PEM CA bundle)");
  }
  return Ok();
}

Result<std::optional<WallTime>> ParseExpiry(const std::string& text) {
  if (text.empty()) return std::optional<WallTime>{};
  // Past 2262 the clock's nanoseconds no longer fit 64 bits (2300-01-01 was once saved as
  // 1715-06-13), so the year is checked before the date is read.
  if (text.size() >= 4 &&
      std::all_of(text.begin(), text.begin() + 4, [](char c) { return c >= '0' && c <= '9'; })) {
    const int year = std::stoi(text.substr(0, 4));
    if (year < 1970 || year > 2200) {
      return Fail(ErrorCode::kInvalidArgument,
                  "--secret-expires: '" + text + "' is outside the years 1970 to 2200");
    }
  }
  auto t = ParseIso8601(text);
  if (!t)
    return Fail(ErrorCode::kInvalidArgument,
                "--secret-expires: not an ISO 8601 date: '" + text + "'");
  return std::optional<WallTime>(*t);
}

}  // namespace graphpost::cli
