#include "smtp/server/internal/connection_registry.hpp"

namespace graphpost::smtp::internal {
namespace {

// Refused connections each hold a socket for the length of one short reply.
constexpr std::size_t kMaxRefusing = 64;

}  // namespace

ConnectionRegistry::Admission ConnectionRegistry::Add(
    const std::shared_ptr<Connection>& connection, const std::string& address) {
  std::lock_guard lock(mu_);
  if (stopping_) return Admission::kStopping;
  if (open_.size() >= max_total_) return Admission::kServerFull;
  std::size_t& from_address = per_address_[address];
  if (from_address >= max_per_address_) {
    if (from_address == 0) per_address_.erase(address);
    return Admission::kAddressFull;
  }
  ++from_address;
  open_.emplace(connection.get(), connection);
  return Admission::kAdmitted;
}

void ConnectionRegistry::Remove(const Connection* connection, const std::string& address) {
  std::lock_guard lock(mu_);
  if (open_.erase(connection) == 0) return;
  auto it = per_address_.find(address);
  if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
  if (open_.empty()) emptied_.notify_all();
}

std::vector<std::shared_ptr<Connection>> ConnectionRegistry::BeginStop() {
  std::lock_guard lock(mu_);
  stopping_ = true;
  std::vector<std::shared_ptr<Connection>> open;
  open.reserve(open_.size());
  for (const auto& [key, connection] : open_) open.push_back(connection);
  return open;
}

bool ConnectionRegistry::WaitEmpty(std::chrono::milliseconds within) {
  std::unique_lock lock(mu_);
  return emptied_.wait_for(lock, within, [this] { return open_.empty(); });
}

void ConnectionRegistry::Clear() {
  std::unordered_map<const Connection*, std::shared_ptr<Connection>> dropped;
  {
    std::lock_guard lock(mu_);
    dropped.swap(open_);
    per_address_.clear();
  }
  // `dropped` goes here, outside the lock: a connection's destructor may not take it again.
}

std::size_t ConnectionRegistry::open() const {
  std::lock_guard lock(mu_);
  return open_.size();
}

bool ConnectionRegistry::TryStartRefusal() {
  std::lock_guard lock(mu_);
  if (refusing_ >= kMaxRefusing) return false;
  ++refusing_;
  return true;
}

void ConnectionRegistry::EndRefusal() {
  std::lock_guard lock(mu_);
  --refusing_;
}

}  // namespace graphpost::smtp::internal
