// Console logins and sessions (docs/console.md, "Signing in" and "Security").
#include "console/console_session.hpp"

#include "api/api_keys.hpp"
#include "console/page.hpp"
#include "core/ascii.hpp"
#include "core/base64.hpp"
#include "crypto/digest.hpp"

namespace graphpost::console {
namespace {

constexpr std::size_t kTokenBytes = 32;      // 256 bits
constexpr std::size_t kMaxSessions = 10000;  // bounds memory if something opens sessions in a loop
constexpr std::size_t kMaxLimiterEntries = 10000;

std::string IdKey(std::string_view id) { return crypto::HexLower(crypto::Sha256(id)); }

}  // namespace

std::string RandomToken(Random& random) { return Base64UrlEncode(random.Bytes(kTokenBytes)); }

bool TokensEqual(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return false;
  return crypto::ConstantTimeEquals(a, b);
}

Result<Principal> Authenticate(std::string_view token, std::string_view admin_token_hash,
                               outbox::OutboxStore& outbox) {
  auto refused = [] { return Fail(ErrorCode::kUnauthenticated, "unknown token or key"); };
  // A pasted token often brings a space or a line break along.
  token = TrimAscii(token);
  if (token.empty()) return refused();
  // Both hashes are hex SHA-256, so equal lengths: the comparison time says nothing.
  const std::string hash = api::HashApiKey(token);
  if (!admin_token_hash.empty() && crypto::ConstantTimeEquals(hash, admin_token_hash)) {
    return Principal{.name = "admin token", .credential = hash};
  }
  auto key = outbox.FindApiKeyByHash(hash);
  if (!key)
    return Fail(ErrorCode::kUnavailable, "cannot read the API keys: " + key.error().message);
  if (!*key || (*key)->revoked || !(*key)->admin) return refused();
  return Principal{
      .name = ApiKeyPrincipal((*key)->id, (*key)->name), .credential = hash, .api_key = true};
}

CredentialCheck::CredentialCheck(Clock& clock, outbox::OutboxStore& outbox,
                                 std::function<std::string()> admin_token_hash,
                                 std::chrono::milliseconds ttl)
    : clock_(clock),
      outbox_(outbox),
      admin_token_hash_(std::move(admin_token_hash)),
      keys_(clock, ttl),
      ttl_(ttl) {}

Result<bool> CredentialCheck::Stands(const Session& session) {
  if (session.credential.empty()) return true;  // opened directly (tests), not by a sign-in
  if (session.api_key) {
    auto key = keys_.Find(outbox_, session.credential);
    if (!key) {
      return Fail(ErrorCode::kUnavailable, "cannot read the API keys: " + key.error().message);
    }
    return *key && !(*key)->revoked && (*key)->admin;
  }
  if (crypto::ConstantTimeEquals(AdminHash(false), session.credential)) return true;
  // The cached hash may be older than a reset that this session signed in after.
  return crypto::ConstantTimeEquals(AdminHash(true), session.credential);
}

std::string CredentialCheck::AdminHash(bool fresh) {
  const auto now = clock_.MonotonicNow();
  {
    std::lock_guard lock(mu_);
    if (!fresh && admin_read_at_ && now - *admin_read_at_ < ttl_) return admin_hash_;
  }
  std::string hash = admin_token_hash_ ? admin_token_hash_() : std::string();  // file I/O: no lock
  std::lock_guard lock(mu_);
  admin_hash_ = hash;
  admin_read_at_ = now;
  return hash;
}

SessionStore::SessionStore(Clock& clock, Random& random, std::chrono::seconds ttl)
    : clock_(clock), random_(random), ttl_(ttl) {}

OpenedSession SessionStore::Open(Principal principal) {
  OpenedSession opened{RandomToken(random_), Session{.principal = std::move(principal.name),
                                                     .csrf = RandomToken(random_),
                                                     .credential = std::move(principal.credential),
                                                     .api_key = principal.api_key}};
  const auto now = clock_.MonotonicNow();
  std::lock_guard lock(mu_);
  DropExpired(now);
  if (sessions_.size() >= kMaxSessions) {
    // Drop the least recently used, so a flood of logins cannot grow memory without end.
    auto oldest = sessions_.begin();
    for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
      if (it->second.last_used < oldest->second.last_used) oldest = it;
    }
    sessions_.erase(oldest);
  }
  sessions_[IdKey(opened.id)] = Entry{opened.session, now};
  return opened;
}

