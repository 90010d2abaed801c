// smtp/access/verified_credentials.hpp — a short-lived memory of name/password pairs that passed
// Argon2id, so a device that opens a session a second does not pay ~100 ms of CPU for each. Entries
// are keyed by HMAC-SHA-256(per-process random key, lower-case name, password): the password is
// never kept, and the key dies with the process. An entry also records the stored hash it was
// verified against, so a changed password (or a removed and re-added account) misses at once.
// Bounded: past `max_entries` the oldest entry goes. Times from the injected Clock (monotonic).
// Thread-safe; the Clock must outlive it.
#pragma once

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/secret.hpp"

namespace graphpost::smtp::access {

struct CacheLimits {
  std::chrono::seconds ttl{300};
  std::size_t max_entries = 10000;
};

class VerifiedCredentials {
 public:
  // Draws its 32-byte key from `random` once.
  VerifiedCredentials(CacheLimits limits, Clock& clock, Random& random);

  // True when `name`/`password` was remembered within the TTL against exactly `stored_hash`.
  bool Holds(const std::string& name, const Secret& password, const std::string& stored_hash);
  // Remembers a pair that has just verified against `stored_hash`.
  void Remember(const std::string& name, const Secret& password, const std::string& stored_hash);

  std::size_t SizeForTest() const;

 private:
  using Instant = std::chrono::steady_clock::time_point;
  struct Entry {
    std::string stored_hash;
    Instant expires;
    std::list<std::string>::iterator age;  // position in by_age_
  };
  std::string KeyOf(const std::string& name, const Secret& password) const;

  const CacheLimits limits_;
  Clock& clock_;
  const std::string key_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // Guarded by mu_.
  std::list<std::string> by_age_;                   // newest first. Guarded by mu_.
};

}  // namespace graphpost::smtp::access
