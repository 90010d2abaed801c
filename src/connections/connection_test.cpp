#include "connections/connection.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "connections/sample_connections_test.hpp"

namespace graphpost::connections {
namespace {

using test::CertificateConnection;
using test::MakeCertificate;
using test::SecretConnection;

// The error's message, or "" when `status` is Ok.
std::string FieldError(const Status& status) {
  EXPECT_FALSE(status.has_value());
  if (status) return "";
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  return status.error().message;
}

TEST(ValidateConnectionTest, AcceptsTheSetupGuidesClientSecretConnection) {
  EXPECT_TRUE(ValidateConnection(SecretConnection()).has_value());
}

TEST(ValidateConnectionTest, AcceptsCertificateWithItsPrivateKey) {
  auto status = ValidateConnection(CertificateConnection(MakeCertificate()));

  EXPECT_TRUE(status.has_value()) << status.error().message;
}

TEST(ValidateConnectionTest, AcceptsNamesOfUpToSixtyFourAllowedCharacters) {
  for (const std::string& name :
       std::vector<std::string>{"a", "Sales.EU_2-b", std::string(64, 'x')}) {
    EXPECT_TRUE(ValidateConnection(SecretConnection(name)).has_value()) << name;
  }
}

TEST(ValidateConnectionTest, RejectsMalformedNames) {
  for (const std::string& name :
       std::vector<std::string>{"", std::string(65, 'x'), "has space", "a/b", "ümlaut", "x;drop"}) {
    EXPECT_TRUE(FieldError(ValidateConnection(SecretConnection(name))).starts_with("name:"))
        << name;
  }
}

TEST(ValidateConnectionTest, RejectsMultiTenantAuthoritiesAsTenant) {
  Connection c = SecretConnection();
  c.tenant = "common";

  std::string message = FieldError(ValidateConnection(c));

  EXPECT_TRUE(message.starts_with("tenant:"));
  EXPECT_NE(message.find("/common"), std::string::npos);
}

TEST(ValidateConnectionTest, AcceptsTenantDomain) {
  Connection c = SecretConnection();
  c.tenant = "contoso.onmicrosoft.com";

  EXPECT_TRUE(ValidateConnection(c).has_value());
}

TEST(ValidateConnectionTest, RejectsMalformedTenant) {
  Connection c = SecretConnection();
  c.tenant = "not a tenant";

  EXPECT_TRUE(FieldError(ValidateConnection(c)).starts_with("tenant:"));
}

TEST(ValidateConnectionTest, RejectsClientIdThatIsNotAGuidWithoutRepeatingIt) {
  Connection c = SecretConnection();
  c.client_id = test::kSecretValue;  // the secret pasted into the wrong field

  std::string message = FieldError(ValidateConnection(c));

  EXPECT_TRUE(message.starts_with("client_id:"));
  EXPECT_EQ(message.find(test::kSecretValue), std::string::npos);
}

TEST(ValidateConnectionTest, RejectsUserIdThatIsNotAnAddress) {
  Connection c = SecretConnection();
  c.user_id = "advocacy";

  EXPECT_TRUE(FieldError(ValidateConnection(c)).starts_with("user_id:"));
}

TEST(ValidateConnectionTest, RejectsAccountTypeOtherThanTenantSpecific) {
  Connection c = SecretConnection();
  c.account_type = "multi-tenant";

  EXPECT_TRUE(FieldError(ValidateConnection(c)).starts_with("account_type:"));
}

TEST(ValidateConnectionTest, RequiresTheSecretForClientSecretAuth) {
  Connection c = SecretConnection();
  c.client_secret = Secret();

  EXPECT_TRUE(FieldError(ValidateConnection(c)).starts_with("client_secret:"));
}

TEST(ValidateConnectionTest, RejectsAWhitespaceOnlySecret) {
  Connection c = SecretConnection();
  c.client_secret = Secret(" \t\r\n");

  EXPECT_EQ(FieldError(ValidateConnection(c)), "client_secret: is only whitespace");
}

TEST(ValidateConnectionTest, RejectsCertificateFieldsOnClientSecretAuth) {
  Connection c = SecretConnection();
  c.certificate_pem = MakeCertificate().certificate_pem;

  EXPECT_TRUE(FieldError(ValidateConnection(c)).starts_with("certificate_pem:"));
}

TEST(ValidateConnectionTest, RejectsAPrivateKeyOnClientSecretAuth) {
  Connection c = SecretConnection();
  c.private_key_pem = Secret(MakeCertificate().private_key_pem);

  EXPECT_TRUE(FieldError(ValidateConnection(c)).starts_with("private_key_pem:"));
}

TEST(ValidateConnectionTest, RejectsPrivateKeyOfAnotherCertificate) {
  Connection c = CertificateConnection(MakeCertificate());
  c.private_key_pem = Secret(MakeCertificate().private_key_pem);

  std::string message = FieldError(ValidateConnection(c));

  EXPECT_TRUE(message.starts_with("private_key_pem:"));
  EXPECT_NE(message.find("does not belong"), std::string::npos);
}

TEST(ValidateConnectionTest, RejectsUnparsableCertificate) {
  Connection c = CertificateConnection(MakeCertificate());
  c.certificate_pem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";

  EXPECT_TRUE(FieldError(ValidateConnection(c)).starts_with("certificate_pem:"));
}

TEST(ValidateConnectionTest, RejectsUnknownCloud) {
  Connection c = SecretConnection();
  c.cloud = "germany";

  EXPECT_TRUE(FieldError(ValidateConnection(c)).starts_with("cloud:"));
}

TEST(ValidateConnectionTest, CustomCloudNeedsExplicitUrls) {
  Connection c = SecretConnection();
  c.cloud = "custom";
  c.login_url = "https://127.0.0.1:8443";

  EXPECT_TRUE(FieldError(ValidateConnection(c)).starts_with("graph_url:"));
}

TEST(ValidateConnectionTest, AcceptsSandboxUrlsOverLoopback) {
  Connection c = SecretConnection();
  c.cloud = "custom";
  c.login_url = "https://127.0.0.1:8443";
  c.graph_url = "http://localhost:8080/v1.0";

  EXPECT_TRUE(ValidateConnection(c).has_value());
}

TEST(ValidateConnectionTest, RejectsPlainHttpToARemoteHost) {
  Connection c = SecretConnection();
  c.graph_url = "http://graph.example.com/v1.0";

  EXPECT_TRUE(FieldError(ValidateConnection(c)).starts_with("graph_url:"));
}

TEST(ValidateConnectionTest, RejectsUrlsWithQueryOrWithoutScheme) {
  for (std::string url : {"https://login.example.com/?x=1", "login.example.com", "https://"}) {
    Connection c = SecretConnection();
    c.login_url = url;

    EXPECT_TRUE(FieldError(ValidateConnection(c)).starts_with("login_url:")) << url;
  }
}

TEST(EffectiveUrlTest, ComeFromTheCloudWhenNotGiven) {
  Connection c = SecretConnection();
  c.cloud = "usgov-dod";

  EXPECT_EQ(EffectiveLoginUrl(c), "https://login.microsoftonline.us");
  EXPECT_EQ(EffectiveGraphUrl(c), "https://dod-graph.microsoft.us/v1.0");
}

TEST(EffectiveUrlTest, ExplicitUrlsWinWithoutTrailingSlash) {
  Connection c = SecretConnection();
  c.login_url = "https://127.0.0.1:8443/";
  c.graph_url = "https://127.0.0.1:8443/v1.0/";

  EXPECT_EQ(EffectiveLoginUrl(c), "https://127.0.0.1:8443");
  EXPECT_EQ(EffectiveGraphUrl(c), "https://127.0.0.1:8443/v1.0");
}

TEST(EffectiveGraphScopeTest, IsTheCloudsOwnGraphScope) {
  Connection c = SecretConnection();

  c.cloud = "usgov";
  EXPECT_EQ(EffectiveGraphScope(c), "https://graph.microsoft.us/.default");
  c.cloud = "china";
  EXPECT_EQ(EffectiveGraphScope(c), "https://microsoftgraph.chinacloudapi.cn/.default");
  c.cloud = "custom";
  EXPECT_EQ(EffectiveGraphScope(c), "https://graph.microsoft.com/.default");
}

TEST(AuthTypeTest, NamesRoundTrip) {
  for (AuthType type : {AuthType::kClientSecret, AuthType::kCertificate}) {
    EXPECT_EQ(ParseAuthType(AuthTypeName(type)), type);
  }
  EXPECT_EQ(ParseAuthType("client-credentials"), AuthType::kClientSecret);
  EXPECT_EQ(ParseAuthType("password"), std::nullopt);
}

}  // namespace
}  // namespace graphpost::connections
