// outbox/sqlite/checkpointer.hpp — copies the WAL back into outbox.db on its own thread and
// connection (PASSIVE checkpoints), so the writer's commits do not wait for checkpoint I/O. The
// writer's WAL hook wakes it once the WAL holds `wake_pages` pages; if the WAL still reaches
// `cap_pages` (checkpoints falling behind a long burst), the writer checkpoints itself once, so the
// WAL file stays bounded. Thread-safe; must outlive the writer connection it is installed on.
#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "sqlite/sqlite_handle.hpp"

namespace graphpost::outbox::sqlite_store {

class Checkpointer {
 public:
  Checkpointer(sqlite::Db db, int wake_pages, int cap_pages);
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Replaces the writer connection's automatic checkpoints with this checkpointer.
  void Install(sqlite3* writer);

 private:
  static int WalHook(void* self, sqlite3* db, const char* schema, int pages);
  void Run(const std::stop_token& stop);

  sqlite::Db db_;  // the checkpointer's own connection; its thread only
  const int wake_pages_;
  const int cap_pages_;
  std::mutex mu_;
  std::condition_variable_any wake_;
  bool pending_ = false;  // Guarded by mu_.
  std::jthread thread_;   // last: starts after everything above exists
};

}  // namespace graphpost::outbox::sqlite_store
