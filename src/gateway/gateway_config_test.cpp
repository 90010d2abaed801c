#include "gateway/gateway_config.hpp"

#include <map>

#include <gtest/gtest.h>

#include "gateway/config_file.hpp"

namespace graphpost::gateway {
namespace {

using namespace std::chrono_literals;

std::function<std::optional<std::string>(const std::string&)> Env(
    std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

TEST(GatewayConfigTest, FileSetsSectionsAndPerConnectionLanes) {
  GatewayConfig config = DefaultConfig("/data");

  auto applied = ApplyConfigText(config, R"(
[server]
port = 9000
shutdown_deadline = "45s"
[outbox]
max_bytes = "2GB"
[lanes]
messages_per_minute = 20
[connections.contoso]
messages_per_minute = 10
recipients_per_day = 500
)",
                                 "serve.toml");

  ASSERT_TRUE(applied) << applied.error().message;
  EXPECT_EQ(config.port, 9000);
  EXPECT_EQ(config.shutdown_deadline, 45s);
  EXPECT_EQ(config.outbox_max_bytes, 2ull << 30);
  EXPECT_EQ(config.delivery.default_limits.messages_per_minute, 20);
  const auto& contoso = config.delivery.limits_by_connection.at("contoso");
  EXPECT_EQ(contoso.messages_per_minute, 10);
  EXPECT_EQ(contoso.recipients_per_day, 500);
  EXPECT_EQ(contoso.max_in_flight, 4);  // the default, not overridden
}

TEST(GatewayConfigTest, UnknownKeyInFileNamesFileLineAndKey) {
  GatewayConfig config = DefaultConfig("/data");

  auto applied = ApplyConfigText(config, "[server]\nhost = \"::1\"\nprot = 9000\n", "serve.toml");

  ASSERT_FALSE(applied);
  EXPECT_EQ(applied.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(applied.error().message.find("serve.toml:3"), std::string::npos);
  EXPECT_NE(applied.error().message.find("server.prot"), std::string::npos);
}

TEST(GatewayConfigTest, SyntaxErrorNamesFileAndLine) {
  GatewayConfig config = DefaultConfig("/data");

  auto applied = ApplyConfigText(config, "[server]\nport = = 1\n", "serve.toml");

  ASSERT_FALSE(applied);
  EXPECT_NE(applied.error().message.find("serve.toml:2"), std::string::npos);
}

TEST(GatewayConfigTest, WrongTypeIsRefusedWithTheKey) {
  GatewayConfig config = DefaultConfig("/data");

  auto applied = ApplyConfigText(config, "[server]\nport = \"eighty\"\n", "serve.toml");

  ASSERT_FALSE(applied);
  EXPECT_NE(applied.error().message.find("server.port"), std::string::npos);
}

TEST(GatewayConfigTest, EnvironmentOverridesFileAndFlagsOverrideEnvironment) {
  GatewayConfig config = DefaultConfig("/data");
  ASSERT_TRUE(ApplyConfigText(config, "[server]\nport = 9000\nthreads = 3\n", "f.toml"));

  ASSERT_TRUE(ApplyEnvironment(
      config, Env({{"GRAPHPOST_SERVER_PORT", "9100"}, {"GRAPHPOST_SERVER_THREADS", "5"}})));
  ASSERT_TRUE(ApplyAssignments(config, {"server.port=9200"}));

  EXPECT_EQ(config.port, 9200);
  EXPECT_EQ(config.threads, 5);
}

TEST(GatewayConfigTest, ZeroMessagesPerMinuteTurnsPacingOffForAllLanesOrOneConnection) {
  GatewayConfig config = DefaultConfig("/data");

  ASSERT_TRUE(ApplyAssignments(
      config, {"lanes.messages_per_minute=0", "connections.contoso.messages_per_minute=0"}));

  EXPECT_EQ(config.delivery.default_limits.messages_per_minute, 0);
  EXPECT_EQ(config.delivery.limits_by_connection.at("contoso").messages_per_minute, 0);
  EXPECT_FALSE(ApplyAssignments(config, {"lanes.messages_per_minute=-1"}));
}

TEST(GatewayConfigTest, ConnectionCapIsASetting) {
  GatewayConfig config = DefaultConfig("/data");
  EXPECT_EQ(config.max_connections, 10000u);

  ASSERT_TRUE(ApplyAssignments(config, {"server.max_connections=50000"}));

  EXPECT_EQ(config.max_connections, 50000u);
  EXPECT_FALSE(ApplyAssignments(config, {"server.max_connections=0"}));
}

TEST(GatewayConfigTest, ConsoleSessionTtlAndLoginAttemptsAreSettings) {
  GatewayConfig config = DefaultConfig("/data");
  EXPECT_EQ(config.console_session_ttl, 12h);
  EXPECT_EQ(config.console_login_attempts_per_minute, 10);

  ASSERT_TRUE(ApplyConfigText(config, "[console]\nsession_ttl = \"2h\"\n", "f.toml"));
  EXPECT_EQ(config.console_session_ttl, 2h);
  ASSERT_TRUE(
      ApplyEnvironment(config, Env({{"GRAPHPOST_CONSOLE_LOGIN_ATTEMPTS_PER_MINUTE", "3"}})));
  EXPECT_EQ(config.console_login_attempts_per_minute, 3);
  ASSERT_TRUE(ApplyAssignments(config, {"console.session_ttl=30m"}));
  EXPECT_EQ(config.console_session_ttl, 30min);
  EXPECT_FALSE(ApplyAssignments(config, {"console.session_ttl=0"}));
  EXPECT_FALSE(ApplyAssignments(config, {"console.login_attempts_per_minute=0"}));
  const std::string rendered = RenderConfigToml(config);
  EXPECT_NE(rendered.find("session_ttl"), std::string::npos);
  EXPECT_NE(rendered.find("login_attempts_per_minute"), std::string::npos);
}

TEST(GatewayConfigTest, BadEnvironmentValueNamesTheVariable) {
  GatewayConfig config = DefaultConfig("/data");

  auto applied = ApplyEnvironment(config, Env({{"GRAPHPOST_DELIVERY_LEASE", "soon"}}));

  ASSERT_FALSE(applied);
  EXPECT_NE(applied.error().message.find("GRAPHPOST_DELIVERY_LEASE"), std::string::npos);
}

TEST(GatewayConfigTest, EveryKeyHasAnEnvironmentVariable) {
  EXPECT_EQ(EnvVarOf("data_dir"), "GRAPHPOST_DATA_DIR");
  EXPECT_EQ(EnvVarOf("server.tls_cert"), "GRAPHPOST_SERVER_TLS_CERT");
}

TEST(GatewayConfigTest, TlsNeedsBothFiles) {
  GatewayConfig config = DefaultConfig("/data");
  config.tls_cert = "/etc/cert.pem";

  EXPECT_FALSE(ValidateConfig(config));
}

TEST(GatewayConfigTest, RenderedConfigReadsBackToTheSameConfig) {
  GatewayConfig config = DefaultConfig("/data dir/\"x\"");
  ASSERT_TRUE(ApplyAssignments(
      config, {"server.port=0", "delivery.lease=90s", "delivery.max_request_bytes=1MB",
               "connections.a.b.max_in_flight=2", "log.format=text"}));

  GatewayConfig again = DefaultConfig("");
  auto applied = ApplyConfigText(again, RenderConfigToml(config), "rendered");

  ASSERT_TRUE(applied) << applied.error().message << "\n" << RenderConfigToml(config);
  EXPECT_EQ(RenderConfigToml(again), RenderConfigToml(config));
  EXPECT_EQ(again.delivery.limits_by_connection.at("a.b").max_in_flight, 2);
  EXPECT_EQ(again.delivery.max_request_bytes, 1024u * 1024u);
}

TEST(GatewayConfigTest, DurationsParseWithUnits) {
  EXPECT_EQ(ParseDuration("250ms"), 250ms);
  EXPECT_EQ(ParseDuration("30"), 30s);
  EXPECT_EQ(ParseDuration("5m"), 5min);
  EXPECT_EQ(ParseDuration("7d"), 168h);
  EXPECT_EQ(ParseDuration("-1s"), std::nullopt);
  EXPECT_EQ(ParseDuration("soon"), std::nullopt);
  EXPECT_EQ(FormatDuration(90s), "90s");
  EXPECT_EQ(FormatDuration(120s), "2m");
  EXPECT_EQ(FormatDuration(1500ms), "1500ms");
}

}  // namespace
}  // namespace graphpost::gateway
