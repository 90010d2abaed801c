#include "crypto/keys.hpp"

#include <chrono>

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "core/base64.hpp"
#include "crypto/digest.hpp"
#include "crypto/internal/openssl_handles.hpp"
#include "testing/test_keys.hpp"

namespace graphpost::crypto {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::system_clock;

// RSA generation costs 50-200 ms per key and process, so tests use committed keys.
const Key& RsaKey() { return graphpost::testing::TestRsaKey(1); }
const Key& OtherRsaKey() { return graphpost::testing::TestRsaKey(2); }
const Key& EcKey() {
  static const Key key = *Key::GenerateP256();
  return key;
}

const Clock::time_point kNotBefore = Clock::from_time_t(1893456000);  // 2030-01-01T00:00:00Z
const Clock::time_point kNotAfter = kNotBefore + 24h * 365;

CertificateRequest CaRequest() {
  return {.common_name = "graphpost test CA",
          .dns_names = {},
          .ip_addresses = {},
          .is_ca = true,
          .not_before = kNotBefore,
          .not_after = kNotAfter};
}

CertificateRequest LeafRequest() {
  return {.common_name = "localhost",
          .dns_names = {"localhost", "graph.local"},
          .ip_addresses = {"127.0.0.1", "::1"},
          .is_ca = false,
          .not_before = kNotBefore,
          .not_after = kNotAfter};
}

X509* X(const Certificate& cert) { return static_cast<X509*>(cert.native()); }

// Verifies `leaf` as a TLS server certificate chaining to `root`, at a time inside validity.
int VerifyChain(const Certificate& leaf, const Certificate& root) {
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), X509_STORE_free);
  X509_STORE_add_cert(store.get(), X(root));
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(),
                                                                      X509_STORE_CTX_free);
  X509_STORE_CTX_init(ctx.get(), store.get(), X(leaf), nullptr);
  X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_SERVER);
  X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx.get()),
                             Clock::to_time_t(kNotBefore + 1h));
  if (X509_verify_cert(ctx.get()) == 1) return X509_V_OK;
  return X509_STORE_CTX_get_error(ctx.get());
}

// Made with: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes
//   -subj /CN=golden.example -days 36500
constexpr char kGoldenCertPem[] = R"(-----BEGIN CERTIFICATE-----
MIIBiTCCAS+gAwIBAgIUEul6p0Ao29RB1O2mONRtZBx5zzswCgYIKoZIzj0EAwIw
GTEXMBUGA1UEAwwOZ29sZGVuLmV4YW1wbGUwIBcNMjYxMTI2MDkyOTU2WhgPMjEy
NjExMDIwOTI5NTZaMBkxFzAVBgNVBAMMDmdvbGRlbi5leGFtcGxlMFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAEnEMsJ39rAQ8mG5slXgC/jVik5qPej5USDN58aTH6
tSA2BlQ1MIYEAcOv6V1B7kgq8iux+3QUSLPhBfKGQvgST6NTMFEwHQYDVR0OBBYE
FL6EocjezlB5Tt4M9gHEQcmn3UyVMB8GA1UdIwQYMBaAFL6EocjezlB5Tt4M9gHE
Qcmn3UyVMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIgFcMp0MqN
qp193LDIUBtzLucLSXeMRg9JZi989H6o+yECIQCEuWsSEYjE7BrANYCUEVP85RMq
lQCX3sHCp2BZOKaVEg==
-----END CERTIFICATE-----
)";

TEST(KeyTest, GeneratedRsaKeyHasPrivatePartAndPkcs8Pem) {
  // The one RSA generation in the unit tests (the sandbox's signing key is made this way).
  auto generated = Key::GenerateRsa(2048);
  ASSERT_TRUE(generated);
  const Key& key = *generated;

  EXPECT_TRUE(key.IsRsa());
  EXPECT_TRUE(key.HasPrivate());
  EXPECT_EQ(key.PrivatePem().rfind("-----BEGIN PRIVATE KEY-----", 0), 0u);
  EXPECT_EQ(key.PublicPem().rfind("-----BEGIN PUBLIC KEY-----", 0), 0u);
}

TEST(KeyTest, RsaModulusAndExponentAreBigEndianBytes) {
  const Key& key = RsaKey();

  std::string n = key.RsaModulus();

  EXPECT_EQ(key.RsaExponent(), std::string("\x01\x00\x01", 3));
  ASSERT_EQ(n.size(), 256u);
  EXPECT_NE(static_cast<unsigned char>(n[0]) & 0x80, 0);
}

TEST(KeyTest, GeneratedP256KeyIsNotRsa) {
  const Key& key = EcKey();

  EXPECT_FALSE(key.IsRsa());
  EXPECT_TRUE(key.HasPrivate());
  EXPECT_EQ(key.RsaModulus(), "");
  EXPECT_EQ(key.RsaExponent(), "");
}

