// connections/internal/private_files.hpp — files only the owner may read: the master key file and
// the database. POSIX calls; thread-safe (no shared state), and safe against a second process
// doing the same at the same moment.
#pragma once

#include <cstddef>
#include <filesystem>

#include "core/random.hpp"
#include "core/result.hpp"
#include "core/secret.hpp"

namespace graphpost::connections::internal {

// Creates `dir` (and missing parents) when missing; a directory this call creates gets mode 0700.
// kUnavailable / kPermissionDenied when it cannot.
[[nodiscard]] Status EnsurePrivateDirectory(const std::filesystem::path& dir);

// Creates an empty `file` with mode 0600 when it does not exist yet (existing files are left as
// they are). kUnavailable / kPermissionDenied when it cannot.
[[nodiscard]] Status CreatePrivateFileIfMissing(const std::filesystem::path& file);

// Returns the text of the key file `file`. When it is missing, first writes base64 of
// `key_size` bytes from `random` plus a newline to a temporary file (0600) and links it into
// place atomically, so concurrent creators agree on one key. kFailedPrecondition when the file
// is readable or writable by group or others; kUnavailable / kPermissionDenied on I/O failure.
[[nodiscard]] Result<Secret> LoadOrCreateKeyFile(const std::filesystem::path& file, Random& random,
                                                 std::size_t key_size);

}  // namespace graphpost::connections::internal
