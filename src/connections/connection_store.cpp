// ConnectionStore: transactions over the rows in internal/store_rows; see connection_store.hpp.
#include "connections/connection_store.hpp"

#include "connections/internal/schema.hpp"
#include "connections/internal/store_rows.hpp"
#include "sqlite/private_db_file.hpp"
#include "sqlite/sqlite.hpp"

namespace graphpost::connections {
namespace {

// How long a write waits for another process (the CLI next to a running server) to finish.
constexpr int kBusyTimeoutMs = 5000;

using internal::CredentialKey;
using WallTime = std::chrono::system_clock::time_point;

// Opens the database file and brings its schema up to date; the master key is not checked yet.
Result<sqlite::Db> OpenSchema(const std::filesystem::path& db_file) {
  if (auto prepared = sqlite::PreparePrivateDbFile(db_file); !prepared)
    return Fail(prepared.error());
  auto db = sqlite::OpenDb(db_file);
  if (!db) return Fail(db.error());
  sqlite3_busy_timeout(db->get(), kBusyTimeoutMs);
  if (auto fk = sqlite::Exec(db->get(), "PRAGMA foreign_keys = ON"); !fk) return Fail(fk.error());
  if (auto migrated = internal::MigrateSchema(db->get(), db_file); !migrated) {
    return Fail(migrated.error());
  }
  return db;
}

tl::unexpected<Error> MissingKeyFile(const std::filesystem::path& key_file,
                                     const std::filesystem::path& db_file) {
  return Fail(
      ErrorCode::kFailedPrecondition,
      "the master key file " + key_file.string() + " is missing, but " + db_file.string() +
          " holds secrets sealed with it. Restore master.key from your backup to " +
          key_file.string() +
          " (mode 0600); no other key can open these secrets. To start over instead, move " +
          db_file.string() +
          " aside and add the connections again with `graphpost connection add`. "
          "graphpost does not create a new key while the database holds sealed secrets.");
}

// The vault for `key_file`: loaded when it exists; created only when `db` holds nothing sealed.
Result<SecretVault> VaultForKeyFile(sqlite3* db, const std::filesystem::path& key_file,
                                    const std::filesystem::path& db_file, Random& random) {
  auto loaded = SecretVault::LoadKeyFile(key_file);
  if (loaded || loaded.error().code != ErrorCode::kNotFound) return loaded;
  auto sealed = internal::HasKeyCheck(db);
  if (!sealed) return Fail(sealed.error());
  if (*sealed) return MissingKeyFile(key_file, db_file);
  return SecretVault::FromKeyFile(key_file, random);
}

tl::unexpected<Error> NotFound(std::string_view name) {
  return Fail(ErrorCode::kNotFound, "no connection named '" + std::string(name) + "'");
}

// The stored row of `name`, which must authenticate with a client secret.
Result<internal::ConnectionRef> FindSecretConnection(sqlite3* db, std::string_view name) {
  auto ref = internal::FindConnection(db, name);
  if (!ref) return Fail(ref.error());
  if (!*ref) return NotFound(name);
  if ((*ref)->auth_type != AuthType::kClientSecret) {
    return Fail(ErrorCode::kFailedPrecondition,
                "connection '" + (*ref)->name + "' authenticates with a certificate, not a secret");
  }
  return std::move(**ref);
}

// Gives the connections of `ref`'s credential `new_secret`. When another stored credential already
// has it (a connection was added with the new secret first), they join that row rather than
// create a duplicate the UNIQUE constraint would reject.
Status ReplaceSecret(sqlite3* db, const SecretVault& vault, const internal::ConnectionRef& ref,
                     const Secret& new_secret, std::optional<WallTime> expires_on) {
  CredentialKey target = ref.key;
  target.fingerprint = internal::SecretFingerprint(new_secret, vault);
  auto other = internal::FindCredential(db, target);
  if (!other) return Fail(other.error());
  std::int64_t id = ref.credential_id;
  if (!*other || **other == id) {
    return internal::ReplaceCredentialSecret(db, vault, id, new_secret, expires_on);
  }
  if (auto moved = internal::MoveConnections(db, id, **other); !moved) return moved;
  if (auto set = internal::SetCredentialExpiry(db, **other, expires_on); !set) return set;
  return internal::DeleteCredentialIfUnused(db, id);
}

}  // namespace

Result<std::unique_ptr<ConnectionStore>> ConnectionStore::Open(const std::filesystem::path& db_file,
                                                               SecretVault vault, Clock& clock) {
  auto db = OpenSchema(db_file);
  if (!db) return Fail(db.error());
  return Finish(std::move(*db), std::move(vault), clock);
}

Result<std::unique_ptr<ConnectionStore>> ConnectionStore::OpenWithKeyFile(
    const std::filesystem::path& db_file, const std::filesystem::path& key_file, Random& random,
    Clock& clock) {
  auto db = OpenSchema(db_file);
  if (!db) return Fail(db.error());
  auto vault = VaultForKeyFile(db->get(), key_file, db_file, random);
  if (!vault) return Fail(vault.error());
  return Finish(std::move(*db), std::move(*vault), clock);
}

Result<std::unique_ptr<ConnectionStore>> ConnectionStore::Finish(sqlite::Db db, SecretVault vault,
                                                                 Clock& clock) {
  if (auto checked = internal::CheckMasterKey(db.get(), vault); !checked) {
    return Fail(checked.error());
  }
  return std::unique_ptr<ConnectionStore>(
      new ConnectionStore(std::move(db), std::move(vault), clock));
}

Status ConnectionStore::Add(const Connection& c) {
  if (auto valid = ValidateConnection(c); !valid) return valid;
  std::lock_guard lock(mu_);
  return AddLocked(c);
}

Status ConnectionStore::AddLocked(const Connection& c) {
  sqlite3* db = db_.get();
  auto key = internal::CredentialKeyOf(c, vault_);
  if (!key) return Fail(key.error());
  auto tx = sqlite::Transaction::Begin(db);
  if (!tx) return Fail(tx.error());
  auto existing = internal::FindConnection(db, c.name);
  if (!existing) return Fail(existing.error());
  if (*existing) {
    return Fail(ErrorCode::kAlreadyExists,
                "a connection named '" + (*existing)->name + "' already exists");
  }
  auto credential = internal::FindCredential(db, *key);
  if (!credential) return Fail(credential.error());
  std::int64_t id = 0;
  if (*credential) {
    id = **credential;
    if (c.secret_expires_on) {
      if (auto set = internal::SetCredentialExpiry(db, id, c.secret_expires_on); !set) return set;
    }
  } else {
    auto inserted = internal::InsertCredential(db, vault_, *key, c);
    if (!inserted) return Fail(inserted.error());
    id = *inserted;
  }
  if (auto added = internal::InsertConnection(db, c, id, clock_.WallNow()); !added) return added;
  return tx->Commit();
}

Result<Connection> ConnectionStore::Get(std::string_view name) const {
  std::lock_guard lock(mu_);
  auto found = internal::SelectConnections(db_.get(), vault_, name);
  if (!found) return Fail(found.error());
  if (found->empty()) return NotFound(name);
  return std::move(found->front());
}

Result<std::vector<Connection>> ConnectionStore::List() const {
  std::lock_guard lock(mu_);
  return internal::SelectConnections(db_.get(), vault_, std::nullopt);
}

Status ConnectionStore::Remove(std::string_view name) {
  std::lock_guard lock(mu_);
  sqlite3* db = db_.get();
  auto tx = sqlite::Transaction::Begin(db);
  if (!tx) return Fail(tx.error());
  auto existing = internal::FindConnection(db, name);
  if (!existing) return Fail(existing.error());
  if (!*existing) return NotFound(name);
  if (auto deleted = internal::DeleteConnection(db, name); !deleted) return deleted;
  auto cleaned = internal::DeleteCredentialIfUnused(db, (*existing)->credential_id);
  if (!cleaned) return cleaned;
  return tx->Commit();
}

Result<std::vector<std::string>> ConnectionStore::RotateSecret(std::string_view name,
                                                               const Secret& new_secret,
                                                               std::optional<WallTime> expires_on) {
  if (auto valid = CheckSecretText(new_secret); !valid) return Fail(valid.error());
  std::lock_guard lock(mu_);
  return RotateLocked(name, new_secret, expires_on);
}

Result<std::vector<std::string>> ConnectionStore::RotateLocked(std::string_view name,
                                                               const Secret& new_secret,
                                                               std::optional<WallTime> expires_on) {
  sqlite3* db = db_.get();
  auto tx = sqlite::Transaction::Begin(db);
  if (!tx) return Fail(tx.error());
  auto ref = FindSecretConnection(db, name);
  if (!ref) return Fail(ref.error());
  auto names = internal::ConnectionsOfCredential(db, ref->credential_id);
  if (!names) return Fail(names.error());
  if (auto touched = internal::TouchConnections(db, ref->credential_id, clock_.WallNow());
      !touched) {
    return Fail(touched.error());
  }
  if (auto replaced = ReplaceSecret(db, vault_, *ref, new_secret, expires_on); !replaced) {
    return Fail(replaced.error());
  }
  if (auto committed = tx->Commit(); !committed) return Fail(committed.error());
  return std::move(*names);
}

}  // namespace graphpost::connections
