// connections/internal/private_files.hpp — the master key file, which only the owner may read (the
// database file's mode: sqlite/private_db_file.hpp). POSIX calls; thread-safe (no shared state),
// and safe against a second process doing the same at the same moment.
#pragma once

#include <cstddef>
#include <filesystem>

#include "core/random.hpp"
#include "core/result.hpp"
#include "core/secret.hpp"

namespace graphpost::connections::internal {

// Returns the text of the key file `file`: kNotFound when it is missing; otherwise as
// LoadOrCreateKeyFile.
[[nodiscard]] Result<Secret> LoadKeyFile(const std::filesystem::path& file);

// Returns the text of the key file `file`. When it is missing, first writes base64 of
// `key_size` bytes from `random` plus a newline to a temporary file (0600) and links it into
// place atomically, so concurrent creators agree on one key. kFailedPrecondition when the file
// is readable or writable by group or others; kUnavailable / kPermissionDenied on I/O failure.
[[nodiscard]] Result<Secret> LoadOrCreateKeyFile(const std::filesystem::path& file, Random& random,
                                                 std::size_t key_size);

}  // namespace graphpost::connections::internal
