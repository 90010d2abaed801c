// smtp/auth_limiter.hpp — the AUTH failure rate limiter: counts failed logins per client address in
// a sliding window and, past the limit, refuses that address for a back-off period (docs/smtp.md,
// "The listener"). Memory is bounded: beyond max_addresses the least recently seen address is
// forgotten. Independent of sockets and of how passwords are checked, so an Authenticator can wrap
// its verification in it; time comes from the injected Clock. Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"

namespace graphpost::smtp {

struct AuthLimiterOptions {
  int max_failures = 5;                          // failures within `window` that start a back-off
  std::chrono::seconds window{60};               // the sliding window
  std::chrono::seconds backoff{300};             // refused this long once the limit is reached
  std::size_t max_addresses = 10000;             // addresses remembered; the oldest go first
};

class AuthLimiter {
 public:
  // `clock` must outlive the limiter. Options must be positive (checked with assert).
  AuthLimiter(AuthLimiterOptions options, Clock& clock);

  // nullopt when `address` may try to authenticate now; otherwise how long it must wait (whole
  // seconds, at least 1), for the reply's retry_after.
  std::optional<std::chrono::seconds> Check(const std::string& address);

  // Records a failed attempt from `address`. The failure that reaches max_failures within the
  // window starts the back-off (and forgets the failures counted so far); returns its length then,
  // nullopt otherwise.
  std::optional<std::chrono::seconds> RecordFailure(const std::string& address);

  // A successful login forgets the address's failures (not a back-off in progress: Check refuses
  // before a password is even looked at).
  void RecordSuccess(const std::string& address);

  // Addresses remembered now (for tests and metrics).
  std::size_t tracked() const;

 private:
  using TimePoint = std::chrono::steady_clock::time_point;
  struct Entry {
    std::list<TimePoint> failures;  // oldest first, at most max_failures
    std::optional<TimePoint> blocked_until;
    std::list<std::string>::iterator recency;  // position in recency_
  };

  Entry& Touch(const std::string& address);           // finds or adds; most recent now
  void DropExpired(Entry& entry, TimePoint now) const;  // failures out of the window, ended back-off
  void EvictBeyondLimit();

  const AuthLimiterOptions options_;
  Clock& clock_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // Guarded by mu_.
  std::list<std::string> recency_;  // least recently seen first. Guarded by mu_.
};

}  // namespace graphpost::smtp
