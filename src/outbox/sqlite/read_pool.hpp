// outbox/sqlite/read_pool.hpp — read connections to outbox.db, lent one per reading thread. WAL
// lets them read beside the writer; each keeps its own compiled statements. The pool opens a
// connection when none is idle and keeps at most `max_idle` for reuse. Thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "core/result.hpp"
#include "sqlite/sqlite_handle.hpp"
#include "sqlite/statement_cache.hpp"

namespace graphpost::outbox::sqlite_store {

struct ReadConnection {
  sqlite::Db db;
  sqlite::StatementCache statements;  // after db: destroyed first
  explicit ReadConnection(sqlite::Db opened) : db(std::move(opened)), statements(db.get()) {}
};

class ReadPool {
 public:
  // A borrowed connection, returned to the pool when the lease ends.
  class Lease {
   public:
    Lease(ReadPool& pool, std::unique_ptr<ReadConnection> connection)
        : pool_(&pool), connection_(std::move(connection)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    sqlite::StatementCache& statements() { return connection_->statements; }

   private:
    ReadPool* pool_;
    std::unique_ptr<ReadConnection> connection_;
  };

  ReadPool(std::filesystem::path file, std::int64_t cache_bytes, std::size_t max_idle)
      : file_(std::move(file)), cache_bytes_(cache_bytes), max_idle_(max_idle) {}

  // An idle connection, or a new one. Errors as OpenDb / ConfigureReader.
  [[nodiscard]] Result<Lease> Acquire();

 private:
  void Release(std::unique_ptr<ReadConnection> connection);

  const std::filesystem::path file_;
  const std::int64_t cache_bytes_;
  const std::size_t max_idle_;
  std::mutex mu_;
  std::vector<std::unique_ptr<ReadConnection>> idle_;  // Guarded by mu_.
};

}  // namespace graphpost::outbox::sqlite_store
