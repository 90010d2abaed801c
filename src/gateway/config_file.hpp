// gateway/config_file.hpp — reading the TOML configuration file of `graphpost serve` (the only
// place that includes toml++). Thread-compatible.
#pragma once

#include <filesystem>

#include "core/result.hpp"
#include "gateway/gateway_config.hpp"

namespace graphpost::gateway {

// Applies every setting of the TOML file at `path` (tables are the key's sections:
// `[server] port = 8443` sets "server.port"; `[connections.contoso] messages_per_minute = 10`).
// kInvalidArgument naming the file (and line) for a syntax error, an unknown key, or a value of
// the wrong type or range; kNotFound when the file does not exist.
[[nodiscard]] Status ApplyConfigFile(GatewayConfig& config, const std::filesystem::path& path);

// The same from the file's text; `name` stands for the file in messages.
[[nodiscard]] Status ApplyConfigText(GatewayConfig& config, std::string_view text,
                                     const std::string& name);

}  // namespace graphpost::gateway
