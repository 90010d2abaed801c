#include "sandbox/server/state_dir.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include <boost/json.hpp>
#include <sys/file.h>

#include "core/base64.hpp"
#include "core/files.hpp"
#include "core/json.hpp"

namespace graphpost::sandbox {
namespace fs = std::filesystem;
namespace {

Result<crypto::Key> LoadOrCreateKey(const fs::path& path, bool rsa) {
  auto text = ReadFileText(path);
  if (text) return crypto::Key::FromPem(*text);
  if (text.error().code != ErrorCode::kNotFound) return Fail(text.error());
  auto key = rsa ? crypto::Key::GenerateRsa(2048) : crypto::Key::GenerateP256();
  if (!key) return key;
  if (auto s = WriteFileAtomic(path, key->PrivatePem(), kOwnerOnly); !s) return Fail(s.error());
  return key;
}

Result<crypto::Certificate> CreateCa(const fs::path& dir, const crypto::Key& key, Clock& clock) {
  crypto::CertificateRequest req{.common_name = "graphpost sandbox CA",
                                 .is_ca = true,
                                 .not_before = clock.WallNow() - std::chrono::hours{1},
                                 .not_after = clock.WallNow() + std::chrono::days{3650}};
  auto ca = crypto::Certificate::SelfSigned(req, key);
  if (!ca) return ca;
  if (auto s = WriteFileAtomic(dir / "ca.pem", ca->Pem(), kWorldReadable); !s)
    return Fail(s.error());
  return ca;
}

Result<crypto::Certificate> LoadOrCreateCa(const fs::path& dir, const crypto::Key& key,
                                           Clock& clock) {
  auto text = ReadFileText(dir / "ca.pem");
  if (!text) return CreateCa(dir, key, clock);
  return crypto::Certificate::FromPem(*text);
}

bool NeedsRenewal(const Result<crypto::Certificate>& cert, Clock& clock) {
  return !cert || cert->NotAfter() < clock.WallNow() + std::chrono::days{30};
}

std::string LockHolder(int fd) {
  char buffer[32] = {};
  ssize_t n = ::pread(fd, buffer, sizeof(buffer) - 1, 0);
  std::string pid(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  return pid.empty() ? "unknown" : pid;
}

// The exclusive lock of a state directory; the file then names our PID for the next comer.
Result<int> LockDirectory(const fs::path& dir) {
  fs::path path = dir / "sandbox.lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Fail(OsError(errno, "cannot open " + path.string()));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    bool busy = errno == EWOULDBLOCK;
    Error failure = OsError(errno, "cannot lock " + path.string());
    std::string holder = busy ? LockHolder(fd) : "";
    ::close(fd);
    if (!busy) return Fail(std::move(failure));
    return Fail(ErrorCode::kUnavailable,
                "state directory " + dir.string() +
                    " is in use by another graphpost process (pid " + holder +
                    ") — a `graphpost sandbox serve` or `graphpost serve --demo`; stop it first, " +
                    "or use another --state-dir (or --data-dir for the demo)");
  }
  std::string pid = std::to_string(::getpid()) + "\n";
  Status written = ::ftruncate(fd, 0) == 0
                       ? WriteAll(fd, pid, path)
                       : Status(Fail(OsError(errno, "cannot truncate " + path.string())));
  if (!written) {
    ::close(fd);
    return Fail(written.error());
  }
  return fd;
}

}  // namespace

boost::json::value EndpointToJson(const Endpoint& e) {
  return boost::json::object{
      {"baseUrl", e.base_url}, {"loginUrl", e.login_url},          {"graphUrl", e.graph_url},
      {"caPath", e.ca_path},   {"adminKeyPath", e.admin_key_path}, {"port", e.port},
      {"pid", e.pid}};
}

Result<StateDir> StateDir::Open(fs::path path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec)
    return Fail(ErrorCode::kUnavailable, "cannot create " + path.string() + ": " + ec.message());
  fs::permissions(path, fs::perms::owner_all, ec);
  auto lock = LockDirectory(path);
  if (!lock) return Fail(lock.error());
  fs::create_directories(path / "secrets", ec);
  fs::permissions(path / "secrets", fs::perms::owner_all, ec);
  return StateDir(fs::absolute(path), *lock);
}

StateDir::StateDir(StateDir&& other) noexcept
    : path_(std::move(other.path_)), lock_fd_(std::exchange(other.lock_fd_, -1)) {}

StateDir& StateDir::operator=(StateDir&& other) noexcept {
  if (this != &other) {
    if (lock_fd_ >= 0) ::close(lock_fd_);
    path_ = std::move(other.path_);
    lock_fd_ = std::exchange(other.lock_fd_, -1);
  }
  return *this;
}

