// Row-level SQL of the connection store; see store_rows.hpp.
#include "connections/internal/store_rows.hpp"

#include "core/time_format.hpp"
#include "crypto/keys.hpp"
#include "sqlite/sqlite.hpp"

namespace graphpost::connections::internal {
namespace {

using sqlite::Blob;

std::string SealContext(std::int64_t credential_id) {
  return "graphpost-credential:" + std::to_string(credential_id);
}

std::optional<std::string> TimeText(std::optional<WallTime> t) {
  if (!t) return std::nullopt;
  return FormatIso8601(*t);
}

Result<WallTime> ParseStoredTime(const std::string& text, std::string_view column) {
  auto t = ParseIso8601(text);
  if (!t)
    return Fail(ErrorCode::kInternal, "graphpost.db holds a malformed " + std::string(column));
  return *t;
}

AuthType ParseStoredAuthType(const std::string& text) {
  return ParseAuthType(text).value_or(AuthType::kClientSecret);
}

// Prepares `sql` with `values` bound to its parameters.
template <class... Values>
Result<sqlite::Statement> Query(sqlite3* db, std::string_view sql, const Values&... values) {
  auto stmt = sqlite::Prepare(db, sql);
  if (!stmt) return Fail(stmt.error());
  if (auto bound = sqlite::BindAll(stmt->get(), values...); !bound) return Fail(bound.error());
  return stmt;
}

constexpr std::string_view kSelectConnections =
    "SELECT c.name, c.account_type, cr.tenant, cr.auth_type, c.user_id, cr.client_id, cr.id, "
    "cr.secret_sealed, cr.certificate_pem, cr.key_sealed, cr.secret_expires_on, c.cloud, "
    "c.login_url, c.graph_url, c.ca_file, c.created, c.updated "
    "FROM connections c JOIN credentials cr ON cr.id = c.credential_id ";

// The store checked the master key against its key check value when it opened, so a value that
// fails authentication now was changed on disk, not sealed under another key (format-1 values
// cannot tell the two apart themselves).
tl::unexpected<Error> Corrupted(const Connection& c) {
  const bool secret = c.auth_type == AuthType::kClientSecret;
  return Fail(ErrorCode::kFailedPrecondition,
              "the stored " + std::string(secret ? "client secret" : "private key") +
                  " of connection '" + c.name +
                  "' is corrupted: it fails its integrity check although the master key is the "
                  "right one (graphpost.db was changed outside graphpost or damaged on disk). " +
                  (secret ? "Store the secret again: graphpost connection rotate-secret " + c.name +
                                " --secret-stdin"
                          : "Remove the connection and add it again with its certificate and "
                            "key: graphpost connection remove " +
                                c.name));
}

Status OpenSecrets(sqlite3_stmt* s, const SecretVault& vault, Connection& c) {
  std::string context = SealContext(sqlite::ColumnInt(s, 6));
  const int column = c.auth_type == AuthType::kClientSecret ? 7 : 9;
  auto secret = vault.Open(sqlite::ColumnBlob(s, column), context);
  // A wrong key was refused when the store opened, so any value that does not open here is
  // damaged: bytes changed (kFailedPrecondition), cut short or replaced by something that is not a
  // sealed value at all (kInvalidArgument), or sealed under another key (kPermissionDenied).
  if (!secret && (secret.error().code == ErrorCode::kPermissionDenied ||
                  secret.error().code == ErrorCode::kFailedPrecondition ||
                  secret.error().code == ErrorCode::kInvalidArgument)) {
    return Corrupted(c);
  }
  if (!secret) return Fail(secret.error());
  (c.auth_type == AuthType::kClientSecret ? c.client_secret : c.private_key_pem) =
      std::move(*secret);
  return Ok();
}

Status ReadTimes(sqlite3_stmt* s, Connection& c) {
  if (auto expires = sqlite::ColumnOptionalText(s, 10)) {
    auto t = ParseStoredTime(*expires, "secret_expires_on");
    if (!t) return Fail(t.error());
    c.secret_expires_on = *t;
  }
  auto created = ParseStoredTime(sqlite::ColumnText(s, 15), "created");
  auto updated = ParseStoredTime(sqlite::ColumnText(s, 16), "updated");
  if (!created) return Fail(created.error());
  if (!updated) return Fail(updated.error());
  c.created = *created;
  c.updated = *updated;
  return Ok();
}

Result<Connection> ReadConnection(sqlite3_stmt* s, const SecretVault& vault) {
  Connection c;
  c.name = sqlite::ColumnText(s, 0);
  c.account_type = sqlite::ColumnText(s, 1);
  c.tenant = sqlite::ColumnText(s, 2);
  c.auth_type = ParseStoredAuthType(sqlite::ColumnText(s, 3));
  c.user_id = sqlite::ColumnText(s, 4);
  c.client_id = sqlite::ColumnText(s, 5);
  c.certificate_pem = sqlite::ColumnText(s, 8);
  c.cloud = sqlite::ColumnText(s, 11);
  c.login_url = sqlite::ColumnText(s, 12);
  c.graph_url = sqlite::ColumnText(s, 13);
  c.ca_file = sqlite::ColumnText(s, 14);
  if (auto times = ReadTimes(s, c); !times) return Fail(times.error());
  if (auto opened = OpenSecrets(s, vault, c); !opened) return Fail(opened.error());
  return c;
}

}  // namespace

Result<std::vector<Connection>> SelectConnections(sqlite3* db, const SecretVault& vault,
                                                  std::optional<std::string_view> name) {
  auto stmt = name ? Query(db, std::string(kSelectConnections) + "WHERE c.name = ?", *name)
                   : Query(db, std::string(kSelectConnections) + "ORDER BY c.name");
  if (!stmt) return Fail(stmt.error());
  std::vector<Connection> out;
  for (;;) {
    auto row = sqlite::Step(stmt->get());
    if (!row) return Fail(row.error());
    if (!*row) return out;
    auto c = ReadConnection(stmt->get(), vault);
    if (!c) return Fail(c.error());
    out.push_back(std::move(*c));
  }
}

Result<CredentialKey> CredentialKeyOf(const Connection& c, const SecretVault& vault) {
  CredentialKey key{EffectiveLoginUrl(c), c.tenant, c.client_id, {}};
  if (c.auth_type == AuthType::kClientSecret) {
    key.fingerprint = SecretFingerprint(c.client_secret, vault);
    return key;
  }
  auto cert = crypto::Certificate::FromPem(c.certificate_pem);
  if (!cert) return Fail(ErrorCode::kInvalidArgument, "certificate_pem: is not a PEM certificate");
  key.fingerprint = vault.Fingerprint("certificate:" + cert->Der());
  return key;
}

std::string SecretFingerprint(const Secret& secret, const SecretVault& vault) {
  return vault.Fingerprint("client-secret:" + secret.Reveal());
}

Result<std::optional<std::int64_t>> FindCredential(sqlite3* db, const CredentialKey& key) {
  auto stmt = Query(db,
                    "SELECT id FROM credentials WHERE login_url = ? AND tenant = ? AND "
                    "client_id = ? AND fingerprint = ?",
                    key.login_url, key.tenant, key.client_id, key.fingerprint);
  if (!stmt) return Fail(stmt.error());
  auto row = sqlite::Step(stmt->get());
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(sqlite::ColumnInt(stmt->get(), 0));
}

Result<std::int64_t> InsertCredential(sqlite3* db, const SecretVault& vault,
                                      const CredentialKey& key, const Connection& c) {
  // The row id is part of the sealing context, so the row is inserted first and sealed after.
  auto inserted = sqlite::Run(db,
                              "INSERT INTO credentials(login_url, tenant, client_id, auth_type, "
                              "fingerprint, certificate_pem, secret_expires_on) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?)",
                              key.login_url, key.tenant, key.client_id, AuthTypeName(c.auth_type),
                              key.fingerprint, c.certificate_pem, TimeText(c.secret_expires_on));
  if (!inserted) return Fail(inserted.error());
  std::int64_t id = sqlite3_last_insert_rowid(db);
  const Secret& secret =
      c.auth_type == AuthType::kClientSecret ? c.client_secret : c.private_key_pem;
  auto sealed = vault.Seal(secret, SealContext(id));
  if (!sealed) return Fail(sealed.error());
  auto stored = sqlite::Run(db,
                            c.auth_type == AuthType::kClientSecret
                                ? "UPDATE credentials SET secret_sealed = ? WHERE id = ?"
                                : "UPDATE credentials SET key_sealed = ? WHERE id = ?",
                            Blob{*sealed}, id);
  if (!stored) return Fail(stored.error());
  return id;
}

Status SetCredentialExpiry(sqlite3* db, std::int64_t id, std::optional<WallTime> expires_on) {
  return sqlite::Run(db, "UPDATE credentials SET secret_expires_on = ? WHERE id = ?",
                     TimeText(expires_on), id);
}

Status ReplaceCredentialSecret(sqlite3* db, const SecretVault& vault, std::int64_t id,
                               const Secret& secret, std::optional<WallTime> expires_on) {
  auto sealed = vault.Seal(secret, SealContext(id));
  if (!sealed) return Fail(sealed.error());
  return sqlite::Run(db,
                     "UPDATE credentials SET secret_sealed = ?, fingerprint = ?, "
                     "secret_expires_on = ? WHERE id = ?",
                     Blob{*sealed}, SecretFingerprint(secret, vault), TimeText(expires_on), id);
}

Status DeleteCredentialIfUnused(sqlite3* db, std::int64_t id) {
  return sqlite::Run(db,
                     "DELETE FROM credentials WHERE id = ? AND NOT EXISTS "
                     "(SELECT 1 FROM connections WHERE credential_id = ?)",
                     id, id);
}

Result<std::optional<ConnectionRef>> FindConnection(sqlite3* db, std::string_view name) {
  auto stmt = Query(db,
                    "SELECT c.name, cr.id, cr.auth_type, cr.login_url, cr.tenant, cr.client_id, "
                    "cr.fingerprint FROM connections c JOIN credentials cr "
                    "ON cr.id = c.credential_id WHERE c.name = ?",
                    name);
  if (!stmt) return Fail(stmt.error());
  auto row = sqlite::Step(stmt->get());
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<ConnectionRef>();
  sqlite3_stmt* s = stmt->get();
  return std::optional<ConnectionRef>(
      ConnectionRef{sqlite::ColumnText(s, 0), sqlite::ColumnInt(s, 1),
                    ParseStoredAuthType(sqlite::ColumnText(s, 2)),
                    CredentialKey{sqlite::ColumnText(s, 3), sqlite::ColumnText(s, 4),
                                  sqlite::ColumnText(s, 5), sqlite::ColumnText(s, 6)}});
}

Result<std::vector<std::string>> ConnectionsOfCredential(sqlite3* db, std::int64_t id) {
  auto stmt = Query(db, "SELECT name FROM connections WHERE credential_id = ? ORDER BY name", id);
  if (!stmt) return Fail(stmt.error());
  std::vector<std::string> names;
  for (;;) {
    auto row = sqlite::Step(stmt->get());
    if (!row) return Fail(row.error());
    if (!*row) return names;
    names.push_back(sqlite::ColumnText(stmt->get(), 0));
  }
}

Status InsertConnection(sqlite3* db, const Connection& c, std::int64_t credential_id,
                        WallTime now) {
  std::string stamp = FormatIso8601(now);
  return sqlite::Run(db,
                     "INSERT INTO connections(name, credential_id, account_type, user_id, cloud, "
                     "login_url, graph_url, ca_file, created, updated) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     c.name, credential_id, c.account_type, c.user_id, c.cloud, c.login_url,
                     c.graph_url, c.ca_file, stamp, stamp);
}

Status MoveConnections(sqlite3* db, std::int64_t from, std::int64_t to) {
  return sqlite::Run(db, "UPDATE connections SET credential_id = ? WHERE credential_id = ?", to,
                     from);
}

Status TouchConnections(sqlite3* db, std::int64_t id, WallTime now) {
  return sqlite::Run(db, "UPDATE connections SET updated = ? WHERE credential_id = ?",
                     FormatIso8601(now), id);
}

Status DeleteConnection(sqlite3* db, std::string_view name) {
  return sqlite::Run(db, "DELETE FROM connections WHERE name = ?", name);
}

Status UpdateConnection(sqlite3* db, const Connection& c, std::int64_t credential_id,
                        WallTime now) {
  return sqlite::Run(db,
                     "UPDATE connections SET credential_id = ?, account_type = ?, user_id = ?, "
                     "cloud = ?, login_url = ?, graph_url = ?, ca_file = ?, updated = ? "
                     "WHERE name = ?",
                     credential_id, c.account_type, c.user_id, c.cloud, c.login_url, c.graph_url,
                     c.ca_file, FormatIso8601(now), c.name);
}

Result<std::vector<std::int64_t>> CredentialsOfApp(sqlite3* db, const CredentialKey& key) {
  auto stmt = Query(db,
                    "SELECT id FROM credentials WHERE login_url = ? AND tenant = ? AND "
                    "client_id = ? ORDER BY id",
                    key.login_url, key.tenant, key.client_id);
  if (!stmt) return Fail(stmt.error());
  std::vector<std::int64_t> ids;
  for (;;) {
    auto row = sqlite::Step(stmt->get());
    if (!row) return Fail(row.error());
    if (!*row) return ids;
    ids.push_back(sqlite::ColumnInt(stmt->get(), 0));
  }
}

}  // namespace graphpost::connections::internal
