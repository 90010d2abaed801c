// Pooled read connections; see read_pool.hpp.
#include "outbox/sqlite/read_pool.hpp"

#include "outbox/sqlite/schema.hpp"
#include "sqlite/sqlite.hpp"

namespace graphpost::outbox::sqlite_store {

ReadPool::Lease::~Lease() {
  if (connection_ != nullptr) pool_->Release(std::move(connection_));
}

Result<ReadPool::Lease> ReadPool::Acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(connection));
    }
  }
  auto db = sqlite::OpenDb(file_);
  if (!db) return Fail(db.error());
  if (auto configured = ConfigureReader(db->get(), cache_bytes_); !configured) {
    return Fail(configured.error());
  }
  return Lease(*this, std::make_unique<ReadConnection>(std::move(*db)));
}

void ReadPool::Release(std::unique_ptr<ReadConnection> connection) {
  std::lock_guard lock(mu_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(connection));
}

}  // namespace graphpost::outbox::sqlite_store
