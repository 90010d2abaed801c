#include "crypto/digest.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "crypto/internal/openssl_handles.hpp"

namespace graphpost::crypto {
namespace {

using internal::CipherCtx;

constexpr std::size_t kKeySize = 32;
constexpr int kNonceSize = 12;
constexpr int kTagSize = 16;

std::string Digest(std::string_view data, const EVP_MD* md) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  // EVP_Digest only fails on allocation failure or a missing provider, both broken invariants.
  if (EVP_Digest(data.data(), data.size(), out, &size, md, nullptr) != 1) std::abort();
  return std::string(reinterpret_cast<const char*>(out), size);
}

}  // namespace

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  // HMAC fails only on allocation failure or a missing provider, both broken invariants.
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), out,
           &size) == nullptr) {
    std::abort();
  }
  return std::string(reinterpret_cast<const char*>(out), size);
}

namespace {

std::string Hex(std::string_view bytes, const char* digits) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 0x0f]);
  }
  return out;
}

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

unsigned char* MutableBytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

// Feeds `aad` (when non-empty) and `in` through an initialised GCM context into `out`, which must
// have room for in.size() bytes. Returns false on an OpenSSL failure.
bool GcmUpdate(EVP_CIPHER_CTX* ctx, bool encrypt, std::string_view aad, std::string_view in,
               unsigned char* out) {
  auto update = encrypt ? EVP_EncryptUpdate : EVP_DecryptUpdate;
  int len = 0;
  if (!aad.empty() && update(ctx, nullptr, &len, Bytes(aad), static_cast<int>(aad.size())) != 1) {
    return false;
  }
  if (!in.empty() && update(ctx, out, &len, Bytes(in), static_cast<int>(in.size())) != 1) {
    return false;
  }
  return true;
}

}  // namespace

std::string Sha1(std::string_view data) { return Digest(data, EVP_sha1()); }
std::string Sha256(std::string_view data) { return Digest(data, EVP_sha256()); }
std::string HexLower(std::string_view bytes) { return Hex(bytes, "0123456789abcdef"); }
std::string HexUpper(std::string_view bytes) { return Hex(bytes, "0123456789ABCDEF"); }

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<std::string> SealAes256Gcm(std::string_view key, std::string_view plaintext,
                                  std::string_view aad) {
  if (key.size() != kKeySize) {
    return Fail(ErrorCode::kInvalidArgument, "AES-256 key must be 32 bytes");
  }
  std::string out(kNonceSize + plaintext.size() + kTagSize, '\0');
  unsigned char* nonce = MutableBytes(out);
  unsigned char* body = nonce + kNonceSize;
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  bool ok =
      ctx && RAND_bytes(nonce, kNonceSize) == 1 &&
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, Bytes(key), nonce) == 1 &&
      GcmUpdate(ctx.get(), true, aad, plaintext, body) &&
      EVP_EncryptFinal_ex(ctx.get(), body + plaintext.size(), &len) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, body + plaintext.size()) == 1;
  if (!ok) {
    return Fail(ErrorCode::kInternal, "AES-GCM seal failed: " + internal::TakeOpenSslError());
  }
  return out;
}

Result<std::string> OpenAes256Gcm(std::string_view key, std::string_view sealed,
                                  std::string_view aad) {
  if (key.size() != kKeySize) {
    return Fail(ErrorCode::kInvalidArgument, "AES-256 key must be 32 bytes");
  }
  if (sealed.size() < kNonceSize + kTagSize) {
    return Fail(ErrorCode::kInvalidArgument, "sealed data is shorter than nonce and tag");
  }
  std::string_view nonce = sealed.substr(0, kNonceSize);
  std::string_view body = sealed.substr(kNonceSize, sealed.size() - kNonceSize - kTagSize);
  std::string tag(sealed.substr(sealed.size() - kTagSize));
  std::string out(body.size(), '\0');
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  bool ok =
      ctx &&
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, Bytes(key), Bytes(nonce)) == 1 &&
      GcmUpdate(ctx.get(), false, aad, body, MutableBytes(out)) &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag.data()) == 1;
  if (!ok) {
    return Fail(ErrorCode::kInternal, "AES-GCM open failed: " + internal::TakeOpenSslError());
  }
  int len = 0;
  if (EVP_DecryptFinal_ex(ctx.get(), MutableBytes(out) + out.size(), &len) != 1) {
    internal::TakeOpenSslError();
    return Fail(ErrorCode::kPermissionDenied,
                "AES-GCM tag does not verify (wrong key or tampered)");
  }
  return out;
}

}  // namespace graphpost::crypto
