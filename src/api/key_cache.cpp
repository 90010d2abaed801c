#include "api/key_cache.hpp"

namespace graphpost::api {

Result<std::optional<outbox::ApiKeyRecord>> KeyCache::Find(outbox::OutboxStore& outbox,
                                                           const std::string& hash) {
  const auto now = clock_.MonotonicNow();
  if (ttl_.count() > 0) {
    std::lock_guard lock(mu_);
    auto it = entries_.find(hash);
    if (it != entries_.end() && now - it->second.fetched_at < ttl_) return it->second.key;
  }
  auto key = outbox.FindApiKeyByHash(hash);
  if (!key || ttl_.count() <= 0) return key;
  std::lock_guard lock(mu_);
  // Unknown hashes are cached too (a client retrying a wrong key costs one read per ttl); the
  // map is simply emptied when full, which bounds memory against a flood of made-up keys.
  if (entries_.size() >= max_entries_) entries_.clear();
  entries_[hash] = Entry{*key, now};
  return key;
}

}  // namespace graphpost::api
