// SealedTokenStore: sealed token files; see sealed_token_store.hpp.
#include "app/sealed_token_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include <boost/json.hpp>
#include <sys/stat.h>

#include "core/base64.hpp"
#include "core/json.hpp"
#include "core/unique_fd.hpp"

namespace graphpost::app {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::system_clock;

constexpr std::size_t kMaxFileBytes = 64 * 1024;  // a token is a few KB

tl::unexpected<Error> IoError(int err, const std::string& what) {
  ErrorCode code = (err == EACCES || err == EPERM || err == EROFS) ? ErrorCode::kPermissionDenied
                                                                   : ErrorCode::kUnavailable;
  return Fail(code, "token cache: " + what + ": " + std::strerror(err));
}

long long EpochMs(system_clock::time_point t) {
  return std::chrono::duration_cast<milliseconds>(t.time_since_epoch()).count();
}

system_clock::time_point FromEpochMs(long long ms) {
  return system_clock::time_point(
      std::chrono::duration_cast<system_clock::duration>(milliseconds(ms)));
}

// The clear text that gets sealed: the token and its metadata as JSON.
Secret Serialize(const auth::StoredToken& token) {
  json::array roles;
  for (const auto& r : token.roles) roles.emplace_back(r);
  return Secret(ToJson(json::object{{"v", 1},
                                    {"accessToken", token.value.Reveal()},
                                    {"obtainedAtMs", EpochMs(token.obtained_at)},
                                    {"expiresAtMs", EpochMs(token.expires_at)},
                                    {"roles", std::move(roles)},
                                    {"tenantId", token.tenant_id}}));
}

Result<auth::StoredToken> Deserialize(const Secret& text, const fs::path& file) {
  auto parsed = ParseJson(text.Reveal());
  auto value = parsed ? JsonString(*parsed, "accessToken") : std::nullopt;
  auto obtained = parsed ? JsonInt(*parsed, "obtainedAtMs") : std::nullopt;
  auto expires = parsed ? JsonInt(*parsed, "expiresAtMs") : std::nullopt;
  if (!value || !obtained || !expires || JsonInt(*parsed, "v") != 1) {
    return Fail(ErrorCode::kInvalidArgument, "token cache: " + file.string() + " is not a token");
  }
  auth::StoredToken token{.value = Secret(std::move(*value)),
                          .obtained_at = FromEpochMs(*obtained),
                          .expires_at = FromEpochMs(*expires),
                          .tenant_id = JsonString(*parsed, "tenantId").value_or("")};
  if (const json::array* roles = JsonArray(*parsed, "roles")) {
    for (const auto& r : *roles) {
      if (r.is_string()) token.roles.emplace_back(r.as_string());
    }
  }
  return token;
}

Result<std::optional<std::string>> ReadPrivateFile(const fs::path& file) {
  UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0 && errno == ENOENT) return std::optional<std::string>();
  if (fd.get() < 0) return IoError(errno, "cannot open " + file.string());
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return IoError(errno, "cannot stat " + file.string());
  if ((st.st_mode & 077) != 0) {
    return Fail(ErrorCode::kFailedPrecondition,
                "token cache: " + file.string() + " is accessible by other users; ignored");
  }
  std::string text(kMaxFileBytes, '\0');
  ssize_t n = 0;
  do {
    n = ::read(fd.get(), text.data(), text.size());
  } while (n < 0 && errno == EINTR);
  if (n < 0) return IoError(errno, "cannot read " + file.string());
  text.resize(static_cast<std::size_t>(n));
  return std::optional<std::string>(std::move(text));
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

Status EnsureDirectory(const fs::path& dir) {
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return IoError(errno, "cannot create " + dir.string());
  }
  return Ok();
}

// Writes a fresh 0600 temporary file and renames it over `file`: readers see the old or the new
// file whole, and of two concurrent writers the last rename wins (both tokens are valid).
Status ReplaceFile(const fs::path& file, std::string_view content, Random& random) {
  fs::path tmp = file;
  tmp += ".tmp-" + Base64UrlEncode(random.Bytes(9));
  {
    UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (fd.get() < 0) return IoError(errno, "cannot create " + tmp.string());
    Status written = WriteAll(fd.get(), content);
    if (written && ::fsync(fd.get()) != 0) written = IoError(errno, "fsync " + tmp.string());
    if (!written) {
      ::unlink(tmp.c_str());
      return written;
    }
  }
  if (::rename(tmp.c_str(), file.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return IoError(err, "cannot replace " + file.string());
  }
  return Ok();
}

}  // namespace

SealedTokenStore::SealedTokenStore(fs::path dir, connections::SecretVault vault, Random& random)
    : dir_(std::move(dir)), vault_(std::move(vault)), random_(random) {}

std::string SealedTokenStore::NameFor(const std::string& key) const {
  return vault_.Fingerprint("graphpost token cache v1\n" + key).substr(0, 40);
}

fs::path SealedTokenStore::FileFor(const std::string& key) const {
  return dir_ / (NameFor(key) + ".token");
}

Result<std::optional<auth::StoredToken>> SealedTokenStore::Load(const std::string& key) {
  const fs::path file = FileFor(key);
  auto text = ReadPrivateFile(file);
  if (!text) return Fail(text.error());
  if (!text->has_value()) return std::optional<auth::StoredToken>();
  auto sealed = Base64Decode(**text);
  if (!sealed) {
    return Fail(ErrorCode::kInvalidArgument, "token cache: " + file.string() + " is corrupted");
  }
  auto opened = vault_.Open(*sealed, NameFor(key));
  if (!opened) return Fail(opened.error());
  auto token = Deserialize(*opened, file);
  if (!token) return Fail(token.error());
  return std::optional<auth::StoredToken>(std::move(*token));
}

Status SealedTokenStore::Save(const std::string& key, const auth::StoredToken& token) {
  if (auto dir = EnsureDirectory(dir_); !dir) return dir;
  auto sealed = vault_.Seal(Serialize(token), NameFor(key));
  if (!sealed) return Fail(sealed.error());
  return ReplaceFile(FileFor(key), Base64Encode(*sealed) + "\n", random_);
}

}  // namespace graphpost::app
