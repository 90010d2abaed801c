// smtp/access/auth_failure_limiter.hpp — failed SMTP AUTH attempts per client address, in a
// sliding window: past `max_failures` within `window`, the address is refused for `lockout`
// (kThrottled with retry_after) before any password is checked. IPv6 clients count per /64 (one
// host usually holds a whole /64). Memory is bounded: past `max_addresses`, the address touched
// longest ago is forgotten. Times from the injected Clock (monotonic). Thread-safe; the Clock
// must outlive it.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"

namespace graphpost::smtp::access {

struct FailureLimits {
  int max_failures = 5;
  std::chrono::seconds window{60};
  std::chrono::seconds lockout{300};
  std::size_t max_addresses = 10000;
};

class AuthFailureLimiter {
 public:
  AuthFailureLimiter(FailureLimits limits, Clock& clock) : limits_(limits), clock_(clock) {}

  // How long `address` must still wait (rounded up to whole seconds, at least 1), or nullopt
  // when it may try.
  std::optional<std::chrono::seconds> Blocked(const std::string& address);
  // Counts a failed attempt; the one that reaches max_failures starts the lockout.
  void Failed(const std::string& address);
  // A successful AUTH forgets the address's failures (not a lockout already running).
  void Succeeded(const std::string& address);

  std::size_t TrackedAddressesForTest() const;

 private:
  using Instant = std::chrono::steady_clock::time_point;
  struct Entry {
    std::deque<Instant> failures;  // within the window, oldest first
    Instant blocked_until{};
    std::list<std::string>::iterator recency;  // position in recency_
  };
  Entry& Touch(const std::string& key);  // requires mu_

  const FailureLimits limits_;
  Clock& clock_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // Guarded by mu_.
  std::list<std::string> recency_;                  // most recent first. Guarded by mu_.
};

}  // namespace graphpost::smtp::access
