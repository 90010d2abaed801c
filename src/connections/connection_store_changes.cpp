// ConnectionStore::Update and RotateCertificate: the changes to a saved connection that go beyond a
// new secret (connection_store.hpp). Kept apart from connection_store.cpp so each file stays
// small; same locking and transactions.
#include <algorithm>

#include "connections/connection_store.hpp"
#include "connections/internal/store_rows.hpp"
#include "sqlite/sqlite.hpp"

namespace graphpost::connections {
namespace {

tl::unexpected<Error> NotFound(std::string_view name) {
  return Fail(ErrorCode::kNotFound, "no connection named '" + std::string(name) + "'");
}

// The id of the credential row matching `key`, inserted for `c` when there is none.
Result<std::int64_t> FindOrInsertCredential(sqlite3* db, const SecretVault& vault,
                                            const internal::CredentialKey& key,
                                            const Connection& c) {
  auto found = internal::FindCredential(db, key);
  if (!found) return Fail(found.error());
  if (*found) return **found;
  return internal::InsertCredential(db, vault, key, c);
}

}  // namespace

Status ConnectionStore::Update(const Connection& c) {
  if (auto valid = ValidateConnection(c); !valid) return valid;
  std::lock_guard lock(mu_);
  return UpdateLocked(c);
}

Status ConnectionStore::UpdateLocked(const Connection& c) {
  sqlite3* db = db_.get();
  auto tx = sqlite::Transaction::Begin(db);
  if (!tx) return Fail(tx.error());
  auto ref = internal::FindConnection(db, c.name);
  if (!ref) return Fail(ref.error());
  if (!*ref) return NotFound(c.name);
  Connection row = c;
  row.name = (*ref)->name;  // as stored
  auto key = internal::CredentialKeyOf(row, vault_);
  if (!key) return Fail(key.error());
  auto id = FindOrInsertCredential(db, vault_, *key, row);
  if (!id) return Fail(id.error());
  if (auto set = internal::SetCredentialExpiry(db, *id, row.secret_expires_on); !set) return set;
  if (auto updated = internal::UpdateConnection(db, row, *id, clock_.WallNow()); !updated) {
    return updated;
  }
  if (*id != (*ref)->credential_id) {
    if (auto cleaned = internal::DeleteCredentialIfUnused(db, (*ref)->credential_id); !cleaned) {
      return cleaned;
    }
  }
  return tx->Commit();
}

Result<std::vector<std::string>> ConnectionStore::RotateCertificate(
    std::string_view name, const std::string& certificate_pem, const Secret& private_key_pem) {
  std::lock_guard lock(mu_);
  return RotateCertificateLocked(name, certificate_pem, private_key_pem);
}

Result<std::vector<std::string>> ConnectionStore::RotateCertificateLocked(
    std::string_view name, const std::string& certificate_pem, const Secret& private_key_pem) {
  sqlite3* db = db_.get();
  auto tx = sqlite::Transaction::Begin(db);
  if (!tx) return Fail(tx.error());
  auto rows = internal::SelectConnections(db, vault_, name);
  if (!rows) return Fail(rows.error());
  if (rows->empty()) return NotFound(name);
  auto ref = internal::FindConnection(db, name);
  if (!ref) return Fail(ref.error());
  if (!*ref) return NotFound(name);
  Connection next = std::move(rows->front());
  next.auth_type = AuthType::kCertificate;
  next.client_secret = Secret();
  next.certificate_pem = certificate_pem;
  next.private_key_pem = private_key_pem;
  next.secret_expires_on.reset();
  if (auto valid = ValidateConnection(next); !valid) return Fail(valid.error());
  auto key = internal::CredentialKeyOf(next, vault_);
  if (!key) return Fail(key.error());
  auto ids = internal::CredentialsOfApp(db, (*ref)->key);
  if (!ids) return Fail(ids.error());
  auto target = FindOrInsertCredential(db, vault_, *key, next);
  if (!target) return Fail(target.error());
  if (auto set = internal::SetCredentialExpiry(db, *target, std::nullopt); !set) {
    return Fail(set.error());
  }
  std::vector<std::string> names;
  for (std::int64_t id : *ids) {
    auto of = internal::ConnectionsOfCredential(db, id);
    if (!of) return Fail(of.error());
    names.insert(names.end(), of->begin(), of->end());
    if (id == *target) continue;
    if (auto moved = internal::MoveConnections(db, id, *target); !moved) return Fail(moved.error());
    if (auto gone = internal::DeleteCredentialIfUnused(db, id); !gone) return Fail(gone.error());
  }
  if (auto touched = internal::TouchConnections(db, *target, clock_.WallNow()); !touched) {
    return Fail(touched.error());
  }
  if (auto committed = tx->Commit(); !committed) return Fail(committed.error());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace graphpost::connections
