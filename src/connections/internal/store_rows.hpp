// connections/internal/store_rows.hpp — the row-level SQL of ConnectionStore: finding, inserting
// and updating credential rows (sealing their secrets) and reading connections joined with their
// credential (opening them). Not thread-safe: the store calls these under its mutex, inside its
// transactions.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connections/connection.hpp"
#include "connections/secret_vault.hpp"
#include "core/result.hpp"

namespace graphpost::connections::internal {

using WallTime = std::chrono::system_clock::time_point;

// What makes two connections share one app credential.
struct CredentialKey {
  std::string login_url;  // effective authority
  std::string tenant;
  std::string client_id;
  std::string fingerprint;  // SecretVault::Fingerprint of the secret or certificate DER
};

// The credential identity of a (validated) connection.
[[nodiscard]] Result<CredentialKey> CredentialKeyOf(const Connection& c, const SecretVault& vault);
// The fingerprint of a client secret, as CredentialKeyOf computes it.
std::string SecretFingerprint(const Secret& secret, const SecretVault& vault);

// The id of the credential row with `key`, or nullopt.
[[nodiscard]] Result<std::optional<std::int64_t>> FindCredential(sqlite3* db,
                                                                 const CredentialKey& key);
// Inserts a credential row for `c` and seals its secret or private key with the row's id.
[[nodiscard]] Result<std::int64_t> InsertCredential(sqlite3* db, const SecretVault& vault,
                                                    const CredentialKey& key, const Connection& c);
// Sets the secret's expiry date of credential `id`.
[[nodiscard]] Status SetCredentialExpiry(sqlite3* db, std::int64_t id,
                                         std::optional<WallTime> expires_on);
// Replaces the client secret (and fingerprint and expiry) of credential `id`.
[[nodiscard]] Status ReplaceCredentialSecret(sqlite3* db, const SecretVault& vault, std::int64_t id,
                                             const Secret& secret,
                                             std::optional<WallTime> expires_on);
// Deletes credential `id` when no connection uses it any more.
[[nodiscard]] Status DeleteCredentialIfUnused(sqlite3* db, std::int64_t id);

// The stored row of one connection: its credential and auth type.
struct ConnectionRef {
  std::string name;  // as stored
  std::int64_t credential_id = 0;
  AuthType auth_type = AuthType::kClientSecret;
  CredentialKey key;  // login_url, tenant, client_id, fingerprint of the credential
};
// The row of connection `name` (matched without regard to case), or nullopt.
[[nodiscard]] Result<std::optional<ConnectionRef>> FindConnection(sqlite3* db,
                                                                  std::string_view name);
// Names of the connections using credential `id`, sorted.
[[nodiscard]] Result<std::vector<std::string>> ConnectionsOfCredential(sqlite3* db,
                                                                       std::int64_t id);

// Inserts connection `c` on credential `credential_id`, created and updated at `now`.
[[nodiscard]] Status InsertConnection(sqlite3* db, const Connection& c, std::int64_t credential_id,
                                      WallTime now);
// Moves every connection of credential `from` to credential `to`.
[[nodiscard]] Status MoveConnections(sqlite3* db, std::int64_t from, std::int64_t to);
// Sets `updated` = `now` on every connection of credential `id`.
[[nodiscard]] Status TouchConnections(sqlite3* db, std::int64_t id, WallTime now);
[[nodiscard]] Status DeleteConnection(sqlite3* db, std::string_view name);
// Rewrites the row of connection `c.name` (name and created unchanged): its credential, account
// type, mailbox, cloud, URLs and CA file, and `updated` = `now`.
[[nodiscard]] Status UpdateConnection(sqlite3* db, const Connection& c, std::int64_t credential_id,
                                      WallTime now);
// Ids of the credentials of one app: same login_url, tenant and client_id as `key` (any
// fingerprint), ascending.
[[nodiscard]] Result<std::vector<std::int64_t>> CredentialsOfApp(sqlite3* db,
                                                                 const CredentialKey& key);

// Connections joined with their credentials, secrets opened, sorted by name; only `name` when
// given.
[[nodiscard]] Result<std::vector<Connection>> SelectConnections(
    sqlite3* db, const SecretVault& vault, std::optional<std::string_view> name);

}  // namespace graphpost::connections::internal