std::optional<Session> SessionStore::Find(std::string_view id) { return Lookup(id, false); }

std::optional<Session> SessionStore::FindAndRenew(std::string_view id) { return Lookup(id, true); }

std::optional<Session> SessionStore::Lookup(std::string_view id, bool renew) {
  if (id.empty()) return std::nullopt;
  const std::string key = IdKey(id);
  const auto now = clock_.MonotonicNow();
  std::lock_guard lock(mu_);
  auto it = sessions_.find(key);
  if (it == sessions_.end()) return std::nullopt;
  if (now - it->second.last_used >= ttl_) {
    sessions_.erase(it);
    return std::nullopt;
  }
  if (renew) it->second.last_used = now;
  return it->second.session;
}

void SessionStore::End(std::string_view id) {
  const std::string key = IdKey(id);
  std::lock_guard lock(mu_);
  sessions_.erase(key);
}

std::size_t SessionStore::size() {
  std::lock_guard lock(mu_);
  return sessions_.size();
}

void SessionStore::DropExpired(std::chrono::steady_clock::time_point now) {
  std::erase_if(sessions_, [&](const auto& item) { return now - item.second.last_used >= ttl_; });
}

LoginLimiter::LoginLimiter(Clock& clock, int per_minute) : clock_(clock), per_minute_(per_minute) {}

bool LoginLimiter::Allowed(const std::string& address) {
  const auto now = clock_.MonotonicNow();
  std::lock_guard lock(mu_);
  auto it = windows_.find(address);
  if (it == windows_.end()) return true;
  if (now - it->second.start >= std::chrono::minutes{1}) {
    windows_.erase(it);
    return true;
  }
  return it->second.failures < per_minute_;
}

void LoginLimiter::RecordFailure(const std::string& address) {
  const auto now = clock_.MonotonicNow();
  std::lock_guard lock(mu_);
  if (windows_.size() >= kMaxLimiterEntries) {
    std::erase_if(windows_,
                  [&](const auto& w) { return now - w.second.start >= std::chrono::minutes{1}; });
  }
  Window& w = windows_[address];
  if (w.failures == 0 || now - w.start >= std::chrono::minutes{1}) w = Window{now, 0};
  ++w.failures;
}

std::optional<std::string> CookieValue(const http::Headers& headers, std::string_view name) {
  for (const http::Header& h : headers.all()) {
    if (!AsciiIEquals(h.name, "Cookie")) continue;
    std::string_view rest = h.value;
    while (!rest.empty()) {
      const std::size_t semi = rest.find(';');
      const std::string_view pair = TrimAscii(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      const std::size_t eq = pair.find('=');
      if (eq == std::string_view::npos || TrimAscii(pair.substr(0, eq)) != name) continue;
      return std::string(TrimAscii(pair.substr(eq + 1)));
    }
  }
  return std::nullopt;
}

std::string SetCookie(std::string_view name, std::string_view value, bool secure) {
  std::string out =
      std::string(name) + "=" + std::string(value) + "; Path=/ui; HttpOnly; SameSite=Strict";
  if (secure) out += "; Secure";
  return out;
}

std::string ClearCookie(std::string_view name, bool secure) {
  return SetCookie(name, "", secure) + "; Max-Age=0";
}

bool IsLocalConsoleTarget(std::string_view target) {
  if (target != "/ui" && target.rfind("/ui/", 0) != 0) return false;
  // Browsers read "//" and "\\" in the path as the start of another host; in the query they are
  // harmless (e.g. a filter value).
  const std::string_view path = target.substr(0, target.find('?'));
  if (path.find("//") != std::string_view::npos) return false;
  if (path.find('\\') != std::string_view::npos) return false;
  // Dot segments ("/ui/../x", also written "%2e%2E") would climb out of /ui once the browser
  // resolves them.
  for (std::string_view segment : Split(path, '/')) {
    const std::string lower = AsciiLower(segment);
    std::string_view rest = lower;
    int dots = 0;
    while (!rest.empty() && dots <= 2) {
      if (rest.front() == '.') {
        rest.remove_prefix(1);
      } else if (rest.rfind("%2e", 0) == 0) {
        rest.remove_prefix(3);
      } else {
        break;
      }
      ++dots;
    }
    if (rest.empty() && (dots == 1 || dots == 2)) return false;
  }
  for (char c : target) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return false;
  }
  return true;
}

}  // namespace graphpost::console
