// Owner-only files; see private_files.hpp.
#include "connections/internal/private_files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include <sys/stat.h>

#include "core/base64.hpp"
#include "core/unique_fd.hpp"
#include "crypto/digest.hpp"
#include "sqlite/private_db_file.hpp"

namespace graphpost::connections::internal {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxKeyFileSize = 4096;

tl::unexpected<Error> IoError(int err, const std::string& what) {
  ErrorCode code = (err == EACCES || err == EPERM || err == EROFS) ? ErrorCode::kPermissionDenied
                                                                   : ErrorCode::kUnavailable;
  return Fail(code, what + ": " + std::strerror(err));
}

Status WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError(errno, "write");
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return Ok();
}

// Writes `content` to a fresh 0600 temporary file beside `file`, then link()s it into place:
// link fails with EEXIST instead of replacing, so a concurrent creator's key wins consistently.
Status CreateKeyFile(const fs::path& file, Random& random, std::size_t key_size) {
  fs::path tmp = file;
  tmp += ".tmp-" + crypto::HexLower(random.Bytes(8));
  std::string content = Base64Encode(random.Bytes(key_size)) + "\n";
  {
    UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (fd.get() < 0) return IoError(errno, "cannot create the key file " + file.string());
    Status written = WriteAll(fd.get(), content);
    if (written && ::fsync(fd.get()) != 0) written = IoError(errno, "fsync");
    if (!written) {
      ::unlink(tmp.c_str());
      return Fail(written.error().code,
                  "cannot write the key file " + file.string() + ": " + written.error().message);
    }
  }
  int linked = ::link(tmp.c_str(), file.c_str());
  int link_errno = errno;
  ::unlink(tmp.c_str());
  if (linked != 0 && link_errno != EEXIST) {
    return IoError(link_errno, "cannot create the key file " + file.string());
  }
  return Ok();
}

Result<Secret> ReadKeyFile(const fs::path& file, int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return IoError(errno, "cannot stat the key file " + file.string());
  if ((st.st_mode & 077) != 0) {
    return Fail(ErrorCode::kFailedPrecondition,
                "the key file " + file.string() + " is accessible by other users; run: chmod 600 " +
                    file.string());
  }
  std::string text(kMaxKeyFileSize, '\0');
  ssize_t n = 0;
  do {
    n = ::read(fd, text.data(), text.size());
  } while (n < 0 && errno == EINTR);
  if (n < 0) return IoError(errno, "cannot read the key file " + file.string());
  text.resize(static_cast<std::size_t>(n));
  return Secret(std::move(text));
}

}  // namespace

Result<Secret> LoadKeyFile(const fs::path& file) {
  UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() >= 0) return ReadKeyFile(file, fd.get());
  if (errno == ENOENT) return Fail(ErrorCode::kNotFound, "no key file " + file.string());
  return IoError(errno, "cannot open the key file " + file.string());
}

Result<Secret> LoadOrCreateKeyFile(const fs::path& file, Random& random, std::size_t key_size) {
  if (auto dir = sqlite::EnsurePrivateDirectory(file.parent_path()); !dir) return Fail(dir.error());
  UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() >= 0) return ReadKeyFile(file, fd.get());
  if (errno != ENOENT) return IoError(errno, "cannot open the key file " + file.string());
  if (auto created = CreateKeyFile(file, random, key_size); !created) return Fail(created.error());
  UniqueFd created_fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (created_fd.get() < 0) return IoError(errno, "cannot open the key file " + file.string());
  return ReadKeyFile(file, created_fd.get());
}

}  // namespace graphpost::connections::internal
