// Owner-only database files; see private_db_file.hpp.
#include "sqlite/private_db_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include <sys/stat.h>

#include "core/unique_fd.hpp"

namespace graphpost::sqlite {
namespace {

namespace fs = std::filesystem;

tl::unexpected<Error> IoError(int err, const std::string& what) {
  ErrorCode code = (err == EACCES || err == EPERM || err == EROFS) ? ErrorCode::kPermissionDenied
                                                                   : ErrorCode::kUnavailable;
  return Fail(code, what + ": " + std::strerror(err));
}

}  // namespace

Status EnsurePrivateDirectory(const fs::path& dir) {
  if (dir.empty()) return Ok();
  std::error_code ec;
  bool created = fs::create_directories(dir, ec);
  if (ec) return IoError(ec.value(), "cannot create the directory " + dir.string());
  if (created) fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  if (ec) return IoError(ec.value(), "cannot restrict the directory " + dir.string());
  return Ok();
}

Status CreatePrivateFileIfMissing(const fs::path& file) {
  UniqueFd fd(::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (fd.get() < 0 && errno != EEXIST) return IoError(errno, "cannot create " + file.string());
  return Ok();
}

Status AlignSidecarFiles(const fs::path& db_file) {
  struct stat db {};
  if (::stat(db_file.c_str(), &db) != 0) return Ok();  // nothing to follow yet
  for (const char* suffix : {"-wal", "-shm"}) {
    fs::path sidecar = db_file;
    sidecar += suffix;
    struct stat st {};
    if (::lstat(sidecar.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    if ((st.st_mode & 07777) != (db.st_mode & 07777) &&
        ::chmod(sidecar.c_str(), db.st_mode & 07777) != 0) {
      return IoError(errno, "cannot give " + sidecar.string() + " the mode of " + db_file.string() +
                                " (run: chmod 600 " + sidecar.string() + ")");
    }
  }
  return Ok();
}

Status PreparePrivateDbFile(const fs::path& db_file) {
  if (db_file == ":memory:") return Ok();
  if (auto dir = EnsurePrivateDirectory(db_file.parent_path()); !dir) return dir;
  // SQLite would create the file 0644; creating it first makes it (and its -wal and -shm files,
  // which SQLite gives the database file's mode) owner-only.
  if (auto created = CreatePrivateFileIfMissing(db_file); !created) return created;
  return AlignSidecarFiles(db_file);
}

}  // namespace graphpost::sqlite
