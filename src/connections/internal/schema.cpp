// graphpost.db schema; see schema.hpp.
#include "connections/internal/schema.hpp"

#include <array>
#include <optional>
#include <string>

#include "sqlite/sqlite.hpp"

namespace graphpost::connections::internal {
namespace {

// Migration N (1-based) takes the schema from version N-1 to N and sets user_version itself, so
// each step is constant SQL. Append new steps; never edit a shipped one.
//
// credentials: one row per app credential (authority, tenant, client, and which secret or
// certificate), shared by every connection entered with it. `fingerprint` is a keyed hash
// (SecretVault::Fingerprint) of the secret or the certificate DER; sealed columns are bound to
// "graphpost-credential:<id>". `login_url` is the effective authority.
// connections.login_url keeps what the user entered (empty = from the cloud).
constexpr std::array<const char*, kSchemaVersion> kMigrations{{
    R"sql(
CREATE TABLE meta(
  key TEXT PRIMARY KEY,
  value BLOB NOT NULL);
CREATE TABLE credentials(
  id INTEGER PRIMARY KEY,
  login_url TEXT NOT NULL COLLATE NOCASE,
  tenant TEXT NOT NULL COLLATE NOCASE,
  client_id TEXT NOT NULL COLLATE NOCASE,
  auth_type TEXT NOT NULL CHECK (auth_type IN ('client-secret', 'certificate')),
  fingerprint TEXT NOT NULL,
  secret_sealed BLOB,
  certificate_pem TEXT,
  key_sealed BLOB,
  secret_expires_on TEXT,
  UNIQUE (login_url, tenant, client_id, fingerprint));
CREATE TABLE connections(
  name TEXT PRIMARY KEY COLLATE NOCASE,
  credential_id INTEGER NOT NULL REFERENCES credentials(id),
  account_type TEXT NOT NULL,
  user_id TEXT NOT NULL,
  cloud TEXT NOT NULL,
  login_url TEXT NOT NULL,
  graph_url TEXT NOT NULL,
  ca_file TEXT NOT NULL,
  created TEXT NOT NULL,
  updated TEXT NOT NULL);
CREATE INDEX connections_by_credential ON connections(credential_id);
PRAGMA user_version = 1;
)sql",
}};

constexpr std::string_view kKeyCheckName = "key_check";
constexpr std::string_view kKeyCheckContext = "graphpost-key-check";

Result<int> ReadUserVersion(sqlite3* db) {
  auto stmt = sqlite::Prepare(db, "PRAGMA user_version");
  if (!stmt) return Fail(stmt.error());
  auto row = sqlite::Step(stmt->get());
  if (!row) return Fail(row.error());
  return static_cast<int>(sqlite::ColumnInt(stmt->get(), 0));
}

// Applies migration `index` unless another process applied it while we waited for the lock.
Status ApplyMigration(sqlite3* db, int index) {
  auto tx = sqlite::Transaction::Begin(db);
  if (!tx) return Fail(tx.error());
  auto version = ReadUserVersion(db);
  if (!version) return Fail(version.error());
  if (*version > index) return Ok();
  if (auto ran = sqlite::Exec(db, kMigrations[static_cast<std::size_t>(index)]); !ran) return ran;
  return tx->Commit();
}

Result<std::optional<std::string>> ReadKeyCheck(sqlite3* db) {
  auto stmt = sqlite::Prepare(db, "SELECT value FROM meta WHERE key = ?");
  if (!stmt) return Fail(stmt.error());
  if (auto bound = sqlite::BindAll(stmt->get(), kKeyCheckName); !bound) return Fail(bound.error());
  auto row = sqlite::Step(stmt->get());
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(sqlite::ColumnBlob(stmt->get(), 0));
}

Status WriteKeyCheck(sqlite3* db, const SecretVault& vault) {
  auto sealed = vault.Seal(Secret(std::string(kKeyCheckContext)), kKeyCheckContext);
  if (!sealed) return Fail(sealed.error());
  // OR IGNORE: another process may have recorded its value first; the caller re-reads it.
  return sqlite::Run(db, "INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)", kKeyCheckName,
                     sqlite::Blob{*sealed});
}

}  // namespace

Status MigrateSchema(sqlite3* db, const std::filesystem::path& file) {
  auto version = ReadUserVersion(db);
  if (!version) {
    return Fail(version.error().code,
                file.string() + " is not a usable graphpost database: " + version.error().message);
  }
  if (*version > kSchemaVersion) {
    return Fail(ErrorCode::kFailedPrecondition,
                file.string() + " was written by a newer graphpost (schema version " +
                    std::to_string(*version) + "; this build understands up to " +
                    std::to_string(kSchemaVersion) + "). Upgrade graphpost to use it.");
  }
  // WAL before the first write, so creating the schema is already cheap. synchronous=NORMAL is
  // the documented WAL setting: a crash never corrupts the file, and a commit costs no fsync (only
  // checkpoints do); a power cut may lose the last commits, which the user can redo.
  if (auto wal = sqlite::Exec(db, "PRAGMA synchronous = NORMAL; PRAGMA journal_mode = WAL"); !wal) {
    return wal;
  }
  for (int v = *version; v < kSchemaVersion; ++v) {
    if (auto applied = ApplyMigration(db, v); !applied) {
      return Fail(applied.error().code,
                  "cannot update the schema of " + file.string() + ": " + applied.error().message);
    }
  }
  return Ok();
}

Result<bool> HasKeyCheck(sqlite3* db) {
  auto check = ReadKeyCheck(db);
  if (!check) return Fail(check.error());
  return check->has_value();
}

Status CheckMasterKey(sqlite3* db, const SecretVault& vault) {
  auto check = ReadKeyCheck(db);
  if (check && !*check) {
    if (auto written = WriteKeyCheck(db, vault); !written) return written;
    check = ReadKeyCheck(db);
  }
  if (!check) return Fail(check.error());
  if (!*check) return Fail(ErrorCode::kInternal, "the master key check value was not recorded");
  auto opened = vault.Open(**check, kKeyCheckContext);
  if (!opened) return Fail(opened.error());
  return Ok();
}

}  // namespace graphpost::connections::internal