TEST(KeyTest, PrivatePemRoundTrips) {
  for (const Key* key : {&RsaKey(), &EcKey()}) {
    auto loaded = Key::FromPem(key->PrivatePem());

    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_TRUE(loaded->HasPrivate());
    EXPECT_EQ(loaded->PrivatePem(), key->PrivatePem());
    EXPECT_EQ(loaded->IsRsa(), key->IsRsa());
  }
}

TEST(KeyTest, PublicPemLoadsAsPublicOnlyKey) {
  auto loaded = Key::FromPem(RsaKey().PublicPem());

  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_FALSE(loaded->HasPrivate());
  EXPECT_EQ(loaded->PrivatePem(), "");
  EXPECT_EQ(loaded->PublicPem(), RsaKey().PublicPem());
  EXPECT_EQ(loaded->RsaModulus(), RsaKey().RsaModulus());
}

TEST(KeyTest, TraditionalRsaPemLoads) {
  internal::Bio bio(BIO_new(BIO_s_mem()));
  ASSERT_EQ(
      PEM_write_bio_PrivateKey_traditional(bio.get(), static_cast<EVP_PKEY*>(RsaKey().native()),
                                           nullptr, nullptr, 0, nullptr, nullptr),
      1);
  std::string pem = internal::BioContents(bio.get());
  ASSERT_EQ(pem.rfind("-----BEGIN RSA PRIVATE KEY-----", 0), 0u);

  auto loaded = Key::FromPem(pem);

  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_TRUE(loaded->HasPrivate());
  EXPECT_EQ(loaded->PublicPem(), RsaKey().PublicPem());
}

TEST(KeyTest, GarbagePemIsInvalidArgument) {
  auto loaded = Key::FromPem("-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n");

  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::kInvalidArgument);
}

TEST(KeyTest, EncryptedPemIsInvalidArgumentWithoutPrompting) {
  internal::Bio bio(BIO_new(BIO_s_mem()));
  char passphrase[] = "hunter2";
  ASSERT_EQ(PEM_write_bio_PKCS8PrivateKey(bio.get(), static_cast<EVP_PKEY*>(EcKey().native()),
                                          EVP_aes_256_cbc(), passphrase, 7, nullptr, nullptr),
            1);
  std::string pem = internal::BioContents(bio.get());
  ASSERT_NE(pem.find("ENCRYPTED PRIVATE KEY"), std::string::npos);

  auto loaded = Key::FromPem(pem);

  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::kInvalidArgument);
}

TEST(KeyTest, PublicOnlyDropsPrivatePart) {
  Key pub = EcKey().PublicOnly();

  EXPECT_FALSE(pub.HasPrivate());
  EXPECT_EQ(pub.PrivatePem(), "");
  EXPECT_EQ(pub.PublicPem(), EcKey().PublicPem());
}

TEST(CertificateTest, SelfSignedCaCarriesRequestFields) {
  auto ca = Certificate::SelfSigned(CaRequest(), RsaKey());
  ASSERT_TRUE(ca) << ca.error().message;

  EXPECT_EQ(ca->SubjectCommonName(), "graphpost test CA");
  EXPECT_EQ(ca->NotBefore(), kNotBefore);
  EXPECT_EQ(ca->NotAfter(), kNotAfter);
  EXPECT_EQ(X509_check_ca(X(*ca)), 1);
  EXPECT_EQ(ca->PublicKey().PublicPem(), RsaKey().PublicPem());
  EXPECT_FALSE(ca->PublicKey().HasPrivate());
  EXPECT_EQ(VerifyChain(*ca, *ca), X509_V_OK);
}

TEST(CertificateTest, IssuedLeafChainsToCaAsTlsServer) {
  auto ca = Certificate::SelfSigned(CaRequest(), RsaKey());
  ASSERT_TRUE(ca);

  auto leaf = Certificate::Issue(LeafRequest(), EcKey(), *ca, RsaKey());

  ASSERT_TRUE(leaf) << leaf.error().message;
  EXPECT_EQ(VerifyChain(*leaf, *ca), X509_V_OK);
  EXPECT_EQ(X509_verify(X(*leaf), static_cast<EVP_PKEY*>(RsaKey().native())), 1);
  EXPECT_EQ(X509_check_ca(X(*leaf)), 0);
  EXPECT_EQ(leaf->PublicKey().PublicPem(), EcKey().PublicPem());
}

