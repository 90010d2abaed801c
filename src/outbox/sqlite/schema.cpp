// outbox.db schema; see schema.hpp.
#include "outbox/sqlite/schema.hpp"

#include <array>
#include <chrono>
#include <string>

#include "sqlite/sqlite.hpp"

namespace graphpost::outbox::sqlite_store {

using TimePoint = std::chrono::system_clock::time_point;

namespace {

namespace sql = graphpost::sqlite;

// How long a write waits for another process (the queue CLI beside a running gateway).
constexpr int kBusyTimeoutMs = 10000;
// The WAL file is cut back to this after a checkpoint, so a burst does not keep its size.
constexpr std::int64_t kJournalSizeLimit = 64 << 20;

// Migration N (1-based) takes the schema from version N-1 to N and sets user_version itself.
// Append new steps; never edit a shipped one.
//
// Times are nanoseconds since the Unix epoch (INTEGER), states the MessageState ordinal
// (0 queued, 1 sending, 2 delivered, 3 failed, 4 expired, 5 cancelled). A message's payload
// lives in its own table under the same seq, so claiming and finishing (which rewrite the
// message row) never copy the payload. Indexes: claim (lane, state, due), listing newest first
// by key, state, connection, sender or time (each ends in seq: keyset paging on
// (created_at, seq)), expiry, leases, purge and the per-lane recipient budget. Triggers keep
// the count per state and of queued messages per lane, so metrics and the engine's lane list do
// not count a million rows.
constexpr std::array<const char*, kSchemaVersion> kMigrations{{
    R"sql(
CREATE TABLE messages(
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  api_key_id TEXT NOT NULL,
  connection TEXT NOT NULL,
  sender TEXT NOT NULL,
  state INTEGER NOT NULL,
  recipients INTEGER NOT NULL,
  save_to_sent_items INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  send_at INTEGER NOT NULL,
  expires_at INTEGER,
  next_attempt_at INTEGER NOT NULL,
  lease_until INTEGER,
  finished_at INTEGER,
  attempts INTEGER NOT NULL,
  verify_before_send INTEGER NOT NULL,
  guarantee INTEGER,
  cause TEXT NOT NULL,
  detail TEXT NOT NULL,
  fix TEXT NOT NULL);
CREATE TABLE payloads(
  seq INTEGER PRIMARY KEY,
  payload TEXT NOT NULL);
CREATE INDEX messages_claim ON messages(connection, sender, state, next_attempt_at);
CREATE INDEX messages_by_key ON messages(api_key_id, created_at);
CREATE INDEX messages_by_state ON messages(state, created_at);
CREATE INDEX messages_by_connection ON messages(connection, created_at);
CREATE INDEX messages_by_sender ON messages(sender, created_at);
CREATE INDEX messages_by_created ON messages(created_at);
CREATE INDEX messages_expiry ON messages(expires_at) WHERE state = 0 AND expires_at IS NOT NULL;
CREATE INDEX messages_leases ON messages(lease_until) WHERE state = 1;
CREATE INDEX messages_finished ON messages(finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX messages_delivered ON messages(connection, sender, finished_at, recipients)
  WHERE state = 2;
CREATE TABLE attempts(
  message_seq INTEGER NOT NULL,
  number INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  ended_at INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  http_status INTEGER NOT NULL,
  cause TEXT NOT NULL,
  detail TEXT NOT NULL);
CREATE INDEX attempts_by_message ON attempts(message_seq, number);
CREATE TABLE idempotency(
  api_key_id TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  response_status INTEGER NOT NULL,
  response_body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (api_key_id, key));
CREATE INDEX idempotency_by_created ON idempotency(created_at);
CREATE TABLE api_keys(
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  admin INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  revoked INTEGER NOT NULL);
CREATE TABLE api_key_connections(
  api_key_id TEXT NOT NULL,
  connection TEXT NOT NULL,
  PRIMARY KEY (api_key_id, connection)) WITHOUT ROWID;
CREATE TABLE state_counts(
  state INTEGER PRIMARY KEY,
  n INTEGER NOT NULL);
CREATE TABLE lane_counts(
  connection TEXT NOT NULL,
  sender TEXT NOT NULL,
  queued INTEGER NOT NULL,
  PRIMARY KEY (connection, sender)) WITHOUT ROWID;
CREATE TRIGGER messages_count_insert AFTER INSERT ON messages BEGIN
  INSERT INTO state_counts(state, n) VALUES (new.state, 1)
    ON CONFLICT(state) DO UPDATE SET n = n + 1;
  INSERT INTO lane_counts(connection, sender, queued)
    VALUES (new.connection, new.sender, new.state = 0)
    ON CONFLICT(connection, sender) DO UPDATE SET queued = queued + (new.state = 0);
END;
CREATE TRIGGER messages_count_delete AFTER DELETE ON messages BEGIN
  UPDATE state_counts SET n = n - 1 WHERE state = old.state;
  UPDATE lane_counts SET queued = queued - 1
    WHERE old.state = 0 AND connection = old.connection AND sender = old.sender;
END;
CREATE TRIGGER messages_count_update AFTER UPDATE OF state ON messages
    WHEN old.state != new.state BEGIN
  UPDATE state_counts SET n = n - 1 WHERE state = old.state;
  INSERT INTO state_counts(state, n) VALUES (new.state, 1)
    ON CONFLICT(state) DO UPDATE SET n = n + 1;
  UPDATE lane_counts SET queued = queued + (new.state = 0) - (old.state = 0)
    WHERE connection = new.connection AND sender = new.sender;
END;
PRAGMA user_version = 1;
)sql",
    // 2: SMTP accounts (docs/smtp.md, "Accounts and who may submit"). NOCASE: AUTH names are
    // compared without regard to ASCII case, so "Printer" and "printer" are one account.
    // Connections and senders are lists of lines. IF NOT EXISTS so a file that somehow has the
    // table (a downgrade and upgrade) still migrates.
    R"sql(
CREATE TABLE IF NOT EXISTS smtp_accounts(
  name TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  connections TEXT NOT NULL,
  senders TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  password_changed_at INTEGER NOT NULL);
PRAGMA user_version = 2;
)sql",
    // 3: accepted / delivered / failed per minute for the console's activity chart
    // (docs/console.md, "Overview"), kept by triggers like state_counts so a chart over the last
    // hour reads 60 rows whatever the outbox holds. `minute` is minutes since the Unix epoch
    // (created_at or finished_at / 60e9). A message counts as accepted when inserted, and as
    // delivered or failed (failed or expired) when its state becomes so, or already is when it
    // is inserted (a benchmark's fill), so the counts follow the rows. Deleting messages (purge)
    // leaves the counts, which are history: purge drops minutes older than 7 days itself. The
    // last day of messages already stored is counted by the migration (BackfillActivity).
    R"sql(
CREATE TABLE IF NOT EXISTS minute_counts(
  minute INTEGER PRIMARY KEY,
  accepted INTEGER NOT NULL,
  delivered INTEGER NOT NULL,
  failed INTEGER NOT NULL);
CREATE TRIGGER IF NOT EXISTS messages_minute_insert AFTER INSERT ON messages BEGIN
  INSERT INTO minute_counts(minute, accepted, delivered, failed)
    VALUES (new.created_at / 60000000000, 1, 0, 0)
    ON CONFLICT(minute) DO UPDATE SET accepted = accepted + 1;
  INSERT INTO minute_counts(minute, accepted, delivered, failed)
    SELECT new.finished_at / 60000000000, 0, new.state = 2, new.state != 2
    WHERE new.state IN (2, 3, 4) AND new.finished_at IS NOT NULL
    ON CONFLICT(minute) DO UPDATE SET delivered = delivered + (new.state = 2),
                                      failed = failed + (new.state != 2);
END;
CREATE TRIGGER IF NOT EXISTS messages_minute_finish AFTER UPDATE OF state ON messages
    WHEN old.state != new.state AND new.state IN (2, 3, 4) AND new.finished_at IS NOT NULL BEGIN
  INSERT INTO minute_counts(minute, accepted, delivered, failed)
    VALUES (new.finished_at / 60000000000, 0, new.state = 2, new.state != 2)
    ON CONFLICT(minute) DO UPDATE SET delivered = delivered + (new.state = 2),
                                      failed = failed + (new.state != 2);
END;
PRAGMA user_version = 3;
)sql",
}};

