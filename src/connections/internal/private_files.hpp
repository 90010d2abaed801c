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

// Gives SQLite's `-wal` and `-shm` files beside `db_file` the database file's mode. SQLite does
// this itself only when it creates them (or finds them empty), so a sidecar left behind while the
// database was read-only (0400) would otherwise stay unwritable for good. (Their owner SQLite
// already sets to the database file's on every open when it runs as root.) Missing files are
// fine. kPermissionDenied / kUnavailable when a sidecar cannot be changed.
[[nodiscard]] Status AlignSidecarFiles(const std::filesystem::path& db_file);

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