TEST(CertificateTest, IssuedLeafNamesDnsAndIpSubjectAltNames) {
  auto ca = Certificate::SelfSigned(CaRequest(), RsaKey());
  ASSERT_TRUE(ca);

  auto leaf = Certificate::Issue(LeafRequest(), EcKey(), *ca, RsaKey());

  ASSERT_TRUE(leaf);
  EXPECT_EQ(X509_check_host(X(*leaf), "graph.local", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_host(X(*leaf), "localhost", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_host(X(*leaf), "evil.example", 0, 0, nullptr), 0);
  EXPECT_EQ(X509_check_ip_asc(X(*leaf), "127.0.0.1", 0), 1);
  EXPECT_EQ(X509_check_ip_asc(X(*leaf), "::1", 0), 1);
}

TEST(CertificateTest, LeafDoesNotChainToAnotherCa) {
  auto ca = Certificate::SelfSigned(CaRequest(), RsaKey());
  auto other_ca = Certificate::SelfSigned(CaRequest(), OtherRsaKey());
  ASSERT_TRUE(ca && other_ca);

  auto leaf = Certificate::Issue(LeafRequest(), EcKey(), *ca, RsaKey());

  ASSERT_TRUE(leaf);
  EXPECT_NE(VerifyChain(*leaf, *other_ca), X509_V_OK);
}

TEST(CertificateTest, IssueWithMismatchedIssuerKeyIsInvalidArgument) {
  auto ca = Certificate::SelfSigned(CaRequest(), RsaKey());
  ASSERT_TRUE(ca);

  auto leaf = Certificate::Issue(LeafRequest(), EcKey(), *ca, OtherRsaKey());

  ASSERT_FALSE(leaf);
  EXPECT_EQ(leaf.error().code, ErrorCode::kInvalidArgument);
}

TEST(CertificateTest, BadIpAddressIsInvalidArgument) {
  CertificateRequest request = LeafRequest();
  request.ip_addresses = {"not-an-ip"};

  auto cert = Certificate::SelfSigned(request, EcKey());

  ASSERT_FALSE(cert);
  EXPECT_EQ(cert.error().code, ErrorCode::kInvalidArgument);
}

TEST(CertificateTest, InvertedValidityIsInvalidArgument) {
  CertificateRequest request = LeafRequest();
  request.not_after = request.not_before - 1h;

  auto cert = Certificate::SelfSigned(request, EcKey());

  ASSERT_FALSE(cert);
  EXPECT_EQ(cert.error().code, ErrorCode::kInvalidArgument);
}

TEST(CertificateTest, SerialsAreRandomAndPositive) {
  auto a = Certificate::SelfSigned(LeafRequest(), EcKey());
  auto b = Certificate::SelfSigned(LeafRequest(), EcKey());
  ASSERT_TRUE(a && b);

  const ASN1_INTEGER* serial_a = X509_get0_serialNumber(X(*a));

  EXPECT_NE(ASN1_INTEGER_cmp(serial_a, X509_get0_serialNumber(X(*b))), 0);
  EXPECT_EQ(ASN1_STRING_type(serial_a), V_ASN1_INTEGER);  // V_ASN1_NEG_INTEGER when negative
}

TEST(CertificateTest, PemRoundTripsToSameDer) {
  auto cert = Certificate::SelfSigned(LeafRequest(), EcKey());
  ASSERT_TRUE(cert);

  auto loaded = Certificate::FromPem(EcKey().PrivatePem() + cert->Pem());

  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->Der(), cert->Der());
}

TEST(CertificateTest, FromPemWithoutCertificateIsInvalidArgument) {
  auto loaded = Certificate::FromPem(EcKey().PublicPem());

  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::kInvalidArgument);
}

// Expected values from: openssl x509 -outform DER | openssl dgst -sha1|-sha256 -binary | base64url
TEST(CertificateTest, ThumbprintsMatchOpensslCli) {
  auto cert = Certificate::FromPem(kGoldenCertPem);
  ASSERT_TRUE(cert);

  EXPECT_EQ(cert->X5t(), "xANE29LoXNwXQqCFBTw7GpBZKLw");
  EXPECT_EQ(cert->X5tS256(), "-DdsgyPA_fqMFsCYAeabsfuVsPecTOgmuwx70gukHpQ");
  EXPECT_EQ(cert->ThumbprintSha1Hex(), "C40344DBD2E85CDC1742A085053C3B1A905928BC");
  EXPECT_EQ(cert->SubjectCommonName(), "golden.example");
  EXPECT_EQ(Clock::to_time_t(cert->NotBefore()), 1795685396);  // 2026-11-26T09:29:56Z
  EXPECT_EQ(Clock::to_time_t(cert->NotAfter()), 4949285396);   // 2126-11-02, GeneralizedTime
}

TEST(CertificateTest, ThumbprintsMatchX509Digest) {
  auto cert = Certificate::SelfSigned(LeafRequest(), RsaKey());
  ASSERT_TRUE(cert);
  unsigned char sha1[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  ASSERT_EQ(X509_digest(X(*cert), EVP_sha1(), sha1, &size), 1);
  std::string expected(reinterpret_cast<const char*>(sha1), size);

  EXPECT_EQ(cert->ThumbprintSha1Hex(), HexUpper(expected));
  EXPECT_EQ(Base64UrlDecode(cert->X5t()), expected);
  EXPECT_EQ(Base64UrlDecode(cert->X5tS256()), Sha256(cert->Der()));
}

}  // namespace
}  // namespace graphpost::crypto
