// Argon2id through libsodium; see password_hash.hpp.
#include "crypto/password_hash.hpp"

#include <sodium.h>

#include <array>

namespace graphpost::crypto {
namespace {

static_assert(PasswordHashLimits{}.ops == crypto_pwhash_OPSLIMIT_INTERACTIVE);
static_assert(PasswordHashLimits{}.memory_bytes == crypto_pwhash_MEMLIMIT_INTERACTIVE);

// sodium_init is idempotent and thread-safe; it fails only when no entropy source works.
bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

bool LimitsInRange(const PasswordHashLimits& limits) {
  return limits.ops >= crypto_pwhash_OPSLIMIT_MIN && limits.ops <= crypto_pwhash_OPSLIMIT_MAX &&
         limits.memory_bytes >= crypto_pwhash_MEMLIMIT_MIN &&
         limits.memory_bytes <= crypto_pwhash_MEMLIMIT_MAX;
}

// crypto_pwhash_str_* read a NUL-terminated string of at most crypto_pwhash_STRBYTES - 1 bytes.
bool CopyHash(std::string_view hash, std::array<char, crypto_pwhash_STRBYTES>& out) {
  if (hash.size() >= out.size() || hash.find('\0') != std::string_view::npos) return false;
  out.fill('\0');
  hash.copy(out.data(), hash.size());
  return true;
}

}  // namespace

PasswordHashLimits PasswordHashLimits::Minimum() {
  return {.ops = crypto_pwhash_OPSLIMIT_MIN, .memory_bytes = crypto_pwhash_MEMLIMIT_MIN};
}

Result<std::string> HashPassword(const Secret& password, const PasswordHashLimits& limits) {
  if (!SodiumReady()) return Fail(ErrorCode::kInternal, "libsodium could not start");
  if (password.empty()) return Fail(ErrorCode::kInvalidArgument, "the password is empty");
  if (!LimitsInRange(limits)) {
    return Fail(ErrorCode::kInvalidArgument, "Argon2id limits outside libsodium's range");
  }
  std::array<char, crypto_pwhash_STRBYTES> out{};
  const std::string& clear = password.Reveal();
  if (crypto_pwhash_str_alg(out.data(), clear.data(), clear.size(), limits.ops, limits.memory_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Fail(ErrorCode::kInternal, "Argon2id hashing failed (out of memory?)");
  }
  return std::string(out.data());
}

bool VerifyPassword(const Secret& password, std::string_view hash) {
  std::array<char, crypto_pwhash_STRBYTES> stored{};
  if (!SodiumReady() || !LooksLikeArgon2idHash(hash) || !CopyHash(hash, stored)) return false;
  const std::string& clear = password.Reveal();
  return crypto_pwhash_str_verify(stored.data(), clear.data(), clear.size()) == 0;
}

bool PasswordNeedsRehash(std::string_view hash, const PasswordHashLimits& limits) {
  std::array<char, crypto_pwhash_STRBYTES> stored{};
  if (!SodiumReady() || !LooksLikeArgon2idHash(hash) || !CopyHash(hash, stored)) return true;
  return crypto_pwhash_str_needs_rehash(stored.data(), limits.ops, limits.memory_bytes) != 0;
}

bool LooksLikeArgon2idHash(std::string_view text) {
  constexpr std::string_view kPrefix = "$argon2id$v=19$m=";
  if (!text.starts_with(kPrefix) || text.size() >= crypto_pwhash_STRBYTES) return false;
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '$' || c == '=' || c == ',' || c == '+' || c == '/';
    if (!ok) return false;
  }
  return true;
}

}  // namespace graphpost::crypto
