// The outbox's group-committing writer; see group_commit.hpp.
#include "outbox/sqlite/group_commit.hpp"

#include <sqlite3.h>

#include <vector>

#include "sqlite/sqlite.hpp"

namespace graphpost::outbox::sqlite_store {
namespace {

namespace sql = graphpost::sqlite;

// True when SQLite ended the whole transaction itself (it may, on a full disk or an I/O error).
bool TransactionGone(sqlite3* db) { return sqlite3_get_autocommit(db) != 0; }

}  // namespace

GroupCommitWriter::GroupCommitWriter(sql::Db db)
    : db_(std::move(db)),
      statements_(db_.get()),
      thread_([this](const std::stop_token& stop) { Run(stop); }) {}

GroupCommitWriter::~GroupCommitWriter() {
  {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  thread_.request_stop();
  thread_.join();
}

void GroupCommitWriter::Enqueue(std::unique_ptr<WriteOp> op) {
  {
    std::lock_guard lock(mu_);
    if (!closed_) {
      queue_.push_back(std::move(op));
      wake_.notify_one();
      return;
    }
  }
  op->SetFailed(Error{ErrorCode::kUnavailable, "the outbox is closing", std::nullopt, {}});
  op->Complete(Ok());
}

WriteStats GroupCommitWriter::Stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

void GroupCommitWriter::Run(const std::stop_token& stop) {
  for (;;) {
    Batch batch;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, stop, [this] { return !queue_.empty(); });
      if (queue_.empty()) return;  // stop requested and nothing left to run
      batch.swap(queue_);
    }
    RunBatch(batch);
  }
}

void GroupCommitWriter::RunBatch(Batch& batch) {
  Status commit = ApplyAndCommit(batch);
  {
    std::lock_guard lock(mu_);
    stats_.transactions += 1;
    stats_.operations += static_cast<std::int64_t>(batch.size());
  }
  for (auto& op : batch) op->Complete(commit);
}

Status GroupCommitWriter::ApplyAndCommit(Batch& batch) {
  sqlite3* db = db_.get();
  std::vector<bool> dropped(batch.size(), false);
  // Each pass either commits or drops one more op, so this ends.
  for (;;) {
    if (auto begun = sql::Exec(db, "BEGIN IMMEDIATE"); !begun) return begun;
    bool restart = false;
    for (std::size_t i = 0; i < batch.size() && !restart; ++i) {
      if (dropped[i]) continue;
      if (auto sp = sql::Exec(db, "SAVEPOINT op"); !sp) {
        dropped[i] = true;
        batch[i]->SetFailed(sp.error());
        restart = TransactionGone(db);
        continue;
      }
      Status applied = batch[i]->Apply(statements_);
      if (applied) {
        (void)sql::Exec(db, "RELEASE op");
      } else if (TransactionGone(db)) {
        dropped[i] = true;  // its result is the error; the others run again without it
        restart = true;
      } else {
        (void)sql::Exec(db, "ROLLBACK TO op");
        (void)sql::Exec(db, "RELEASE op");
      }
    }
    if (restart) continue;
    Status committed = sql::Exec(db, "COMMIT");
    if (!committed && !TransactionGone(db)) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return committed;
  }
}

}  // namespace graphpost::outbox::sqlite_store
