// console/console_session.hpp — who may use the console (docs/console.md, "Signing in"): checking
// a login token (the console admin token or an admin API key), the in-memory sessions it opens
// (256-bit ids kept only as hashes, idle expiry on the injected Clock, one CSRF token each), the
// per-address limit on failed logins, and the cookies that carry them. Sessions live in memory:
// a restart signs everybody out. Thread-safe (one mutex per store; no I/O under it).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "api/key_cache.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "http/message.hpp"
#include "outbox/outbox_store.hpp"

namespace graphpost::console {

inline constexpr std::string_view kSessionCookie = "gp_session";
inline constexpr std::string_view kLoginCookie = "gp_login";  // the login form's CSRF token

// 32 random bytes in base64url (43 characters): session ids and CSRF tokens.
std::string RandomToken(Random& random);

// Constant-time equality of two tokens (false when either is empty or the lengths differ).
bool TokensEqual(std::string_view a, std::string_view b);

// Who signed in and with what, so that every later request can check the credential still
// stands (docs/console.md, "Signing in").
struct Principal {
  std::string name;        // shown: "admin token" or ApiKeyPrincipal(id, name)
  std::string credential;  // hex SHA-256 of the admin token or of the API key used; empty: none
  bool api_key = false;
};

// The principal `token` (ASCII whitespace around it trimmed) logs in as: the admin token when its
// SHA-256 equals `admin_token_hash` (non-empty; compared in constant time), else an admin,
// non-revoked API key of `outbox`. kUnauthenticated (a fixed message that never quotes the token)
// otherwise; kUnavailable when the outbox cannot be read.
[[nodiscard]] Result<Principal> Authenticate(std::string_view token,
                                             std::string_view admin_token_hash,
                                             outbox::OutboxStore& outbox);

struct Session {
  std::string principal;   // as Authenticate named it
  std::string csrf;        // the token every POST form of this session carries
  std::string credential;  // Principal::credential
  bool api_key = false;
};

// Whether a session's credential still stands: its API key still exists, is admin and is not
// revoked (read through a KeyCache, so at most `ttl` old: a revocation takes effect within it);
// the admin token hash it signed in with is still the current one (`graphpost console
// reset-token` signs out everyone who signed in with the old token; the current hash is also
// kept `ttl`, and read again before a mismatch ends a session). Thread-safe.
class CredentialCheck {
 public:
  CredentialCheck(Clock& clock, outbox::OutboxStore& outbox,
                  std::function<std::string()> admin_token_hash,
                  std::chrono::milliseconds ttl = std::chrono::seconds{1});
  // True: stands. False: revoked, no longer admin, or the token was reset. kUnavailable when the
  // outbox cannot be read.
  [[nodiscard]] Result<bool> Stands(const Session& session);

 private:
  std::string AdminHash(bool fresh);

  Clock& clock_;
  outbox::OutboxStore& outbox_;
  std::function<std::string()> admin_token_hash_;
  api::KeyCache keys_;
  const std::chrono::milliseconds ttl_;
  std::mutex mu_;
  std::string admin_hash_;                                              // Guarded by mu_.
  std::optional<std::chrono::steady_clock::time_point> admin_read_at_;  // Guarded by mu_.
};

struct OpenedSession {
  std::string id;  // the cookie value; only its hash is kept
  Session session;
};

// Open sessions, keyed by the SHA-256 of their id, each ending after `ttl` without use.
class SessionStore {
 public:
  SessionStore(Clock& clock, Random& random, std::chrono::seconds ttl);

  OpenedSession Open(Principal principal);
  OpenedSession Open(std::string name) { return Open(Principal{.name = std::move(name)}); }
  // The live session with this id, or nullopt (unknown, ended or idle too long: then dropped).
  // FindAndRenew restarts the idle time; Find leaves it (live-page polls, so an unattended page
  // does not keep a session open forever).
  std::optional<Session> Find(std::string_view id);
  std::optional<Session> FindAndRenew(std::string_view id);
  void End(std::string_view id);
  std::size_t size();

 private:
  struct Entry {
    Session session;
    std::chrono::steady_clock::time_point last_used;
  };
  std::optional<Session> Lookup(std::string_view id, bool renew);
  void DropExpired(std::chrono::steady_clock::time_point now);  // requires mu_

  Clock& clock_;
  Random& random_;
  const std::chrono::seconds ttl_;
  std::mutex mu_;
  std::map<std::string, Entry> sessions_;  // Guarded by mu_. Key: hex SHA-256 of the id.
};

// Failed logins per client address in fixed one-minute windows.
class LoginLimiter {
 public:
  LoginLimiter(Clock& clock, int per_minute);
  // False once the address has used up its failures for the current minute.
  bool Allowed(const std::string& address);
  void RecordFailure(const std::string& address);

 private:
  struct Window {
    std::chrono::steady_clock::time_point start;
    int failures = 0;
  };
  Clock& clock_;
  const int per_minute_;
  std::mutex mu_;
  std::map<std::string, Window> windows_;  // Guarded by mu_.
};

// Login outcomes, for metrics and tests (the gateway may log them later).
struct LoginCounters {
  std::atomic<std::int64_t> succeeded{0};
  std::atomic<std::int64_t> failed{0};
  std::atomic<std::int64_t> limited{0};
};

// The value of cookie `name` in the request's Cookie header(s), or nullopt.
std::optional<std::string> CookieValue(const http::Headers& headers, std::string_view name);

// "name=value; Path=/ui; HttpOnly; SameSite=Strict" (+ "; Secure" with `secure`).
std::string SetCookie(std::string_view name, std::string_view value, bool secure);
// The same cookie, emptied and expired at once (Max-Age=0).
std::string ClearCookie(std::string_view name, bool secure);

// True for a local console target a login may go on to: starts with "/ui/" (or is "/ui"), no
// "//", backslash or dot segment ("." or "..", also percent-encoded) in its path, no control
// characters or spaces anywhere. Everything else (schemes, other hosts, protocol-relative URLs) is
// refused: no open redirect.
bool IsLocalConsoleTarget(std::string_view target);

}  // namespace graphpost::console
