// api/key_cache.hpp — API keys found by hash, remembered for a short time, so a request does not
// read the outbox twice (Admit, then Handle) and a busy client does not read it on every request.
// A key revoked in the outbox stops working once its entry is older than `ttl`. Thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"
#include "outbox/outbox_store.hpp"

namespace graphpost::api {

class KeyCache {
 public:
  KeyCache(Clock& clock, std::chrono::milliseconds ttl, std::size_t max_entries = 10000)
      : clock_(clock), ttl_(ttl), max_entries_(max_entries) {}

  // The key record for `hash` (nullopt: no such key), from the cache when fresh, otherwise from
  // `outbox` (then cached). Errors of the outbox are passed up and not cached.
  [[nodiscard]] Result<std::optional<outbox::ApiKeyRecord>> Find(outbox::OutboxStore& outbox,
                                                                 const std::string& hash);

 private:
  struct Entry {
    std::optional<outbox::ApiKeyRecord> key;
    std::chrono::steady_clock::time_point fetched_at;
  };

  Clock& clock_;
  const std::chrono::milliseconds ttl_;
  const std::size_t max_entries_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // by hash. Guarded by mu_.
};

}  // namespace graphpost::api
