// Small whole files; see files.hpp.
#include "core/files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <system_error>

#include <sys/stat.h>

#include "core/unique_fd.hpp"

namespace graphpost {
namespace {

namespace fs = std::filesystem;

// write(2) of all of `data`; 0 or the errno of the failure.
int WriteFd(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

// A temporary file beside `path`: an open descriptor and its name. Removed unless Release()d.
class TempFile {
 public:
  TempFile() = default;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (!name_.empty()) ::unlink(name_.c_str());
  }

  // mkostemp gives a name no other writer (thread or process) can hold at the same time.
  Status Create(const fs::path& path, fs::perms mode) {
    std::string name = path.string() + ".tmp-XXXXXX";
    fd_.Reset(::mkostemp(name.data(), O_CLOEXEC));
    if (!fd_.valid())
      return Fail(OsError(errno, "cannot create a temporary file for " + path.string()));
    name_ = std::move(name);
    if (::fchmod(fd_.get(), static_cast<mode_t>(mode)) != 0) {
      return Fail(OsError(errno, "cannot set the mode of " + name_));
    }
    return Ok();
  }

  // Writes `text` and flushes it to the disk, then closes the descriptor.
  Status WriteDurably(std::string_view text) {
    if (int err = WriteFd(fd_.get(), text); err != 0) {
      return Fail(OsError(err, "cannot write " + name_));
    }
    if (::fsync(fd_.get()) != 0) return Fail(OsError(errno, "cannot flush (fsync) " + name_));
    fd_.Reset();
    return Ok();
  }

  const std::string& name() const { return name_; }

 private:
  UniqueFd fd_;
  std::string name_;
};

Status ParentSynced(const fs::path& path) {
  fs::path dir = path.parent_path();
  return SyncDirectory(dir.empty() ? fs::path(".") : dir);
}

Result<UniqueFd> OpenForReading(const fs::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.valid()) return fd;
  if (errno == ENOENT) return Fail(ErrorCode::kNotFound, "no file " + path.string());
  return Fail(OsError(errno, "cannot open " + path.string()));
}

// Reads until end of file or `max_bytes`.
Result<std::string> ReadUpTo(int fd, const fs::path& path, std::size_t max_bytes) {
  std::string text;
  char buffer[16384];
  while (text.size() < max_bytes) {
    std::size_t want = std::min(sizeof(buffer), max_bytes - text.size());
    ssize_t n = ::read(fd, buffer, want);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      if (errno == EISDIR) {
        return Fail(ErrorCode::kInvalidArgument, path.string() + " is a directory, not a file");
      }
      return Fail(OsError(errno, "cannot read " + path.string()));
    }
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  return text;
}

}  // namespace

Error OsError(int err, std::string_view what) {
  ErrorCode code = (err == EACCES || err == EPERM || err == EROFS) ? ErrorCode::kPermissionDenied
                                                                   : ErrorCode::kUnavailable;
  return Error{
      code, std::string(what) + ": " + std::system_category().message(err), std::nullopt, {}};
}

Status WriteAll(int fd, std::string_view data, const fs::path& file) {
  if (int err = WriteFd(fd, data); err != 0)
    return Fail(OsError(err, "cannot write " + file.string()));
  return Ok();
}

Result<std::string> ReadFileText(const fs::path& path) {
  auto fd = OpenForReading(path);
  if (!fd) return Fail(fd.error());
  return ReadUpTo(fd->get(), path, std::string::npos);
}

Result<std::string> ReadOwnerOnlyFile(const fs::path& path, std::size_t max_bytes) {
  auto fd = OpenForReading(path);
  if (!fd) return Fail(fd.error());
  struct stat st {};
  if (::fstat(fd->get(), &st) != 0) return Fail(OsError(errno, "cannot stat " + path.string()));
  if ((st.st_mode & 077) != 0) {
    return Fail(ErrorCode::kFailedPrecondition,
                path.string() + " is accessible by other users; run: chmod 600 " + path.string());
  }
  return ReadUpTo(fd->get(), path, max_bytes);
}

Status WriteFileAtomic(const fs::path& path, std::string_view text, fs::perms mode) {
  TempFile tmp;
  if (auto created = tmp.Create(path, mode); !created) return created;
  if (auto written = tmp.WriteDurably(text); !written) return written;
  if (::rename(tmp.name().c_str(), path.c_str()) != 0) {
    return Fail(OsError(errno, "cannot replace " + path.string()));
  }
  return ParentSynced(path);
}

Status CreateFileAtomic(const fs::path& path, std::string_view text, fs::perms mode) {
  TempFile tmp;
  if (auto created = tmp.Create(path, mode); !created) return created;
  if (auto written = tmp.WriteDurably(text); !written) return written;
  // link(2), unlike rename(2), fails with EEXIST instead of replacing: the first creator wins.
  if (::link(tmp.name().c_str(), path.c_str()) != 0) {
    if (errno == EEXIST) return Fail(ErrorCode::kAlreadyExists, path.string() + " exists");
    return Fail(OsError(errno, "cannot create " + path.string()));
  }
  return ParentSynced(path);
}

Status EnsureDirectory(const fs::path& dir, fs::perms mode) {
  if (dir.empty()) return Ok();
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return Ok();
  if (auto parent = EnsureDirectory(dir.parent_path(), mode); !parent) return parent;
  if (::mkdir(dir.c_str(), static_cast<mode_t>(mode)) != 0) {
    if (errno == EEXIST) return Ok();  // a concurrent creator was first; its mode stands
    return Fail(OsError(errno, "cannot create the directory " + dir.string()));
  }
  // mkdir applies the umask; the caller asked for exactly `mode`.
  fs::permissions(dir, mode, fs::perm_options::replace, ec);
  if (ec) return Fail(OsError(ec.value(), "cannot restrict the directory " + dir.string()));
  return Ok();
}

Status SyncDirectory(const fs::path& dir) {
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) return Fail(OsError(errno, "cannot open the directory " + dir.string()));
  if (::fsync(fd.get()) != 0) return Fail(OsError(errno, "cannot flush " + dir.string()));
  return Ok();
}

}  // namespace graphpost
