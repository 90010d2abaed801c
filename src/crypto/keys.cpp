// Key: EVP_PKEY behind a shared_ptr<void> whose deleter calls EVP_PKEY_free. The key is never
// mutated after creation, which is what makes sharing it across threads safe.
#include "crypto/keys.hpp"

#include <openssl/core_names.h>
#include <openssl/pem.h>

#include "crypto/internal/openssl_handles.hpp"

namespace graphpost::crypto {
namespace {

using internal::Bignum;
using internal::Bio;
using internal::PkeyPtr;

std::shared_ptr<void> Share(PkeyPtr pkey) {
  return std::shared_ptr<void>(pkey.release(),
                               [](void* p) { EVP_PKEY_free(static_cast<EVP_PKEY*>(p)); });
}

EVP_PKEY* Native(const Key& key) { return static_cast<EVP_PKEY*>(key.native()); }

// Refuses every passphrase request. Without it OpenSSL's default callback would prompt on the
// terminal for an encrypted PEM, blocking a server forever.
int NoPassphrase(char*, int, int, void*) { return 0; }

Bio ReadBio(std::string_view text) {
  return Bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

std::string RsaParam(const Key& key, const char* name) {
  if (!key.IsRsa()) return {};
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(Native(key), name, &raw) != 1) {
    internal::TakeOpenSslError();
    return {};
  }
  Bignum bn(raw);
  std::string out(static_cast<std::size_t>(BN_num_bytes(bn.get())), '\0');
  BN_bn2bin(bn.get(), reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

}  // namespace

Result<Key> Key::GenerateRsa(int bits) {
  if (bits < 1024 || bits > 16384) {
    return Fail(ErrorCode::kInvalidArgument, "RSA key size must be 1024..16384 bits");
  }
  PkeyPtr pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(bits)));
  if (!pkey) {
    return Fail(ErrorCode::kInternal, "RSA keygen failed: " + internal::TakeOpenSslError());
  }
  Key key;
  key.pkey_ = Share(std::move(pkey));
  key.has_private_ = true;
  return key;
}

Result<Key> Key::GenerateP256() {
  PkeyPtr pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!pkey) return Fail(ErrorCode::kInternal, "EC keygen failed: " + internal::TakeOpenSslError());
  Key key;
  key.pkey_ = Share(std::move(pkey));
  key.has_private_ = true;
  return key;
}

Result<Key> Key::FromPem(std::string_view pem) {
  Key key;
  Bio bio = ReadBio(pem);
  PkeyPtr pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr));
  key.has_private_ = pkey != nullptr;
  if (!pkey) {
    bio = ReadBio(pem);
    pkey.reset(PEM_read_bio_PUBKEY(bio.get(), nullptr, NoPassphrase, nullptr));
  }
  internal::TakeOpenSslError();  // the failed private-key attempt queues errors
  if (!pkey) {
    return Fail(ErrorCode::kInvalidArgument,
                "no unencrypted PEM private key or PEM public key found");
  }
  key.pkey_ = Share(std::move(pkey));
  return key;
}

std::string Key::PrivatePem() const {
  if (!has_private_) return {};
  Bio bio(BIO_new(BIO_s_mem()));
  // PEM_write_bio_PrivateKey writes PKCS#8 ("BEGIN PRIVATE KEY") in OpenSSL 3.
  if (PEM_write_bio_PrivateKey(bio.get(), Native(*this), nullptr, nullptr, 0, nullptr, nullptr) !=
      1) {
    internal::TakeOpenSslError();
    return {};
  }
  return internal::BioContents(bio.get());
}

std::string Key::PublicPem() const {
  Bio bio(BIO_new(BIO_s_mem()));
  if (pkey_ == nullptr || PEM_write_bio_PUBKEY(bio.get(), Native(*this)) != 1) {
    internal::TakeOpenSslError();
    return {};
  }
  return internal::BioContents(bio.get());
}

bool Key::IsRsa() const { return pkey_ != nullptr && EVP_PKEY_is_a(Native(*this), "RSA") == 1; }

bool Key::HasPrivate() const { return has_private_; }

std::string Key::RsaModulus() const { return RsaParam(*this, OSSL_PKEY_PARAM_RSA_N); }

std::string Key::RsaExponent() const { return RsaParam(*this, OSSL_PKEY_PARAM_RSA_E); }

Key Key::PublicOnly() const {
  Key key;
  if (pkey_ == nullptr) return key;
  unsigned char* der = nullptr;
  int size = i2d_PUBKEY(Native(*this), &der);
  if (size > 0) {
    const unsigned char* cursor = der;
    PkeyPtr pub(d2i_PUBKEY(nullptr, &cursor, size));
    if (pub) key.pkey_ = Share(std::move(pub));
  }
  OPENSSL_free(der);
  internal::TakeOpenSslError();
  return key;
}

}  // namespace graphpost::crypto
