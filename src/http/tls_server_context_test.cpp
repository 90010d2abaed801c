#include "http/tls_server_context.hpp"

#include <boost/asio/ssl/context.hpp>
#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/ssl.h>

#include <memory>

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

struct SslCtxFree {
  void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};
struct SslFree {
  void operator()(SSL* ssl) const { SSL_free(ssl); }
};

// Runs a TLS handshake in memory (a BIO pair, no sockets) between `server` and a client that
// speaks at most `client_max_version`; the negotiated version, or 0 when the handshake failed.
int HandshakeVersion(TlsServerContext& server, int client_max_version) {
  std::unique_ptr<SSL_CTX, SslCtxFree> client_ctx(SSL_CTX_new(TLS_client_method()));
  SSL_CTX_set_security_level(client_ctx.get(), 0);  // an old device's client, old versions on
  SSL_CTX_set_min_proto_version(client_ctx.get(), TLS1_VERSION);
  SSL_CTX_set_max_proto_version(client_ctx.get(), client_max_version);
  std::unique_ptr<SSL, SslFree> client(SSL_new(client_ctx.get()));
  std::unique_ptr<SSL, SslFree> srv(SSL_new(server.native().native_handle()));
  BIO* client_bio = nullptr;
  BIO* server_bio = nullptr;
  BIO_new_bio_pair(&client_bio, 0, &server_bio, 0);
  SSL_set_bio(client.get(), client_bio, client_bio);
  SSL_set_bio(srv.get(), server_bio, server_bio);
  SSL_set_connect_state(client.get());
  SSL_set_accept_state(srv.get());
  for (int round = 0; round < 20; ++round) {
    const int c = SSL_do_handshake(client.get());
    const int s = SSL_do_handshake(srv.get());
    if (c == 1 && s == 1) return SSL_version(srv.get());
    for (auto [ssl, rc] : {std::pair{client.get(), c}, std::pair{srv.get(), s}}) {
      const int error = rc == 1 ? SSL_ERROR_NONE : SSL_get_error(ssl, rc);
      if (error != SSL_ERROR_NONE && error != SSL_ERROR_WANT_READ &&
          error != SSL_ERROR_WANT_WRITE) {
        return 0;
      }
    }
  }
  return 0;
}

TEST(TlsServerContextTest, RefusesATls10ClientByDefault) {
  auto tls = TlsServerContext::Create(TestConfig());
  ASSERT_TRUE(tls) << tls.error().message;

  EXPECT_EQ(HandshakeVersion(**tls, TLS1_VERSION), 0);
  EXPECT_EQ(HandshakeVersion(**tls, TLS1_1_VERSION), 0);
  EXPECT_EQ(HandshakeVersion(**tls, TLS1_3_VERSION), TLS1_3_VERSION);
}

TEST(TlsServerContextTest, OldDevicesOptionAcceptsTls10And11) {
  TlsServerConfig config = TestConfig();
  config.min_version = TlsVersion::kTls10;

  auto tls = TlsServerContext::Create(config);

  ASSERT_TRUE(tls) << tls.error().message;
  EXPECT_EQ(SSL_CTX_get_min_proto_version((*tls)->native().native_handle()), TLS1_VERSION);
  EXPECT_EQ(SSL_CTX_get_security_level((*tls)->native().native_handle()), 0);
  EXPECT_EQ(HandshakeVersion(**tls, TLS1_VERSION), TLS1_VERSION);
  EXPECT_EQ(HandshakeVersion(**tls, TLS1_1_VERSION), TLS1_1_VERSION);
  EXPECT_EQ(HandshakeVersion(**tls, TLS1_3_VERSION), TLS1_3_VERSION);
}

TEST(TlsServerContextTest, Tls11MinimumRefusesTls10) {
  TlsServerConfig config = TestConfig();
  config.min_version = TlsVersion::kTls11;

  auto tls = TlsServerContext::Create(config);

  ASSERT_TRUE(tls) << tls.error().message;
  EXPECT_EQ(HandshakeVersion(**tls, TLS1_VERSION), 0);
  EXPECT_EQ(HandshakeVersion(**tls, TLS1_1_VERSION), TLS1_1_VERSION);
}

TEST(TlsServerContextTest, DefaultKeepsTheSecurityLevel) {
  auto tls = TlsServerContext::Create(TestConfig());

  ASSERT_TRUE(tls) << tls.error().message;
  EXPECT_GE(SSL_CTX_get_security_level((*tls)->native().native_handle()), 1);
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
