// core/files.hpp — whole small files (keys, tokens, state, certificates, message bodies) read and
// written with POSIX calls, failures as values. Writes that replace a file do so atomically (a
// temporary file beside it, fsync, rename or link, fsync of the directory), so a reader or a crash
// sees the old file or the new one whole. Plain functions; thread-safe (no shared state), and safe
// against another process writing the same file at the same moment.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace graphpost {

// Read and write for the owner only (0600), for anything holding a key, token or secret.
inline constexpr std::filesystem::perms kOwnerOnly =
    std::filesystem::perms::owner_read | std::filesystem::perms::owner_write;
// 0644, for certificates and other files that anyone may read.
inline constexpr std::filesystem::perms kWorldReadable =
    kOwnerOnly | std::filesystem::perms::group_read | std::filesystem::perms::others_read;

// The Error for a failed OS call that set `err` (an errno value): kPermissionDenied for EACCES,
// EPERM and EROFS, kUnavailable otherwise; message "<what>: <strerror(err)>".
Error OsError(int err, std::string_view what);

// Writes all of `data` to `fd` (open on `file`), continuing after short writes and EINTR. OsError
// ("cannot write <file>: ...") on failure.
[[nodiscard]] Status WriteAll(int fd, std::string_view data, const std::filesystem::path& file);

// The whole content of `path`. kNotFound ("no file <path>") when missing; kInvalidArgument ("<path>
// is a directory, not a file"); kPermissionDenied / kUnavailable when it cannot be read.
[[nodiscard]] Result<std::string> ReadFileText(const std::filesystem::path& path);

// The content of a file that must be private to its owner, at most `max_bytes` of it (the rest is
// ignored). kNotFound when missing; kFailedPrecondition when group or others may read or write it
// (the message says to run chmod 600); kPermissionDenied / kUnavailable when it cannot be read.
[[nodiscard]] Result<std::string> ReadOwnerOnlyFile(const std::filesystem::path& path,
                                                    std::size_t max_bytes);

// Replaces (or creates) `path` with `text` and file mode `mode`, atomically and durably: a fresh
// temporary file beside it (unique, so concurrent writers never share one), fsync, rename over
// `path`, fsync of the directory. Of two concurrent writers the last rename wins. The temporary
// file is removed on failure. OsError naming the file on failure.
[[nodiscard]] Status WriteFileAtomic(const std::filesystem::path& path, std::string_view text,
                                     std::filesystem::perms mode);

// Creates `path` with `text` and `mode` only when it does not exist yet, atomically and durably (a
// temporary file linked into place, so no reader sees it half written). kAlreadyExists, leaving
// the existing file untouched, when `path` exists, so of concurrent creators exactly one wins.
// OsError naming the file on other failures.
[[nodiscard]] Status CreateFileAtomic(const std::filesystem::path& path, std::string_view text,
                                      std::filesystem::perms mode);

// Creates `dir` and its missing parents; each directory this call creates gets `mode` (existing
// ones are left as they are). No-op for an empty path. OsError on failure.
[[nodiscard]] Status EnsureDirectory(const std::filesystem::path& dir, std::filesystem::perms mode);

// fsync(2) of directory `dir`, so a file created, renamed or linked in it survives a crash.
// OsError on failure.
[[nodiscard]] Status SyncDirectory(const std::filesystem::path& dir);

}  // namespace graphpost