// How far back the v3 migration counts messages already stored: the chart shows an hour, and a
// bound keeps the migration of a big outbox quick (two index range scans).
constexpr std::chrono::hours kBackfillWindow{24};
constexpr int kActivityMigrationIndex = 2;  // migration 3, whose backfill needs `now`

Result<int> ReadUserVersion(sqlite3* db) {
  auto stmt = sql::Prepare(db, "PRAGMA user_version");
  if (!stmt) return Fail(stmt.error());
  auto row = sql::Step(stmt->get());
  if (!row) return Fail(row.error());
  return static_cast<int>(sql::ColumnInt(stmt->get(), 0));
}

// Migration 3's second half: the minute counts of messages stored before the triggers existed,
// from `since` on (accepted by created_at, delivered / failed by finished_at). Two range scans,
// the indexes named: left alone, the planner walks every delivered message through
// messages_by_state. A recount replaces what a minute held.
Status BackfillActivity(sqlite3* db, TimePoint since) {
  const auto since_ns = static_cast<std::int64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(since.time_since_epoch()).count());
  return sql::Run(db,
                  "INSERT OR REPLACE INTO minute_counts(minute, accepted, delivered, failed) "
                  "SELECT minute, sum(a), sum(d), sum(f) FROM ("
                  "SELECT created_at / 60000000000 AS minute, 1 AS a, 0 AS d, 0 AS f "
                  "FROM messages INDEXED BY messages_by_created WHERE created_at >= ?1 "
                  "UNION ALL "
                  "SELECT finished_at / 60000000000, 0, state = 2, state != 2 "
                  "FROM messages INDEXED BY messages_finished "
                  "WHERE finished_at >= ?1 AND state IN (2, 3, 4)) "
                  "GROUP BY minute",
                  since_ns);
}

