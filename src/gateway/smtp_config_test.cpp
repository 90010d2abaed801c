// The "smtp." settings through the TOML file, the environment and --set.
#include <gtest/gtest.h>

#include "gateway/config_file.hpp"
#include "gateway/gateway_config.hpp"

namespace graphpost::gateway {
namespace {

using namespace std::chrono_literals;

TEST(SmtpConfigTest, DefaultsListenOnLoopback2525WithExchangeLimits) {
  GatewayConfig config = DefaultConfig("/data");

  EXPECT_TRUE(config.smtp.enabled);
  EXPECT_EQ(config.smtp.host, "127.0.0.1");
  EXPECT_EQ(config.smtp.port, 2525);
  EXPECT_EQ(config.smtp.tls_port, 0);
  EXPECT_EQ(config.smtp.min_tls_version, "1.2");
  EXPECT_EQ(config.smtp.max_message_bytes, 35ull << 20);
  EXPECT_EQ(config.smtp.max_recipients, 500);
  EXPECT_EQ(config.smtp.idle_timeout, 5min);
  EXPECT_EQ(config.smtp.data_timeout, 3min);
  EXPECT_EQ(config.smtp.max_connections, 5000u);
  EXPECT_TRUE(config.smtp.relay.empty());
}

TEST(SmtpConfigTest, FileTakesRelayRangesAsAnArrayOfTables) {
  GatewayConfig config = DefaultConfig("/data");

  auto applied = ApplyConfigText(config, R"(
[smtp]
port = 587
tls_port = 465
hostname = "mail.contoso.com"
min_tls_version = "1.0"
max_message_bytes = "20MB"
idle_timeout = "1m"
auth_without_tls = ["10.0.0.0/8", "192.168.1.7"]

[[smtp.relay]]
from = "10.1.0.0/16"
connections = ["printers"]
senders = ["@contoso.com"]

[[smtp.relay]]
from = "::1/128"
connections = ["a", "b"]
)",
                                 "serve.toml");

  ASSERT_TRUE(applied) << applied.error().message;
  EXPECT_EQ(config.smtp.port, 587);
  EXPECT_EQ(config.smtp.tls_port, 465);
  EXPECT_EQ(config.smtp.hostname, "mail.contoso.com");
  EXPECT_EQ(config.smtp.min_tls_version, "1.0");
  EXPECT_EQ(config.smtp.max_message_bytes, 20ull << 20);
  EXPECT_EQ(config.smtp.idle_timeout, 1min);
  EXPECT_EQ(config.smtp.auth_without_tls, (std::vector<std::string>{"10.0.0.0/8", "192.168.1.7"}));
  ASSERT_EQ(config.smtp.relay.size(), 2u);
  EXPECT_EQ(config.smtp.relay[0],
            (SmtpRelayRange{
                .from = "10.1.0.0/16", .connections = {"printers"}, .senders = {"@contoso.com"}}));
  EXPECT_EQ(config.smtp.relay[1].connections, (std::vector<std::string>{"a", "b"}));
}

TEST(SmtpConfigTest, EnvironmentTakesRelayRangesAsText) {
  GatewayConfig config = DefaultConfig("/data");

  auto applied =
      ApplyEnvironment(config, [](const std::string& name) -> std::optional<std::string> {
        if (name == "GRAPHPOST_SMTP_RELAY")
          return "10.0.0.0/8=printers,scanners;fd00::/8=lab,x@y.com";
        if (name == "GRAPHPOST_SMTP_PORT") return "0";
        return std::nullopt;
      });

  ASSERT_TRUE(applied) << applied.error().message;
  EXPECT_EQ(config.smtp.port, 0);
  ASSERT_EQ(config.smtp.relay.size(), 2u);
  EXPECT_EQ(config.smtp.relay[0].connections, (std::vector<std::string>{"printers", "scanners"}));
  EXPECT_EQ(config.smtp.relay[1].senders, (std::vector<std::string>{"x@y.com"}));
  EXPECT_EQ(FormatRelayRanges(config.smtp.relay),
            "10.0.0.0/8=printers,scanners;fd00::/8=lab,x@y.com");
}

TEST(SmtpConfigTest, BadRangesAndVersionsAreRefusedNamingTheKey) {
  GatewayConfig config = DefaultConfig("/data");

  auto not_cidr = ApplyAssignments(config, {"smtp.relay=10.0.0.300/8=printers"});
  auto no_connection = ApplyAssignments(config, {"smtp.relay=10.0.0.0/8=@contoso.com"});
  auto prefix = ApplyAssignments(config, {"smtp.auth_without_tls=10.0.0.0/33"});
  auto version = ApplyAssignments(config, {"smtp.min_tls_version=1.4"});

  ASSERT_FALSE(not_cidr);
  EXPECT_NE(not_cidr.error().message.find("smtp.relay"), std::string::npos);
  ASSERT_FALSE(no_connection);
  EXPECT_NE(no_connection.error().message.find("names no connection"), std::string::npos);
  ASSERT_FALSE(prefix);
  EXPECT_NE(prefix.error().message.find("smtp.auth_without_tls"), std::string::npos);
  ASSERT_FALSE(version);
  EXPECT_NE(version.error().message.find("1.0, 1.1, 1.2, 1.3"), std::string::npos);
}

TEST(SmtpConfigTest, ImplicitTlsNeedsACertificateOfItsOwnOrTheApis) {
  GatewayConfig config = DefaultConfig("/data");
  config.smtp.tls_port = 465;

  auto without = ValidateConfig(config);
  config.tls_cert = "/etc/cert.pem";
  config.tls_key = "/etc/key.pem";
  auto with_the_apis = ValidateConfig(config);

  ASSERT_FALSE(without);
  EXPECT_NE(without.error().message.find("smtp.tls_port"), std::string::npos);
  EXPECT_TRUE(with_the_apis);
}

TEST(SmtpConfigTest, RenderedSmtpSettingsReadBack) {
  GatewayConfig config = DefaultConfig("/data");
  ASSERT_TRUE(ApplyAssignments(config, {"smtp.relay=10.0.0.0/8=printers,@contoso.com",
                                        "smtp.auth_without_tls=10.0.0.0/8,::1/128",
                                        "smtp.enabled=false", "smtp.data_timeout=90s"}));

  GatewayConfig again = DefaultConfig("");
  auto applied = ApplyConfigText(again, RenderConfigToml(config), "rendered");

  ASSERT_TRUE(applied) << applied.error().message << "\n" << RenderConfigToml(config);
  EXPECT_EQ(RenderConfigToml(again), RenderConfigToml(config));
  EXPECT_EQ(again.smtp.relay, config.smtp.relay);
  EXPECT_FALSE(again.smtp.enabled);
}

TEST(SmtpConfigTest, ARelaySenderWithNoDomainIsRefusedInTheFileAndTheTextForm) {
  GatewayConfig config = DefaultConfig("/data");

  auto text = ApplyAssignments(config, {"smtp.relay=10.0.0.0/8=printers,@"});
  auto file = ApplyConfigText(config, R"(
[[smtp.relay]]
from = "10.0.0.0/8"
connections = ["printers"]
senders = ["@"]
)",
                              "serve.toml");

