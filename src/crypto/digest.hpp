// crypto/digest.hpp — hashes and authenticated encryption on OpenSSL 3. Pure functions;
// thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace graphpost::crypto {

std::string Sha1(std::string_view data);    // 20 raw bytes
std::string Sha256(std::string_view data);  // 32 raw bytes
// HMAC-SHA-256 of `data` under `key` (any length): 32 raw bytes.
std::string HmacSha256(std::string_view key, std::string_view data);
std::string HexLower(std::string_view bytes);
std::string HexUpper(std::string_view bytes);
// Constant-time comparison of equal-length strings (false when lengths differ).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// AES-256-GCM with a random 96-bit nonce. Output: nonce || ciphertext || 16-byte tag.
// `key` must be 32 bytes (kInvalidArgument otherwise). `aad` is authenticated, not encrypted.
[[nodiscard]] Result<std::string> SealAes256Gcm(std::string_view key, std::string_view plaintext,
                                                std::string_view aad);
// Reverses SealAes256Gcm. kPermissionDenied when the tag does not verify (wrong key, tampering).
[[nodiscard]] Result<std::string> OpenAes256Gcm(std::string_view key, std::string_view sealed,
                                                std::string_view aad);

}  // namespace graphpost::crypto
