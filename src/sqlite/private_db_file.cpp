// Owner-only database files; see private_db_file.hpp.
#include "sqlite/private_db_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include <sys/stat.h>

#include "core/files.hpp"
#include "core/unique_fd.hpp"

namespace graphpost::sqlite {

namespace fs = std::filesystem;

Status EnsurePrivateDirectory(const fs::path& dir) {
  return EnsureDirectory(dir, fs::perms::owner_all);
}

Status CreatePrivateFileIfMissing(const fs::path& file) {
  UniqueFd fd(::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (fd.get() < 0 && errno != EEXIST)
    return Fail(OsError(errno, "cannot create " + file.string()));
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
      return Fail(OsError(errno, "cannot give " + sidecar.string() + " the mode of " +
                                     db_file.string() + " (run: chmod 600 " + sidecar.string() +
                                     ")"));
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
