// console/console_token.hpp — the console admin token (docs/console.md, "Signing in"): made once,
// kept on disk only as the hex SHA-256 of its text in `<data dir>/console-token.sha256` (0600).
// Plain functions over the file; safe to call from several processes (the file is replaced
// atomically).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/random.hpp"
#include "core/result.hpp"

namespace graphpost::console {

// Creates the hash file when it is missing and returns the new token's text ("gpc_" + 43
// base64url characters) — the only time it exists outside the person who keeps it; nullopt when
// the file already exists. OsError-style errors of the file.
[[nodiscard]] Result<std::optional<std::string>> EnsureConsoleToken(
    const std::filesystem::path& path, Random& random);

// Always makes a new token, replaces the file's hash and returns the token's text once.
[[nodiscard]] Result<std::string> ResetConsoleToken(const std::filesystem::path& path,
                                                    Random& random);

// The stored hex SHA-256. kNotFound when there is no file; kFailedPrecondition when group or
// others may read it.
[[nodiscard]] Result<std::string> ReadConsoleTokenHash(const std::filesystem::path& path);

}  // namespace graphpost::console
