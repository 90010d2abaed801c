// sqlite/private_db_file.hpp — database files only the owner may read: a 0700 directory, a 0600
// database file, and SQLite's -wal / -shm sidecars kept at the database file's mode. POSIX calls;
// thread-safe (no shared state), and safe against a second process doing the same at once.
#pragma once

#include <filesystem>

#include "core/result.hpp"

namespace graphpost::sqlite {

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

// All three for a database file about to be opened: its directory, the file itself (0600, so
// the sidecars SQLite creates get 0600 too) and sidecars left from earlier. ":memory:" is left
// alone. Errors as above.
[[nodiscard]] Status PreparePrivateDbFile(const std::filesystem::path& db_file);

}  // namespace graphpost::sqlite
