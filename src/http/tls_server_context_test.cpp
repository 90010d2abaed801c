#include "http/tls_server_context.hpp"

#include <boost/asio/ssl/context.hpp>
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include "http/tls_test_files.hpp"

namespace graphpost::http {
namespace {

TlsServerConfig TestConfig() {
  return {.cert_chain_pem = testing::ReadTestData("tls_server.pem"),
          .key_pem = testing::ReadTestData("tls_server_key.pem")};
}

TEST(TlsServerContextTest, AcceptsTls12AndLaterByDefault) {
  auto tls = TlsServerContext::Create(TestConfig());

  ASSERT_TRUE(tls) << tls.error().message;
  EXPECT_EQ(SSL_CTX_get_min_proto_version((*tls)->native().native_handle()), TLS1_2_VERSION);
}

TEST(TlsServerContextTest, MinimumVersionIsConfigurable) {
  TlsServerConfig config = TestConfig();
  config.min_version = TlsVersion::kTls13;

  auto tls = TlsServerContext::Create(config);

  ASSERT_TRUE(tls) << tls.error().message;
  EXPECT_EQ(SSL_CTX_get_min_proto_version((*tls)->native().native_handle()), TLS1_3_VERSION);
}

TEST(TlsServerContextTest, MissingKeyIsInvalidArgument) {
  TlsServerConfig config = TestConfig();
  config.key_pem.clear();

  auto tls = TlsServerContext::Create(config);

  ASSERT_FALSE(tls);
  EXPECT_EQ(tls.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(tls.error().message.find("without a key"), std::string::npos);
}

TEST(TlsServerContextTest, KeyOfAnotherCertificateIsInvalidArgumentWithoutKeyMaterial) {
  TlsServerConfig config = TestConfig();
  config.cert_chain_pem = testing::ReadTestData("tls_ca.pem");

  auto tls = TlsServerContext::Create(config);

  ASSERT_FALSE(tls);
  EXPECT_EQ(tls.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(tls.error().message.find("PRIVATE KEY"), std::string::npos);
}

TEST(TlsServerContextTest, GarbledPemIsInvalidArgument) {
  TlsServerConfig config = TestConfig();
  config.cert_chain_pem = "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n";

  auto tls = TlsServerContext::Create(config);

  ASSERT_FALSE(tls);
  EXPECT_EQ(tls.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace graphpost::http
