// crypto/password_hash.hpp — password hashing with Argon2id (libsodium's crypto_pwhash_str): the
// stored form of an SMTP account's password ("$argon2id$v=19$m=…,t=…,p=1$salt$hash", salt and
// parameters inside, so a hash made with other limits still verifies). The password goes in as a
// Secret and never appears in a result or an error. Pure functions over libsodium; thread-safe
// (sodium_init runs once, guarded by libsodium itself).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/secret.hpp"

namespace graphpost::crypto {

// Argon2id's cost. The defaults are libsodium's INTERACTIVE limits (2 passes, 64 MiB): about
// 50–100 ms on one core, the cost of one AUTH that is not in the verified-credentials cache.
// Tests pass Minimum() (1 pass, 8 KiB) so they stay fast.
struct PasswordHashLimits {
  std::uint64_t ops = 2;                   // crypto_pwhash_OPSLIMIT_INTERACTIVE
  std::size_t memory_bytes = 64ull << 20;  // crypto_pwhash_MEMLIMIT_INTERACTIVE
  static PasswordHashLimits Interactive() { return {}; }
  static PasswordHashLimits Minimum();  // crypto_pwhash_OPSLIMIT_MIN / MEMLIMIT_MIN
};

// A new Argon2id hash of `password` with a random salt, in crypto_pwhash_str's text form.
// kInvalidArgument for an empty password or limits outside libsodium's range; kInternal when
// libsodium cannot start or runs out of memory.
[[nodiscard]] Result<std::string> HashPassword(const Secret& password,
                                               const PasswordHashLimits& limits = {});

// True when `password` matches `hash` (whatever limits made it). False for a wrong password and
// for text that is not an Argon2id hash (never an error: the caller treats both as "no").
// Takes as long as the hash's limits say, whether or not the password matches.
bool VerifyPassword(const Secret& password, std::string_view hash);

// True when `hash` was made with limits other than `limits` (or is not an Argon2id hash): the
// caller may re-hash the password it has just verified.
bool PasswordNeedsRehash(std::string_view hash, const PasswordHashLimits& limits = {});

// True when `text` has the shape of an Argon2id hash string ("$argon2id$v=19$m=…"), as the
// operator API checks what a client sends before storing it. Does not verify anything.
bool LooksLikeArgon2idHash(std::string_view text);

}  // namespace graphpost::crypto
