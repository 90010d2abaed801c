// Certificate: X509 behind a shared_ptr<void> whose deleter calls X509_free; never mutated after
// it is built and signed here.
#include <ctime>

#include <openssl/pem.h>
#include <openssl/rand.h>

#include "core/base64.hpp"
#include "crypto/digest.hpp"
#include "crypto/internal/openssl_handles.hpp"
#include "crypto/keys.hpp"

namespace graphpost::crypto {
namespace {

using internal::Bignum;
using internal::Bio;
using internal::X509Ptr;
using Clock = std::chrono::system_clock;

constexpr int kSerialBytes = 16;

EVP_PKEY* NativeKey(const Key& key) { return static_cast<EVP_PKEY*>(key.native()); }
X509* NativeCert(const Certificate& cert) { return static_cast<X509*>(cert.native()); }

Status OpenSslFailure(std::string_view what) {
  return Fail(ErrorCode::kInternal, std::string(what) + ": " + internal::TakeOpenSslError());
}

// A positive random serial (RFC 5280: at most 20 octets, non-negative).
bool SetRandomSerial(X509* x509) {
  unsigned char bytes[kSerialBytes];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return false;
  bytes[0] = static_cast<unsigned char>((bytes[0] & 0x7f) | 0x01);
  Bignum bn(BN_bin2bn(bytes, sizeof bytes, nullptr));
  return bn && BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(x509)) != nullptr;
}

bool SetCommonName(X509* x509, const std::string& common_name) {
  X509_NAME* name = X509_get_subject_name(x509);
  return X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                    reinterpret_cast<const unsigned char*>(common_name.c_str()),
                                    static_cast<int>(common_name.size()), -1, 0) == 1;
}

bool SetValidity(X509* x509, const CertificateRequest& request) {
  return ASN1_TIME_set(X509_getm_notBefore(x509), Clock::to_time_t(request.not_before)) &&
         ASN1_TIME_set(X509_getm_notAfter(x509), Clock::to_time_t(request.not_after));
}

// Appends one extension from OpenSSL's config syntax; `value` is always a literal here, never
// caller text, so no config injection is possible.
bool AddConfExtension(X509* x509, X509V3_CTX* ctx, int nid, const char* value) {
  internal::X509ExtPtr ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value));
  return ext && X509_add_ext(x509, ext.get(), -1) == 1;
}

bool PushDns(GENERAL_NAMES* names, const std::string& dns) {
  internal::Asn1Ia5String ia5(ASN1_IA5STRING_new());
  if (!ia5 || ASN1_STRING_set(ia5.get(), dns.data(), static_cast<int>(dns.size())) != 1) {
    return false;
  }
  internal::GeneralName name(GENERAL_NAME_new());
  if (!name) return false;
  GENERAL_NAME_set0_value(name.get(), GEN_DNS, ia5.release());
  if (sk_GENERAL_NAME_push(names, name.get()) == 0) return false;
  name.release();  // now owned by `names`
  return true;
}

bool PushIp(GENERAL_NAMES* names, const std::string& ip) {
  internal::Asn1OctetString octets(a2i_IPADDRESS(ip.c_str()));
  if (!octets) return false;
  internal::GeneralName name(GENERAL_NAME_new());
  if (!name) return false;
  GENERAL_NAME_set0_value(name.get(), GEN_IPADD, octets.release());
  if (sk_GENERAL_NAME_push(names, name.get()) == 0) return false;
  name.release();
  return true;
}

