// cli/client_store.hpp — opening the client (app::Client, which owns the connection store) and
// the secret helpers shared by the client commands. Not thread-safe.
#pragma once

#include <memory>
#include <optional>

#include "app/client.hpp"
#include "cli/client_commands.hpp"
#include "core/secret.hpp"
#include "core/time_format.hpp"

namespace graphpost::cli {

// The client's composition root over <data_dir> (store sealed with GRAPHPOST_MASTER_KEY or
// <data_dir>/master.key, tokens in <data_dir>/tokens), following a restarted sandbox for
// `--sandbox` connections. Failures as app::Client::Open.
struct ClientTuning {
  std::chrono::milliseconds graph_timeout{std::chrono::seconds{60}};  // per Graph request
  bool tokens_on_disk = true;  // false for the doctor (see app::ClientOptions)
  // The client's clock (tokens, client assertions, expiry checks); null: the system clock. The
  // migration rehearsal passes one that follows the sandbox's moved clock. Must outlive the client.
  Clock* clock = nullptr;
};
[[nodiscard]] Result<std::unique_ptr<app::Client>> OpenClient(const ClientGlobal& g,
                                                              ClientTuning tuning = {});
// A secret from stdin, a file or an environment variable; AZURE_CLIENT_SECRET when none is named.
[[nodiscard]] Result<Secret> ReadSecret(const SecretSource& source, const ClientEnv& env,
                                        bool required);
// --ca-file: empty, or a regular file the user can read; kInvalidArgument naming the flag
// otherwise (a missing bundle used to be saved and only failed at the first connection).
[[nodiscard]] Status CheckCaFile(const std::string& path);
// --secret-expires: empty (no date) or ISO 8601 in the years 1970 to 2200; kInvalidArgument
// naming the flag otherwise.
[[nodiscard]] Result<std::optional<WallTime>> ParseExpiry(const std::string& text);

}  // namespace graphpost::cli
