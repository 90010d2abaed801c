// connections/connection_store.hpp — the saved connections, in graphpost's embedded database (a
// SQLite file, graphpost.db, in the data directory). Client secrets and private keys are sealed
// with the SecretVault; connections entered with the same app credential (same authority, tenant,
// client ID and secret or certificate) share one stored credential, so rotating it updates them
// all. Owns its database handle and vault; `clock` must outlive the store. Thread-safe: one
// sqlite3 handle guarded by a mutex; several processes may open the same file (WAL, busy timeout).
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connections/connection.hpp"
#include "connections/secret_vault.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "sqlite/sqlite_handle.hpp"

namespace graphpost::connections {

class ConnectionStore {
 public:
  // Opens or creates the DB (WAL, schema migration with a user_version), file mode 0600 (its
  // directory is created 0700 when missing); ":memory:" opens a private in-memory database.
  // Fails with kFailedPrecondition when the file comes from a newer graphpost or is not a
  // graphpost database; kPermissionDenied / kUnavailable when a leftover -wal/-shm file cannot be
  // given the database file's mode; kPermissionDenied when `vault` does not hold the key
  // the database was created with (the message names GRAPHPOST_MASTER_KEY or the key file);
  // kUnavailable or kPermissionDenied when the file cannot be opened.
  [[nodiscard]] static Result<std::unique_ptr<ConnectionStore>> Open(
      const std::filesystem::path& db_file, SecretVault vault, Clock& clock);
  // Open with the master key in `key_file` (SecretVault::LoadKeyFile). A missing key file is
  // created (SecretVault::FromKeyFile, 32 bytes from `random`) only while the database holds
  // nothing sealed; otherwise kFailedPrecondition naming the key file and how to restore it, and
  // no key is created. Other failures as Open and FromKeyFile.
  [[nodiscard]] static Result<std::unique_ptr<ConnectionStore>> OpenWithKeyFile(
      const std::filesystem::path& db_file, const std::filesystem::path& key_file, Random& random,
      Clock& clock);

  // Saves a new connection (ValidateConnection first; kInvalidArgument naming the field). Its
  // created/updated are set from the clock. Reuses the stored credential when one matches;
  // then a given secret_expires_on updates that credential. kAlreadyExists for a taken name
  // (names are compared without regard to case).
  [[nodiscard]] Status Add(const Connection& c);
  // The connection `name`, secrets decrypted. kNotFound; kFailedPrecondition when its sealed
  // secret is corrupted (the message names the connection and the rotate-secret command; a wrong
  // key was already refused by Open).
  [[nodiscard]] Result<Connection> Get(std::string_view name) const;
  // Every connection, sorted by name, secrets decrypted.
  [[nodiscard]] Result<std::vector<Connection>> List() const;
  // Deletes the connection `name`, and its credential when no other connection uses it.
  // kNotFound.
  [[nodiscard]] Status Remove(std::string_view name);
  // Replaces the secret of the app credential used by `name` (and so of every connection sharing
  // it); returns the names of the connections updated, sorted. `expires_on` replaces the stored
  // expiry. When another stored credential already has the new secret, the connections move onto
  // it. kNotFound; kInvalidArgument for an empty or whitespace-only secret; kFailedPrecondition for
  // a connection using a certificate.
  [[nodiscard]] Result<std::vector<std::string>> RotateSecret(
      std::string_view name, const Secret& new_secret,
      std::optional<std::chrono::system_clock::time_point> expires_on);

  // Replaces what connection `c.name` (matched without regard to case; the name itself stays) is:
  // mailbox, tenant, cloud, URLs, CA file, and the expiry date of its credential (nullopt forgets
  // it, for every connection sharing the credential). The credential's secret, certificate and
  // key are c's, as Get returned them. ValidateConnection first (kInvalidArgument naming the field,
  // nothing changed). When the tenant or authority changes, the connection leaves the shared
  // credential for one of its own (or joins a stored one that matches). `created` is kept,
  // `updated` set from the clock. kNotFound.
  [[nodiscard]] Status Update(const Connection& c);
  // Gives every connection of the same app as `name` (same authority, tenant and client ID,
  // whatever credential each used: a secret or an older certificate) the certificate
  // `certificate_pem` with `private_key_pem`, and forgets the secret expiry date (a certificate's
  // expiry is its notAfter). Returns the names updated, sorted. kNotFound; kInvalidArgument when
  // the certificate or key does not parse or they do not belong together (nothing changed).
  [[nodiscard]] Result<std::vector<std::string>> RotateCertificate(
      std::string_view name, const std::string& certificate_pem, const Secret& private_key_pem);

  // The vault this store seals with, for other data kept at rest under the same master key (the
  // client's token cache).
  const SecretVault& vault() const { return vault_; }

 private:
  ConnectionStore(sqlite::Db db, SecretVault vault, Clock& clock)
      : db_(std::move(db)), vault_(std::move(vault)), clock_(clock) {}

  // Checks the master key against the database and builds the store.
  static Result<std::unique_ptr<ConnectionStore>> Finish(sqlite::Db db, SecretVault vault,
                                                         Clock& clock);
  Status AddLocked(const Connection& c);
  Result<std::vector<std::string>> RotateLocked(
      std::string_view name, const Secret& new_secret,
      std::optional<std::chrono::system_clock::time_point> expires_on);

  Status UpdateLocked(const Connection& c);
  Result<std::vector<std::string>> RotateCertificateLocked(std::string_view name,
                                                           const std::string& certificate_pem,
                                                           const Secret& private_key_pem);

  mutable std::mutex mu_;
  sqlite::Db db_;  // Guarded by mu_.
  const SecretVault vault_;
  Clock& clock_;
};

}  // namespace graphpost::connections