// subjectAltName built from typed GENERAL_NAMEs rather than a config string, so a name that
// contains ',' or ':' cannot smuggle in extra entries.
Status AddSubjectAltName(X509* x509, const CertificateRequest& request) {
  if (request.dns_names.empty() && request.ip_addresses.empty()) return Ok();
  internal::GeneralNames names(sk_GENERAL_NAME_new_null());
  if (!names) return OpenSslFailure("subjectAltName");
  for (const std::string& dns : request.dns_names) {
    if (!PushDns(names.get(), dns)) return OpenSslFailure("subjectAltName DNS");
  }
  for (const std::string& ip : request.ip_addresses) {
    if (!PushIp(names.get(), ip)) {
      internal::TakeOpenSslError();
      return Fail(ErrorCode::kInvalidArgument, "not an IP address: " + ip);
    }
  }
  if (X509_add1_ext_i2d(x509, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) != 1) {
    return OpenSslFailure("subjectAltName");
  }
  return Ok();
}

Status AddExtensions(X509* x509, X509* issuer, const CertificateRequest& request,
                     bool subject_is_rsa) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, x509, nullptr, nullptr, 0);
  const char* leaf_usage =
      subject_is_rsa ? "critical,digitalSignature,keyEncipherment" : "critical,digitalSignature";
  bool ok = AddConfExtension(x509, &ctx, NID_subject_key_identifier, "hash") &&
            AddConfExtension(x509, &ctx, NID_authority_key_identifier, "keyid:always");
  if (request.is_ca) {
    ok = ok && AddConfExtension(x509, &ctx, NID_basic_constraints, "critical,CA:TRUE") &&
         AddConfExtension(x509, &ctx, NID_key_usage,
                          "critical,keyCertSign,cRLSign,digitalSignature");
  } else {
    ok = ok && AddConfExtension(x509, &ctx, NID_basic_constraints, "critical,CA:FALSE") &&
         AddConfExtension(x509, &ctx, NID_key_usage, leaf_usage) &&
         AddConfExtension(x509, &ctx, NID_ext_key_usage, "serverAuth,clientAuth");
  }
  if (!ok) return OpenSslFailure("X.509 extensions");
  return AddSubjectAltName(x509, request);
}

Status CheckRequest(const CertificateRequest& request, const Key& subject_key) {
  if (subject_key.native() == nullptr) return Fail(ErrorCode::kInvalidArgument, "empty key");
  if (request.common_name.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "certificate common name is empty");
  }
  if (request.not_after <= request.not_before) {
    return Fail(ErrorCode::kInvalidArgument, "certificate not_after is not after not_before");
  }
  return Ok();
}

// Builds and signs a certificate. `issuer` is null for a self-signed one.
Result<X509Ptr> Build(const CertificateRequest& request, const Key& subject_key, X509* issuer,
                      const Key& issuer_key) {
  if (Status s = CheckRequest(request, subject_key); !s) return Fail(s.error());
  if (!issuer_key.HasPrivate()) {
    return Fail(ErrorCode::kInvalidArgument, "signing key has no private part");
  }
  X509Ptr x509(X509_new());
  if (!x509 || X509_set_version(x509.get(), X509_VERSION_3) != 1 || !SetRandomSerial(x509.get()) ||
      !SetCommonName(x509.get(), request.common_name) || !SetValidity(x509.get(), request) ||
      X509_set_pubkey(x509.get(), NativeKey(subject_key)) != 1) {
    return Fail(OpenSslFailure("certificate fields").error());
  }
  X509* signer = issuer != nullptr ? issuer : x509.get();
  if (X509_set_issuer_name(x509.get(), X509_get_subject_name(signer)) != 1) {
    return Fail(OpenSslFailure("certificate issuer").error());
  }
  if (Status s = AddExtensions(x509.get(), signer, request, subject_key.IsRsa()); !s) {
    return Fail(s.error());
  }
  if (X509_sign(x509.get(), NativeKey(issuer_key), EVP_sha256()) <= 0) {
    return Fail(OpenSslFailure("certificate signing").error());
  }
  return x509;
}

std::shared_ptr<void> Share(X509Ptr x509) {
  return std::shared_ptr<void>(x509.release(), [](void* p) { X509_free(static_cast<X509*>(p)); });
}

