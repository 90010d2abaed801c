// Reading and checking client secrets; see secret_input.hpp.
#include "cli/secret_input.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include <sys/stat.h>

#include "core/ascii.hpp"
#include "core/files.hpp"
#include "core/unique_fd.hpp"

namespace graphpost::cli {
namespace {

std::string TooLarge(std::string_view source) {
  return "secret from " + std::string(source) +
         ": more than 64 KB; a client secret is about 40 characters (is this the right file?)";
}

tl::unexpected<Error> FileError(int err, const std::filesystem::path& file) {
  Error error = OsError(err, "secret: cannot read the file " + file.string());
  if (err == ENOENT) error.code = ErrorCode::kNotFound;
  return Fail(std::move(error));
}

// Reads until end of file or one byte past the limit.
Result<std::string> ReadBounded(int fd, const std::filesystem::path& file) {
  std::string text;
  char buffer[8192];
  while (text.size() <= kMaxSecretBytes) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return FileError(errno, file);
    if (n == 0) return text;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  return Fail(ErrorCode::kInvalidArgument, TooLarge("the file " + file.string()));
}

}  // namespace

Result<std::string> ReadSecretStream(std::istream& in, std::string_view source) {
  std::string text;
  char buffer[8192];
  while (text.size() <= kMaxSecretBytes && in.read(buffer, sizeof buffer).gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
  }
  if (text.size() > kMaxSecretBytes) return Fail(ErrorCode::kInvalidArgument, TooLarge(source));
  return text;
}

Result<std::string> ReadSecretFile(const std::filesystem::path& file) {
  // O_NONBLOCK: opening a FIFO nobody writes to must not hang; it is cleared before reading.
  UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (fd.get() < 0) return FileError(errno, file);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return FileError(errno, file);
  if (S_ISDIR(st.st_mode)) {
    return Fail(ErrorCode::kInvalidArgument,
                "secret: " + file.string() +
                    " is a directory; --secret-file takes the file that holds the secret");
  }
  if (S_ISREG(st.st_mode) && static_cast<std::size_t>(st.st_size) > kMaxSecretBytes) {
    return Fail(ErrorCode::kInvalidArgument, TooLarge("the file " + file.string()));
  }
  ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
  return ReadBounded(fd.get(), file);
}

Result<Secret> CheckSecretValue(std::string value, std::string_view source) {
  std::string_view trimmed = TrimAscii(value);
  if (trimmed.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "secret from " + std::string(source) + " is " +
                    (value.empty() ? "empty" : "only whitespace") +
                    "; give the client secret's Value (Entra ID > App registrations > the app > "
                    "Certificates & secrets)");
  }
  return Secret(std::string(trimmed));
}

}  // namespace graphpost::cli
