#include "smtp/auth_limiter.hpp"

#include <cassert>

namespace graphpost::smtp {
namespace {

std::chrono::seconds CeilSeconds(std::chrono::steady_clock::duration d) {
  auto seconds = std::chrono::ceil<std::chrono::seconds>(d);
  return seconds < std::chrono::seconds(1) ? std::chrono::seconds(1) : seconds;
}

}  // namespace

AuthLimiter::AuthLimiter(AuthLimiterOptions options, Clock& clock)
    : options_(options), clock_(clock) {
  assert(options_.max_failures > 0 && options_.window.count() > 0 &&
         options_.backoff.count() > 0 && options_.max_addresses > 0);
}

std::optional<std::chrono::seconds> AuthLimiter::Check(const std::string& address) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(address);
  if (it == entries_.end()) return std::nullopt;
  const TimePoint now = clock_.MonotonicNow();
  Entry& entry = it->second;
  DropExpired(entry, now);
  if (entry.blocked_until) {
    // An address still trying stays remembered while others are evicted.
    recency_.splice(recency_.end(), recency_, entry.recency);
    return CeilSeconds(*entry.blocked_until - now);
  }
  if (entry.failures.empty()) {
    recency_.erase(entry.recency);
    entries_.erase(it);
  }
  return std::nullopt;
}

std::optional<std::chrono::seconds> AuthLimiter::RecordFailure(const std::string& address) {
  std::lock_guard lock(mu_);
  const TimePoint now = clock_.MonotonicNow();
  Entry& entry = Touch(address);
  DropExpired(entry, now);
  if (entry.blocked_until) return std::nullopt;  // already refused; Check says for how long
  entry.failures.push_back(now);
  std::optional<std::chrono::seconds> started;
  if (static_cast<int>(entry.failures.size()) >= options_.max_failures) {
    entry.failures.clear();
    entry.blocked_until = now + options_.backoff;
    started = options_.backoff;
  }
  EvictBeyondLimit();
  return started;
}

void AuthLimiter::RecordSuccess(const std::string& address) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(address);
  if (it == entries_.end()) return;
  DropExpired(it->second, clock_.MonotonicNow());
  if (it->second.blocked_until) return;
  recency_.erase(it->second.recency);
  entries_.erase(it);
}

std::size_t AuthLimiter::tracked() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

AuthLimiter::Entry& AuthLimiter::Touch(const std::string& address) {
  auto [it, added] = entries_.try_emplace(address);
  if (added) {
    it->second.recency = recency_.insert(recency_.end(), address);
  } else {
    recency_.splice(recency_.end(), recency_, it->second.recency);
  }
  return it->second;
}

void AuthLimiter::DropExpired(Entry& entry, TimePoint now) const {
  if (entry.blocked_until && *entry.blocked_until <= now) entry.blocked_until.reset();
  while (!entry.failures.empty() && entry.failures.front() + options_.window <= now) {
    entry.failures.pop_front();
  }
}

void AuthLimiter::EvictBeyondLimit() {
  while (entries_.size() > options_.max_addresses) {
    entries_.erase(recency_.front());
    recency_.pop_front();
  }
}

}  // namespace graphpost::smtp
