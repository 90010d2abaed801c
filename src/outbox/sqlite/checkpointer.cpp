// Background WAL checkpoints; see checkpointer.hpp.
#include "outbox/sqlite/checkpointer.hpp"

namespace graphpost::outbox::sqlite_store {

Checkpointer::Checkpointer(sqlite::Db db, int wake_pages, int cap_pages)
    : db_(std::move(db)),
      wake_pages_(wake_pages),
      cap_pages_(cap_pages),
      thread_([this](const std::stop_token& stop) { Run(stop); }) {}

Checkpointer::~Checkpointer() {
  thread_.request_stop();
  thread_.join();
}

void Checkpointer::Install(sqlite3* writer) { sqlite3_wal_hook(writer, &WalHook, this); }

int Checkpointer::WalHook(void* self, sqlite3* db, const char* schema, int pages) {
  auto* checkpointer = static_cast<Checkpointer*>(self);
  if (pages >= checkpointer->cap_pages_) {
    // Behind a long burst: a RESTART checkpoint on the writer lets the next commit start the WAL
    // from its beginning (journal_size_limit then trims the file).
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
    return SQLITE_OK;
  }
  if (pages >= checkpointer->wake_pages_) {
    std::lock_guard lock(checkpointer->mu_);
    checkpointer->pending_ = true;
    checkpointer->wake_.notify_one();
  }
  return SQLITE_OK;
}

void Checkpointer::Run(const std::stop_token& stop) {
  for (;;) {
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, stop, [this] { return pending_; });
      if (!pending_) return;  // stopping
      pending_ = false;
    }
    // A failed checkpoint (busy, full disk) is retried on the next wake-up; the WAL keeps the data.
    sqlite3_wal_checkpoint_v2(db_.get(), "main", SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  }
}

}  // namespace graphpost::outbox::sqlite_store