Clock::time_point ToTimePoint(const ASN1_TIME* time) {
  std::tm tm{};
  if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) return {};
  return Clock::from_time_t(timegm(&tm));
}

}  // namespace

Result<Certificate> Certificate::SelfSigned(const CertificateRequest& request, const Key& key) {
  Result<X509Ptr> x509 = Build(request, key, nullptr, key);
  if (!x509) return Fail(x509.error());
  Certificate cert;
  cert.x509_ = Share(std::move(*x509));
  return cert;
}

Result<Certificate> Certificate::Issue(const CertificateRequest& request, const Key& subject_key,
                                       const Certificate& issuer, const Key& issuer_key) {
  if (issuer.native() == nullptr || issuer_key.native() == nullptr ||
      X509_check_private_key(NativeCert(issuer), NativeKey(issuer_key)) != 1) {
    internal::TakeOpenSslError();
    return Fail(ErrorCode::kInvalidArgument, "issuer key does not match issuer certificate");
  }
  Result<X509Ptr> x509 = Build(request, subject_key, NativeCert(issuer), issuer_key);
  if (!x509) return Fail(x509.error());
  Certificate cert;
  cert.x509_ = Share(std::move(*x509));
  return cert;
}

Result<Certificate> Certificate::FromPem(std::string_view pem) {
  Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  X509Ptr x509(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  internal::TakeOpenSslError();
  if (!x509) return Fail(ErrorCode::kInvalidArgument, "no PEM certificate found");
  Certificate cert;
  cert.x509_ = Share(std::move(x509));
  return cert;
}

std::string Certificate::Pem() const {
  Bio bio(BIO_new(BIO_s_mem()));
  if (x509_ == nullptr || PEM_write_bio_X509(bio.get(), NativeCert(*this)) != 1) {
    internal::TakeOpenSslError();
    return {};
  }
  return internal::BioContents(bio.get());
}

std::string Certificate::Der() const {
  if (x509_ == nullptr) return {};
  unsigned char* der = nullptr;
  int size = i2d_X509(NativeCert(*this), &der);
  if (size <= 0) {
    internal::TakeOpenSslError();
    return {};
  }
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(size));
  OPENSSL_free(der);
  return out;
}

Key Certificate::PublicKey() const {
  EVP_PKEY* pkey = x509_ == nullptr ? nullptr : X509_get0_pubkey(NativeCert(*this));
  Bio bio(BIO_new(BIO_s_mem()));
  if (pkey == nullptr || PEM_write_bio_PUBKEY(bio.get(), pkey) != 1) {
    internal::TakeOpenSslError();
    return Key();
  }
  // Key's handle is private to Key, so the public key travels through its PEM form.
  Result<Key> key = Key::FromPem(internal::BioContents(bio.get()));
  return key ? *key : Key();
}

std::string Certificate::ThumbprintSha1Hex() const { return HexUpper(Sha1(Der())); }
std::string Certificate::X5t() const { return Base64UrlEncode(Sha1(Der())); }
std::string Certificate::X5tS256() const { return Base64UrlEncode(Sha256(Der())); }

Clock::time_point Certificate::NotBefore() const {
  return x509_ == nullptr ? Clock::time_point()
                          : ToTimePoint(X509_get0_notBefore(NativeCert(*this)));
}

Clock::time_point Certificate::NotAfter() const {
  return x509_ == nullptr ? Clock::time_point()
                          : ToTimePoint(X509_get0_notAfter(NativeCert(*this)));
}

std::string Certificate::SubjectCommonName() const {
  if (x509_ == nullptr) return {};
  X509_NAME* name = X509_get_subject_name(NativeCert(*this));
  int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (index < 0) return {};
  ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  int size = ASN1_STRING_to_UTF8(&utf8, data);
  if (size < 0) return {};
  std::string out(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(size));
  OPENSSL_free(utf8);
  return out;
}

}  // namespace graphpost::crypto
