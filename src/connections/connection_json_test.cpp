#include "connections/connection_json.hpp"

#include <string>

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "connections/sample_connections_test.hpp"

namespace graphpost::connections {
namespace {

using namespace std::chrono_literals;

TEST(ConnectionToJsonTest, SaysOnlyWhetherTheSecretIsSet) {
  Connection c = test::SecretConnection();

  auto json = ConnectionToJson(c);

  EXPECT_EQ(json.at("secret"), "set");
  EXPECT_EQ(json.at("privateKey"), "not set");
  EXPECT_EQ(boost::json::serialize(json).find(test::kSecretValue), std::string::npos);
}

TEST(ConnectionToJsonTest, NeverShowsThePrivateKey) {
  auto cert = test::MakeCertificate();
  Connection c = test::CertificateConnection(cert);

  auto json = ConnectionToJson(c);
  std::string text = boost::json::serialize(json);

  EXPECT_EQ(json.at("secret"), "not set");
  EXPECT_EQ(json.at("privateKey"), "set");
  EXPECT_EQ(json.at("authType"), "certificate");
  EXPECT_EQ(json.at("certificateThumbprint").as_string().size(), 40u);
  EXPECT_EQ(text.find(test::PemBodyLine(cert.private_key_pem)), std::string::npos);
  EXPECT_EQ(text.find("PRIVATE KEY"), std::string::npos);
}

TEST(ConnectionToJsonTest, ShowsTheFieldsOfTheSetupGuide) {
  Connection c = test::SecretConnection();
  c.secret_expires_on = std::chrono::sys_days{std::chrono::year{2027} / 3 / 1};

  auto json = ConnectionToJson(c);

  EXPECT_EQ(json.at("name"), "sales");
  EXPECT_EQ(json.at("accountType"), "tenant-specific");
  EXPECT_EQ(json.at("tenant"), test::kTenant);
  EXPECT_EQ(json.at("authType"), "client-secret");
  EXPECT_EQ(json.at("userId"), "advocacy@contoso.com");
  EXPECT_EQ(json.at("clientId"), test::kClientId);
  EXPECT_EQ(json.at("secretExpiresOn"), "2027-03-01T00:00:00Z");
  EXPECT_EQ(json.at("cloud"), "global");
  EXPECT_EQ(json.at("loginUrl"), "");
  EXPECT_EQ(json.at("effectiveLoginUrl"), "https://login.microsoftonline.com");
  EXPECT_EQ(json.at("effectiveGraphUrl"), "https://graph.microsoft.com/v1.0");
  EXPECT_TRUE(json.at("certificateExpiresOn").is_null());
}

}  // namespace
}  // namespace graphpost::connections
