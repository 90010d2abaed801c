// The verified-credentials cache; see verified_credentials.hpp.
#include "smtp/access/verified_credentials.hpp"

#include "core/ascii.hpp"
#include "crypto/digest.hpp"

namespace graphpost::smtp::access {

VerifiedCredentials::VerifiedCredentials(CacheLimits limits, Clock& clock, Random& random)
    : limits_(limits), clock_(clock), key_(random.Bytes(32)) {}

std::string VerifiedCredentials::KeyOf(const std::string& name, const Secret& password) const {
  // The name's length first, so ("ab", "c…") and ("a", "bc…") cannot collide.
  const std::string folded = AsciiLower(name);
  return crypto::HmacSha256(key_, std::to_string(folded.size()) + ":" + folded + password.Reveal());
}

bool VerifiedCredentials::Holds(const std::string& name, const Secret& password,
                                const std::string& stored_hash) {
  const std::string key = KeyOf(name, password);
  const Instant now = clock_.MonotonicNow();
  std::lock_guard lock(mu_);
  auto found = entries_.find(key);
  if (found == entries_.end()) return false;
  if (found->second.expires > now && found->second.stored_hash == stored_hash) return true;
  by_age_.erase(found->second.age);
  entries_.erase(found);
  return false;
}

void VerifiedCredentials::Remember(const std::string& name, const Secret& password,
                                   const std::string& stored_hash) {
  const std::string key = KeyOf(name, password);
  const Instant expires = clock_.MonotonicNow() + limits_.ttl;
  std::lock_guard lock(mu_);
  if (auto found = entries_.find(key); found != entries_.end()) {
    by_age_.erase(found->second.age);
    entries_.erase(found);
  }
  while (!by_age_.empty() && entries_.size() >= limits_.max_entries) {
    entries_.erase(by_age_.back());
    by_age_.pop_back();
  }
  by_age_.push_front(key);
  entries_[key] = Entry{.stored_hash = stored_hash, .expires = expires, .age = by_age_.begin()};
}

std::size_t VerifiedCredentials::SizeForTest() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace graphpost::smtp::access
