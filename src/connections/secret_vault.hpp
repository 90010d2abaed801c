// connections/secret_vault.hpp — encryption at rest for connection secrets (client secrets,
// private keys): AES-256-GCM under one 32-byte master key, from GRAPHPOST_MASTER_KEY or a key
// file. The vault owns a copy of the key; it never prints it. Thread-safe, immutable after
// creation; copies are independent values.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/random.hpp"
#include "core/result.hpp"
#include "core/secret.hpp"

namespace graphpost::connections {

class SecretVault {
 public:
  // key: exactly 32 bytes. FromMasterKey accepts base64 of 32 bytes, or any passphrase of ≥ 16
  // characters (derived with PBKDF2-HMAC-SHA256, 200k iterations, with `salt`); surrounding
  // whitespace is ignored. kInvalidArgument (naming GRAPHPOST_MASTER_KEY, never its value) for
  // anything else.
  [[nodiscard]] static Result<SecretVault> FromMasterKey(std::string_view master_key,
                                                         std::string_view salt);
  // Loads the key file `file` (e.g. <data dir>/master.key), creating it when missing: 32 bytes
  // from `random`, base64, mode 0600, its directory created 0700. Creation is atomic, so two
  // processes starting together end up with the same key. kFailedPrecondition when the file is
  // readable by group or others ("chmod 600") or does not hold base64 of 32 bytes;
  // kUnavailable / kPermissionDenied when it cannot be read or written.
  [[nodiscard]] static Result<SecretVault> FromKeyFile(const std::filesystem::path& file,
                                                       Random& random);
  // Like FromKeyFile, but never creates the file: kNotFound when it is missing.
  [[nodiscard]] static Result<SecretVault> LoadKeyFile(const std::filesystem::path& file);

  // Encrypts `secret`, binding it to `context` (authenticated data, e.g. the row it belongs to).
  // The result is binary: a format byte, the key's id (a truncated HMAC, not the key), nonce,
  // ciphertext, tag.
  [[nodiscard]] Result<std::string> Seal(const Secret& secret, std::string_view context) const;
  // Reverses Seal with the same `context`. kPermissionDenied when the value was sealed under
  // another key — the message names where this vault's key came from; kFailedPrecondition
  // ("corrupted") when it was sealed under this key but fails authentication (changed bytes, or
  // another `context`); kInvalidArgument for bytes that are not a sealed value. Values sealed by
  // older versions (format 1, no key id) report any authentication failure as kPermissionDenied.
  [[nodiscard]] Result<Secret> Open(std::string_view sealed, std::string_view context) const;

  // A keyed fingerprint (HMAC-SHA256, lower-case hex) of `data`, for finding equal secrets without
  // storing an unkeyed hash that could be checked against guesses offline.
  std::string Fingerprint(std::string_view data) const;

  // Where the key came from, for messages: "GRAPHPOST_MASTER_KEY" or "the key file <path>".
  const std::string& source() const { return source_; }

 private:
  SecretVault(Secret key, std::string source) : key_(std::move(key)), source_(std::move(source)) {}
  static Result<SecretVault> FromKeyFileText(const std::filesystem::path& file, const Secret& text);
  tl::unexpected<Error> WrongKey() const;

  Secret key_;          // 32 bytes
  std::string source_;  // for messages only
};

}  // namespace graphpost::connections
