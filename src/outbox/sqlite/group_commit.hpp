// outbox/sqlite/group_commit.hpp — the outbox's one writer: a thread that owns the write
// connection, takes every queued operation at once, runs them in ONE transaction (each in its own
// SAVEPOINT, so one failing operation does not fail the others), commits (one fsync for all), and
// then runs each operation's callback on this thread. A failed commit fails every callback in it.
// Thread-safe: Enqueue from any thread. The destructor runs what is queued, then stops.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "sqlite/sqlite_handle.hpp"
#include "sqlite/statement_cache.hpp"

namespace graphpost::outbox::sqlite_store {

// How many transactions the writer committed for how many operations: operations / transactions
// is the batching factor (tests check group commit with it; metrics may show it).
struct WriteStats {
  std::int64_t transactions = 0;  // committed or failed
  std::int64_t operations = 0;
};

// One write: Apply runs inside the batch's transaction (an error rolls back this operation's
// savepoint only); Complete then runs the callback with the result, or with the commit's error.
// Apply may run more than once for one batch (after SQLite rolled back a whole transaction on a
// full disk): it must read its inputs without consuming them.
class WriteOp {
 public:
  virtual ~WriteOp() = default;
  [[nodiscard]] virtual Status Apply(sqlite::StatementCache& db) = 0;
  virtual void SetFailed(Error error) = 0;  // the result becomes `error` (not applied again)
  virtual void Complete(const Status& commit) = 0;
};

// A WriteOp from a function `Result<T>(StatementCache&)` and a callback.
template <class T>
class FunctionOp final : public WriteOp {
 public:
  using Fn = std::function<Result<T>(sqlite::StatementCache&)>;
  FunctionOp(Fn fn, std::function<void(Result<T>)> done)
      : fn_(std::move(fn)), done_(std::move(done)) {}
  Status Apply(sqlite::StatementCache& db) override {
    result_.emplace(fn_(db));
    if (*result_) return Ok();
    return graphpost::Fail(result_->error());
  }
  void SetFailed(Error error) override { result_.emplace(graphpost::Fail(std::move(error))); }
  void Complete(const Status& commit) override {
    if (!commit) {
      done_(graphpost::Fail(commit.error()));
    } else {
      done_(std::move(*result_));
    }
  }

 private:
  Fn fn_;
  std::function<void(Result<T>)> done_;
  std::optional<Result<T>> result_;
};

template <class T>
std::unique_ptr<WriteOp> MakeOp(typename FunctionOp<T>::Fn fn,
                                std::function<void(Result<T>)> done) {
  return std::make_unique<FunctionOp<T>>(std::move(fn), std::move(done));
}

class GroupCommitWriter {
 public:
  // Takes the open, configured, migrated write connection and starts the writer thread.
  explicit GroupCommitWriter(sqlite::Db db);
  ~GroupCommitWriter();
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  // Queues `op`; it runs in the next transaction. After shutdown began, its callback runs at once
  // (on the caller's thread) with kUnavailable.
  void Enqueue(std::unique_ptr<WriteOp> op);

  WriteStats Stats() const;

 private:
  using Batch = std::vector<std::unique_ptr<WriteOp>>;
  void Run(const std::stop_token& stop);
  void RunBatch(Batch& batch);
  // Applies the batch's live ops in one transaction; returns the commit's status. Ops that SQLite
  // rolled the whole transaction back for are marked failed and the rest applied again.
  Status ApplyAndCommit(Batch& batch);

  sqlite::Db db_;
  sqlite::StatementCache statements_;  // writer thread only
  mutable std::mutex mu_;
  std::condition_variable_any wake_;
  Batch queue_;          // Guarded by mu_.
  bool closed_ = false;  // Guarded by mu_.
  WriteStats stats_;     // Guarded by mu_.
  std::jthread thread_;  // last: starts after everything above exists
};

}  // namespace graphpost::outbox::sqlite_store
