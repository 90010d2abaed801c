#include "gateway/store_connection_directory.hpp"

#include "core/ascii.hpp"

namespace graphpost::gateway {
void StoreConnectionDirectory::RefreshLocked(bool missed) {
  const auto now = clock_.MonotonicNow();
  const auto max_age = missed ? std::chrono::steady_clock::duration(std::chrono::seconds(1))
                              : std::chrono::steady_clock::duration(refresh_);
  if (loaded_at_ && now - *loaded_at_ < max_age) return;
  loaded_at_ = now;
  auto list = store_.List();
  if (!list) return;  // keep the last good copy; the store's error shows in /readyz elsewhere
  entries_.clear();
  for (const auto& c : *list) entries_[AsciiLower(c.name)] = {c.name, c.user_id};
}

std::optional<std::string> StoreConnectionDirectory::MailboxOf(const std::string& name) {
  std::lock_guard lock(mu_);
  RefreshLocked(false);
  auto it = entries_.find(AsciiLower(name));
  if (it == entries_.end()) {
    RefreshLocked(true);
    it = entries_.find(AsciiLower(name));
    if (it == entries_.end()) return std::nullopt;
  }
  return it->second.mailbox;
}

std::vector<std::string> StoreConnectionDirectory::ConnectionsOf(const std::string& address) {
  std::lock_guard lock(mu_);
  RefreshLocked(false);
  std::vector<std::string> names;
  for (const auto& [key, entry] : entries_) {
    if (AsciiIEquals(entry.mailbox, address)) names.push_back(entry.name);
  }
  if (names.empty()) {
    RefreshLocked(true);
    for (const auto& [key, entry] : entries_) {
      if (AsciiIEquals(entry.mailbox, address)) names.push_back(entry.name);
    }
  }
  return names;
}

}  // namespace graphpost::gateway
