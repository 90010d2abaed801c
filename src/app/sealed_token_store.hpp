// app/sealed_token_store.hpp — the TokenStore of the client: one file per credential in
// <data dir>/tokens/, named by the vault's keyed fingerprint of the cache key (so neither the
// tenant nor a hash of the secret is readable from the name), holding the token sealed with the
// connections' SecretVault (AES-256-GCM, bound to that name). Files are 0600 in a 0700 directory,
// written to a temporary file and renamed into place, so two processes saving at once leave one
// whole file. Thread-safe; the vault copy is owned.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "auth/token_store.hpp"
#include "connections/secret_vault.hpp"

namespace graphpost::app {

class SealedTokenStore final : public auth::TokenStore {
 public:
  // `dir` is created (0700) on the first Save.
  SealedTokenStore(std::filesystem::path dir, connections::SecretVault vault);

  // kFailedPrecondition for a file readable by others; kInvalidArgument or kPermissionDenied for
  // one that does not open with this vault (corrupted, or sealed under another key); kUnavailable
  // when it cannot be read.
  [[nodiscard]] Result<std::optional<auth::StoredToken>> Load(const std::string& key) override;
  // kUnavailable / kPermissionDenied when the directory or file cannot be written.
  [[nodiscard]] Status Save(const std::string& key, const auth::StoredToken& token) override;

  // The file that holds `key`'s token (for tests and diagnostics).
  std::filesystem::path FileFor(const std::string& key) const;

 private:
  std::string NameFor(const std::string& key) const;

  const std::filesystem::path dir_;
  const connections::SecretVault vault_;
};

}  // namespace graphpost::app
