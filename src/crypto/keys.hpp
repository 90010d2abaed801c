// crypto/keys.hpp — private/public keys and X.509 certificates on OpenSSL 3, wrapped once. Used by
// the sandbox (its CA, server certificate and token-signing key), by JWT signing and checking, and
// by certificate credentials. Key and Certificate are immutable after creation and safe to share
// between threads for signing and verifying.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace graphpost::crypto {

// A private or public key (RSA or EC). Copies share the same immutable key.
class Key {
 public:
  // New RSA key (2048 bits by default).
  [[nodiscard]] static Result<Key> GenerateRsa(int bits = 2048);
  // New EC P-256 key (fast TLS handshakes for test servers).
  [[nodiscard]] static Result<Key> GenerateP256();
  // From PEM (PKCS#8 / traditional private key, or SubjectPublicKeyInfo public key).
  // kInvalidArgument when it does not parse.
  [[nodiscard]] static Result<Key> FromPem(std::string_view pem);

  std::string PrivatePem() const;  // PKCS#8; empty for a public-only key
  std::string PublicPem() const;
  bool IsRsa() const;
  bool HasPrivate() const;
  // RSA modulus and exponent, big-endian bytes (for a JWK's n and e). Empty for non-RSA.
  std::string RsaModulus() const;
  std::string RsaExponent() const;
  // A public-only copy.
  Key PublicOnly() const;

  // Opaque OpenSSL EVP_PKEY*; for the crypto module's own use.
  void* native() const { return pkey_.get(); }

 private:
  std::shared_ptr<void> pkey_;
  bool has_private_ = false;
};

struct CertificateRequest {
  std::string common_name;
  std::vector<std::string> dns_names;  // subjectAltName DNS entries
  std::vector<std::string> ip_addresses;
  bool is_ca = false;
  std::chrono::system_clock::time_point not_before;
  std::chrono::system_clock::time_point not_after;
};

// An X.509 certificate.
class Certificate {
 public:
  // Self-signed with `key` (a CA, or an app's certificate credential).
  [[nodiscard]] static Result<Certificate> SelfSigned(const CertificateRequest& request,
                                                      const Key& key);
  // Issued for `subject_key` and signed by `issuer` / `issuer_key`.
  [[nodiscard]] static Result<Certificate> Issue(const CertificateRequest& request,
                                                 const Key& subject_key, const Certificate& issuer,
                                                 const Key& issuer_key);
  // From PEM; the first certificate in the text. kInvalidArgument when none parses.
  [[nodiscard]] static Result<Certificate> FromPem(std::string_view pem);

  std::string Pem() const;
  std::string Der() const;
  Key PublicKey() const;
  std::string ThumbprintSha1Hex() const;  // upper-case hex, as the Entra portal shows it
  std::string X5t() const;                // base64url SHA-1 of the DER
  std::string X5tS256() const;            // base64url SHA-256 of the DER
  std::chrono::system_clock::time_point NotBefore() const;
  std::chrono::system_clock::time_point NotAfter() const;
  std::string SubjectCommonName() const;

  void* native() const { return x509_.get(); }

 private:
  std::shared_ptr<void> x509_;
};

}  // namespace graphpost::crypto