StateDir::~StateDir() {
  if (lock_fd_ >= 0) ::close(lock_fd_);  // closing the last descriptor releases the flock
}

Result<TlsMaterial> StateDir::EnsureTls(Clock& clock) {
  auto ca_key = LoadOrCreateKey(path_ / "ca.key", false);
  if (!ca_key) return Fail(ca_key.error());
  auto ca = LoadOrCreateCa(path_, *ca_key, clock);
  if (!ca) return Fail(ca.error());
  auto server_key = LoadOrCreateKey(path_ / "server.key", false);
  if (!server_key) return Fail(server_key.error());
  auto cert_text = ReadFileText(path_ / "server.pem");
  auto cert = cert_text ? crypto::Certificate::FromPem(*cert_text)
                        : Result<crypto::Certificate>(Fail(cert_text.error()));
  if (NeedsRenewal(cert, clock)) {
    crypto::CertificateRequest req{
        .common_name = "localhost",
        .dns_names = {"localhost", "login.microsoftonline.com", "graph.microsoft.com"},
        .ip_addresses = {"127.0.0.1", "::1"},
        .not_before = clock.WallNow() - std::chrono::hours{1},
        .not_after = clock.WallNow() + std::chrono::days{825}};
    cert = crypto::Certificate::Issue(req, *server_key, *ca, *ca_key);
    if (!cert) return Fail(cert.error());
    if (auto s = WriteFileAtomic(path_ / "server.pem", cert->Pem(), kWorldReadable); !s)
      return Fail(s.error());
  }
  return TlsMaterial{(path_ / "ca.pem").string(), cert->Pem() + ca->Pem(),
                     server_key->PrivatePem()};
}

Result<crypto::Key> StateDir::EnsureSigningKey() {
  return LoadOrCreateKey(path_ / "signing.key", true);
}

Result<std::string> StateDir::EnsureAdminKey(Random& random) {
  auto text = ReadFileText(path_ / "admin.key");
  if (text) return *text;
  std::string key = Base64UrlEncode(random.Bytes(32));
  if (auto s = WriteFileAtomic(path_ / "admin.key", key, kOwnerOnly); !s) return Fail(s.error());
  return key;
}

Result<std::optional<boost::json::value>> StateDir::LoadState() const {
  auto text = ReadFileText(path_ / "state.json");
  if (!text) {
    if (text.error().code == ErrorCode::kNotFound) return std::optional<boost::json::value>{};
    return Fail(text.error());
  }
  auto doc = ParseJson(*text);
  if (!doc)
    return Fail(ErrorCode::kInvalidArgument,
                (path_ / "state.json").string() + ": " + doc.error().message);
  return std::optional<boost::json::value>(std::move(*doc));
}

Status StateDir::SaveState(const boost::json::value& state) const {
  return WriteFileAtomic(path_ / "state.json", ToJson(state), kOwnerOnly);
}

Result<std::string> StateDir::WriteSecretFile(const std::string& name,
                                              const std::string& value) const {
  if (name.empty() || name.find('/') != std::string::npos || name[0] == '.') {
    return Fail(ErrorCode::kInvalidArgument, "bad secret file name '" + name + "'");
  }
  fs::path file = path_ / "secrets" / name;
  if (auto s = WriteFileAtomic(file, value, kOwnerOnly); !s) return Fail(s.error());
  return file.string();
}

Status StateDir::WriteEndpoint(const Endpoint& endpoint) const {
  return WriteFileAtomic(path_ / "endpoint.json", ToJson(EndpointToJson(endpoint)), kWorldReadable);
}

void StateDir::RemoveEndpoint() const {
  std::error_code ec;
  fs::remove(path_ / "endpoint.json", ec);
}

Result<Endpoint> StateDir::ReadEndpoint(const fs::path& dir) {
  auto text = ReadFileText(dir / "endpoint.json");
  if (!text) {
    return Fail(ErrorCode::kNotFound, "no sandbox is running with state directory " + dir.string() +
                                          " (start one with: graphpost sandbox serve)");
  }
  auto doc = ParseJson(*text);
  if (!doc) return Fail(ErrorCode::kInvalidArgument, "endpoint.json: " + doc.error().message);
  Endpoint e;
  e.base_url = JsonString(*doc, "baseUrl").value_or("");
  e.login_url = JsonString(*doc, "loginUrl").value_or("");
  e.graph_url = JsonString(*doc, "graphUrl").value_or("");
  e.ca_path = JsonString(*doc, "caPath").value_or("");
  e.admin_key_path = JsonString(*doc, "adminKeyPath").value_or("");
  e.port = static_cast<int>(JsonInt(*doc, "port").value_or(0));
  e.pid = JsonInt(*doc, "pid").value_or(0);
  return e;
}

}  // namespace graphpost::sandbox
