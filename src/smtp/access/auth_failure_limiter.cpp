// Failed-AUTH rate limiting per client address; see auth_failure_limiter.hpp.
#include "smtp/access/auth_failure_limiter.hpp"

#include "smtp/access/cidr.hpp"

namespace graphpost::smtp::access {
namespace {

// The counting key: an IPv4 address, or an IPv6 address's /64. Text that is no address (never
// from a socket) counts as itself.
std::string KeyOf(const std::string& address) {
  auto parsed = ParseIpAddress(address);
  if (!parsed) return address;
  const std::size_t size = parsed->IsV4() ? 16 : 8;
  return std::string(reinterpret_cast<const char*>(parsed->bytes.data()), size);
}

}  // namespace

AuthFailureLimiter::Entry& AuthFailureLimiter::Touch(const std::string& key) {
  auto found = entries_.find(key);
  if (found != entries_.end()) {
    recency_.splice(recency_.begin(), recency_, found->second.recency);
    return found->second;
  }
  if (entries_.size() >= limits_.max_addresses && !recency_.empty()) {
    entries_.erase(recency_.back());
    recency_.pop_back();
  }
  recency_.push_front(key);
  Entry& entry = entries_[key];
  entry.recency = recency_.begin();
  return entry;
}

std::optional<std::chrono::seconds> AuthFailureLimiter::Blocked(const std::string& address) {
  const Instant now = clock_.MonotonicNow();
  std::lock_guard lock(mu_);
  auto found = entries_.find(KeyOf(address));
  if (found == entries_.end() || found->second.blocked_until <= now) return std::nullopt;
  auto left = std::chrono::ceil<std::chrono::seconds>(found->second.blocked_until - now);
  return std::max(left, std::chrono::seconds{1});
}

void AuthFailureLimiter::Failed(const std::string& address) {
  const Instant now = clock_.MonotonicNow();
  std::lock_guard lock(mu_);
  Entry& entry = Touch(KeyOf(address));
  while (!entry.failures.empty() && entry.failures.front() <= now - limits_.window) {
    entry.failures.pop_front();
  }
  entry.failures.push_back(now);
  if (static_cast<int>(entry.failures.size()) >= limits_.max_failures) {
    entry.blocked_until = now + limits_.lockout;
    entry.failures.clear();  // the lockout is the penalty; afterwards a fresh window
  }
}

void AuthFailureLimiter::Succeeded(const std::string& address) {
  const Instant now = clock_.MonotonicNow();
  std::lock_guard lock(mu_);
  auto found = entries_.find(KeyOf(address));
  // A lockout stands even if an attempt started before it succeeds: parallel guesses must not
  // lift it.
  if (found == entries_.end() || found->second.blocked_until > now) return;
  recency_.erase(found->second.recency);
  entries_.erase(found);
}

std::size_t AuthFailureLimiter::TrackedAddressesForTest() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace graphpost::smtp::access