  ASSERT_FALSE(text);
  EXPECT_NE(text.error().message.find("sender '@'"), std::string::npos) << text.error().message;
  ASSERT_FALSE(file);
  EXPECT_NE(file.error().message.find("sender '@'"), std::string::npos) << file.error().message;
}

TEST(SmtpConfigTest, RangesWithHostBitsAreTaken) {
  GatewayConfig config = DefaultConfig("/data");

  auto applied = ApplyAssignments(config, {"smtp.relay=10.1.2.3/8=printers",
                                           "smtp.auth_without_tls=10.1.2.3/8,192.168.1.7/24"});

  ASSERT_TRUE(applied) << applied.error().message;
  EXPECT_EQ(config.smtp.relay.size(), 1u);
}

TEST(SmtpConfigTest, AMessageSizeAboveGraphsLimitIsRefusedNamingIt) {
  GatewayConfig config = DefaultConfig("/data");
  ASSERT_TRUE(ApplyAssignments(config, {"smtp.max_message_bytes=150MB"}));
  ASSERT_TRUE(ValidateConfig(config));

  ASSERT_TRUE(ApplyAssignments(config, {"smtp.max_message_bytes=151MB"}));
  auto too_big = ValidateConfig(config);

  ASSERT_FALSE(too_big);
  EXPECT_NE(too_big.error().message.find("smtp.max_message_bytes"), std::string::npos);
  EXPECT_NE(too_big.error().message.find("150MB"), std::string::npos) << too_big.error().message;
}

TEST(SmtpConfigTest, AHostnameMustBeADomainOrAnAddressLiteral) {
  for (const char* good :
       {"mail.contoso.com", "localhost", "mx-1.example", "[192.0.2.1]", "[IPv6:2001:db8::1]"}) {
    GatewayConfig config = DefaultConfig("/data");
    config.smtp.hostname = good;
    EXPECT_TRUE(ValidateConfig(config)) << good;
  }
  for (const char* bad : {"mail contoso", "-mx.contoso.com", "mx..contoso.com", "mx.contoso.com\r",
                          "192.0.2.1]", "[2001:db8::1]", "[IPv6:192.0.2.1]", "a_b.com"}) {
    GatewayConfig config = DefaultConfig("/data");
    config.smtp.hostname = bad;
    auto checked = ValidateConfig(config);
    ASSERT_FALSE(checked) << bad;
    EXPECT_NE(checked.error().message.find("smtp.hostname"), std::string::npos);
  }
}

}  // namespace
}  // namespace graphpost::gateway
