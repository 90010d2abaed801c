// SecretVault: key sources and AES-256-GCM sealing; see secret_vault.hpp.
#include "connections/secret_vault.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "connections/internal/private_files.hpp"
#include "core/ascii.hpp"
#include "core/base64.hpp"
#include "crypto/digest.hpp"

namespace graphpost::connections {
namespace {

constexpr std::size_t kKeySize = 32;
constexpr int kPbkdf2Iterations = 200'000;
constexpr std::size_t kMinPassphrase = 16;
// First byte of every sealed value, so the format can change later without guessing.
// v1: nonce, ciphertext, tag. v2 (written since): a key id, then the same. The key id tells "this
// value was sealed under another key" apart from "this value was changed" before decrypting.
constexpr char kSealedFormatV1 = '\x01';
constexpr char kSealedFormatV2 = '\x02';
constexpr std::size_t kKeyIdSize = 8;

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &size);
  return std::string(reinterpret_cast<const char*>(out), size);
}

Result<std::string> Pbkdf2(std::string_view passphrase, std::string_view salt) {
  std::string key(kKeySize, '\0');
  int ok =
      PKCS5_PBKDF2_HMAC(passphrase.data(), static_cast<int>(passphrase.size()),
                        reinterpret_cast<const unsigned char*>(salt.data()),
                        static_cast<int>(salt.size()), kPbkdf2Iterations, EVP_sha256(),
                        static_cast<int>(key.size()), reinterpret_cast<unsigned char*>(key.data()));
  if (ok != 1) return Fail(ErrorCode::kInternal, "PBKDF2 key derivation failed");
  return key;
}

// A public name of the key: a truncated HMAC of a constant, so it says nothing about the key.
std::string KeyIdOf(std::string_view key) {
  return HmacSha256(key, "graphpost-key-id-v1").substr(0, kKeyIdSize);
}

}  // namespace

Result<SecretVault> SecretVault::FromMasterKey(std::string_view master_key, std::string_view salt) {
  std::string_view trimmed = TrimAscii(master_key);
  if (auto raw = Base64Decode(trimmed); raw && raw->size() == kKeySize) {
    return SecretVault(Secret(std::move(*raw)), "GRAPHPOST_MASTER_KEY");
  }
  // Trimmed either way, so a trailing newline from `cat` or an env file does not change the key.
  if (trimmed.size() < kMinPassphrase) {
    return Fail(ErrorCode::kInvalidArgument,
                "GRAPHPOST_MASTER_KEY must be base64 of 32 bytes (e.g. `openssl rand -base64 32`) "
                "or a passphrase of at least 16 characters");
  }
  auto derived = Pbkdf2(trimmed, salt);
  if (!derived) return Fail(derived.error());
  return SecretVault(Secret(std::move(*derived)), "GRAPHPOST_MASTER_KEY");
}

Result<SecretVault> SecretVault::FromKeyFile(const std::filesystem::path& file, Random& random) {
  auto text = internal::LoadOrCreateKeyFile(file, random, kKeySize);
  if (!text) return Fail(text.error());
  return FromKeyFileText(file, *text);
}

Result<SecretVault> SecretVault::LoadKeyFile(const std::filesystem::path& file) {
  auto text = internal::LoadKeyFile(file);
  if (!text) return Fail(text.error());
  return FromKeyFileText(file, *text);
}

Result<SecretVault> SecretVault::FromKeyFileText(const std::filesystem::path& file,
                                                 const Secret& text) {
  auto raw = Base64Decode(TrimAscii(text.Reveal()));
  if (!raw || raw->size() != kKeySize) {
    return Fail(ErrorCode::kFailedPrecondition,
                "the key file " + file.string() + " does not hold base64 of 32 bytes");
  }
  return SecretVault(Secret(std::move(*raw)), "the key file " + file.string());
}

Result<std::string> SecretVault::Seal(const Secret& secret, std::string_view context) const {
  auto sealed = crypto::SealAes256Gcm(key_.Reveal(), secret.Reveal(), context);
  if (!sealed) return Fail(sealed.error());
  return kSealedFormatV2 + KeyIdOf(key_.Reveal()) + *sealed;
}

Result<Secret> SecretVault::Open(std::string_view sealed, std::string_view context) const {
  const char format = sealed.empty() ? '\0' : sealed.front();
  std::string_view body = sealed.substr(sealed.empty() ? 0 : 1);
  if (format == kSealedFormatV2 && body.size() >= kKeyIdSize) {
    if (body.substr(0, kKeyIdSize) != KeyIdOf(key_.Reveal())) return WrongKey();
    body.remove_prefix(kKeyIdSize);
  } else if (format != kSealedFormatV1) {
    return Fail(ErrorCode::kInvalidArgument, "stored secret is not in a known sealed format");
  }
  auto opened = crypto::OpenAes256Gcm(key_.Reveal(), body, context);
  if (opened) return Secret(std::move(*opened));
  if (opened.error().code != ErrorCode::kPermissionDenied) return Fail(opened.error());
  if (format == kSealedFormatV1) return WrongKey();  // v1 cannot tell the two apart
  return Fail(ErrorCode::kFailedPrecondition,
              "a stored secret is corrupted: it was sealed with the key from " + source_ +
                  ", but its bytes fail their integrity check (changed or damaged on disk)");
}

tl::unexpected<Error> SecretVault::WrongKey() const {
  return Fail(ErrorCode::kPermissionDenied,
              "stored secrets cannot be decrypted with the key from " + source_ +
                  ": it is not the master key they were saved with. Use the same "
                  "GRAPHPOST_MASTER_KEY (or key file master.key) as when the connections were "
                  "added, or remove the database and add the connections again");
}

std::string SecretVault::Fingerprint(std::string_view data) const {
  // A subkey, so the encryption key itself is used for one purpose only.
  std::string subkey = HmacSha256(key_.Reveal(), "graphpost-fingerprint-v1");
  return crypto::HexLower(HmacSha256(subkey, data));
}

}  // namespace graphpost::connections
