// outbox/sqlite/schema.hpp — outbox.db's versioned schema and the connection settings every
// outbox connection uses. Plain functions over one connection; callers serialise its use.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <filesystem>

#include "core/result.hpp"

namespace graphpost::outbox::sqlite_store {

// The schema version this build writes (PRAGMA user_version).
inline constexpr int kSchemaVersion = 3;

// Settings for the writer connection: WAL, synchronous=FULL (each commit is fsynced before its
// callbacks run), the page cache bound, the size limit (max_bytes 0 = none) and a busy timeout.
[[nodiscard]] Status ConfigureWriter(sqlite3* db, std::int64_t cache_bytes, std::int64_t max_bytes);

// Settings for the checkpointer's connection (checkpointer.hpp).
[[nodiscard]] Status ConfigureCheckpointer(sqlite3* db);

// Settings for a read connection: query_only, its page cache bound and a busy timeout.
[[nodiscard]] Status ConfigureReader(sqlite3* db, std::int64_t cache_bytes);

// Brings the schema of `file` (open as `db`) up to kSchemaVersion. `now` bounds what the v3 step
// backfills into the per-minute activity counts (messages of the last 24 hours before it).
// kFailedPrecondition when the file was written by a newer graphpost (a higher version) or is not
// an outbox database; other codes as the SQLite layer.
[[nodiscard]] Status MigrateSchema(sqlite3* db, const std::filesystem::path& file,
                                   std::chrono::system_clock::time_point now);

}  // namespace graphpost::outbox::sqlite_store