// Applies migration `index` unless another process applied it while we waited for the lock.
Status ApplyMigration(sqlite3* db, int index, TimePoint now) {
  auto tx = sql::Transaction::Begin(db);
  if (!tx) return Fail(tx.error());
  auto version = ReadUserVersion(db);
  if (!version) return Fail(version.error());
  if (*version > index) return Ok();
  if (auto ran = sql::Exec(db, kMigrations[static_cast<std::size_t>(index)]); !ran) return ran;
  if (index == kActivityMigrationIndex) {
    if (auto filled = BackfillActivity(db, now - kBackfillWindow); !filled) return filled;
  }
  return tx->Commit();
}

Status SetPragma(sqlite3* db, const std::string& pragma) { return sql::Exec(db, pragma.c_str()); }

Status ConfigureCommon(sqlite3* db, std::int64_t cache_bytes) {
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  // Negative cache_size is KiB: the page cache never grows past it, whatever the queue holds.
  if (auto cache = SetPragma(db, "PRAGMA cache_size = -" + std::to_string(cache_bytes / 1024));
      !cache) {
    return cache;
  }
  // temp_store stays at its default on purpose: with MEMORY, the savepoint journal of a large
  // submission is a chunk list that SQLite walks from its head at the end of every statement
  // (quadratic; a 1,000-message submission into a big outbox took seconds). By default it spills
  // to a temporary file past 64 KB, where that truncation is one ftruncate.
  return Ok();
}

}  // namespace

Status ConfigureWriter(sqlite3* db, std::int64_t cache_bytes, std::int64_t max_bytes) {
  if (auto common = ConfigureCommon(db, cache_bytes); !common) return common;
  // synchronous=FULL in WAL mode fsyncs the WAL at every commit: a committed (acknowledged)
  // submission survives a power cut, not only a crash.
  if (auto wal = sql::Exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL"); !wal) {
    return wal;
  }
  if (auto limit =
          SetPragma(db, "PRAGMA journal_size_limit = " + std::to_string(kJournalSizeLimit));
      !limit) {
    return limit;
  }
  if (max_bytes <= 0) return Ok();
  auto page_size = sql::Prepare(db, "PRAGMA page_size");
  if (!page_size) return Fail(page_size.error());
  if (auto row = sql::Step(page_size->get()); !row) return Fail(row.error());
  std::int64_t pages = std::max<std::int64_t>(1, max_bytes / sql::ColumnInt(page_size->get(), 0));
  return SetPragma(db, "PRAGMA max_page_count = " + std::to_string(pages));
}

Status ConfigureCheckpointer(sqlite3* db) {
  // Checkpoints read WAL pages and write them to the file: a small cache is enough.
  return ConfigureCommon(db, 1 << 20);
}

Status ConfigureReader(sqlite3* db, std::int64_t cache_bytes) {
  if (auto common = ConfigureCommon(db, cache_bytes); !common) return common;
  return sql::Exec(db, "PRAGMA query_only = 1");
}

Status MigrateSchema(sqlite3* db, const std::filesystem::path& file, TimePoint now) {
  auto version = ReadUserVersion(db);
  if (!version) {
    return Fail(ErrorCode::kFailedPrecondition,
                file.string() + " is not a usable outbox database: " + version.error().message);
  }
  if (*version > kSchemaVersion) {
    return Fail(ErrorCode::kFailedPrecondition,
                file.string() + " was written by a newer graphpost (outbox schema version " +
                    std::to_string(*version) + "; this build understands up to " +
                    std::to_string(kSchemaVersion) + "). Upgrade graphpost to use it.");
  }
  for (int v = *version; v < kSchemaVersion; ++v) {
    if (auto applied = ApplyMigration(db, v, now); !applied) {
      return Fail(applied.error().code,
                  "cannot update the schema of " + file.string() + ": " + applied.error().message);
    }
  }
  return Ok();
}

}  // namespace graphpost::outbox::sqlite_store
