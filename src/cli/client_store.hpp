// cli/client_store.hpp — opening the connection store and the secret helpers shared by the
// client commands. Not thread-safe.
#pragma once

#include <memory>
#include <optional>

#include "cli/client_commands.hpp"
#include "connections/connection_store.hpp"
#include "core/secret.hpp"
#include "core/time_format.hpp"

namespace graphpost::cli {

// The store in <data_dir>/graphpost.db, sealed with GRAPHPOST_MASTER_KEY or <data_dir>/master.key.
[[nodiscard]] Result<std::unique_ptr<connections::ConnectionStore>> OpenClientStore(
    const ClientGlobal& g);
// A secret from stdin, a file or an environment variable; AZURE_CLIENT_SECRET when none is named.
[[nodiscard]] Result<Secret> ReadSecret(const SecretSource& source, const ClientEnv& env,
                                        bool required);
[[nodiscard]] Result<std::optional<WallTime>> ParseExpiry(const std::string& text);

}  // namespace graphpost::cli
