// console/console_token.hpp — the console admin token (docs/console.md, "Signing in"): "gpc_" and
// 43 base64url characters (32 random bytes). Only its hex SHA-256 is kept, in
// `<data dir>/console-token.sha256` (mode 0600); the text is shown once, when made. Plain
// functions over the filesystem and the injected Random; thread-safe (core/files.hpp writes are
// atomic).
#pragma once

#include <filesystem>
#include <optional>

#include "core/random.hpp"
#include "core/result.hpp"
#include "core/secret.hpp"

namespace graphpost::console {

// Hex SHA-256 of a console token text (what the file holds and what a login is compared with).
std::string HashConsoleToken(std::string_view token_text);

// Makes a token and stores its hash in `path` when `path` does not exist yet: returns the token
// text (to print once at first start); nullopt when the file exists (it is left untouched).
// OsError-style codes (kPermissionDenied / kUnavailable) when the file cannot be written.
[[nodiscard]] Result<std::optional<Secret>> EnsureConsoleToken(const std::filesystem::path& path,
                                                               Random& random);

// Makes a new token and replaces the stored hash (`graphpost console reset-token`); the old token
// stops working at the next login. Returns the new text. Errors as EnsureConsoleToken.
[[nodiscard]] Result<Secret> ResetConsoleToken(const std::filesystem::path& path, Random& random);

// The stored hex hash (trimmed). kNotFound when the file is missing; kFailedPrecondition when it is
// readable by others or does not hold a 64-digit hex hash; kPermissionDenied / kUnavailable.
[[nodiscard]] Result<std::string> ReadConsoleTokenHash(const std::filesystem::path& path);

}  // namespace graphpost::console
