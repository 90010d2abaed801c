// Owner-only files; see private_files.hpp.
#include "connections/internal/private_files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include <sys/stat.h>

#include "core/base64.hpp"
#include "core/files.hpp"
#include "core/unique_fd.hpp"

namespace graphpost::connections::internal {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxKeyFileSize = 4096;

// The key file's text (kNotFound "no key file ..." when missing).
Result<Secret> ReadKeyFile(const fs::path& file) {
  auto text = ReadOwnerOnlyFile(file, kMaxKeyFileSize);
  if (!text && text.error().code == ErrorCode::kNotFound) {
    return Fail(ErrorCode::kNotFound, "no key file " + file.string());
  }
  if (!text) return Fail(text.error());
  return Secret(std::move(*text));
}

// Writes base64 of `key_size` random bytes as the key file, unless a concurrent creator was
// first: its key then wins, for every process alike.
Status CreateKeyFile(const fs::path& file, Random& random, std::size_t key_size) {
  Secret content(Base64Encode(random.Bytes(key_size)) + "\n");
  Status created = CreateFileAtomic(file, content.Reveal(), kOwnerOnly);
  if (!created && created.error().code != ErrorCode::kAlreadyExists) {
    return Fail(created.error().code, "cannot create the key file: " + created.error().message);
  }
  return Ok();
}

}  // namespace

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

Result<Secret> LoadKeyFile(const fs::path& file) { return ReadKeyFile(file); }

Result<Secret> LoadOrCreateKeyFile(const fs::path& file, Random& random, std::size_t key_size) {
  if (auto dir = EnsurePrivateDirectory(file.parent_path()); !dir) return Fail(dir.error());
  auto existing = ReadKeyFile(file);
  if (existing || existing.error().code != ErrorCode::kNotFound) return existing;
  if (auto created = CreateKeyFile(file, random, key_size); !created) return Fail(created.error());
  return ReadKeyFile(file);
}

}  // namespace graphpost::connections::internal
