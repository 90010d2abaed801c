// The listener's limits over loopback: many idle connections, the idle and DATA timeouts, and the
// connection caps. Timeouts are one second; every wait is bounded by kGuard.
#include <memory>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "smtp/server/smtp_server.hpp"
#include "smtp/server/smtp_test_client.hpp"
#include "smtp/server/smtp_test_ports.hpp"

namespace graphpost::smtp {
namespace {

using ::testing::HasSubstr;
using testing::kMessage;
using testing::ServerFixture;
using testing::SmtpTestClient;
using ::testing::StartsWith;

TEST(SmtpServerLimitsTest, FiveHundredIdleConnectionsDoNotStopANewOne) {
  ServerFixture f;
  ServerConfig config = ServerFixture::Config({testing::PlainListener()});
  config.max_connections_per_address = 1000;
  auto port = f.Start(std::move(config));
  ASSERT_TRUE(port) << port.error().message;
  std::vector<std::unique_ptr<SmtpTestClient>> idle;
  for (int i = 0; i < 500; ++i) {
    idle.push_back(std::make_unique<SmtpTestClient>(*port));
    ASSERT_TRUE(idle.back()->connected()) << i;
  }
  EXPECT_THAT(idle.back()->ReadReply(), StartsWith("220"));  // the last one in was served

  SmtpTestClient client(*port);
  EXPECT_THAT(client.ReadReply(), StartsWith("220"));
  client.Command("EHLO client.test");
  client.Command("AUTH PLAIN AGFsaWNlAHNlY3JldA==");
  client.Command("MAIL FROM:<alice@contoso.com>");
  client.Command("RCPT TO:<pat@contoso.com>");
  client.Command("DATA");
  client.Send(kMessage);

  EXPECT_THAT(client.ReadReply(), StartsWith("250"));
  EXPECT_EQ(f.server->Stats().connections_open, 501);
}

TEST(SmtpServerLimitsTest, IdleTimeoutCloses421) {
  ServerFixture f;
  ServerConfig config = ServerFixture::Config({testing::PlainListener()});
  config.limits.idle_timeout = std::chrono::seconds(1);
  auto port = f.Start(std::move(config));
  ASSERT_TRUE(port) << port.error().message;
  SmtpTestClient client(*port);
  client.ReadReply();
  client.Command("EHLO client.test");

  const auto start = std::chrono::steady_clock::now();
  const std::string rest = client.ReadUntilClosed();

  EXPECT_THAT(rest, StartsWith("421 4.4.2"));
  EXPECT_TRUE(client.closed());
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(900));
  f.server->Stop();
  EXPECT_EQ(f.server->Stats().sessions_timed_out, 1);
  EXPECT_EQ(f.OnlySessionEndReason(), "idle_timeout");
}

// Slowloris: bytes without a line end are no command, so they do not hold the idle deadline off.
TEST(SmtpServerLimitsTest, ClientDrippingBytesWithoutALineEndIsClosedAfterTheIdleTimeout) {
  ServerFixture f;
  ServerConfig config = ServerFixture::Config({testing::PlainListener()});
  config.limits.idle_timeout = std::chrono::seconds(1);
  auto port = f.Start(std::move(config));
  ASSERT_TRUE(port) << port.error().message;
  SmtpTestClient client(*port);
  client.ReadReply();
  client.Command("EHLO client.test");

  const auto start = std::chrono::steady_clock::now();
  // One byte every 200 ms for at most four idle timeouts; each wait ends early on the 421.
  while (client.QuietFor(std::chrono::milliseconds(200)) &&
         std::chrono::steady_clock::now() - start < std::chrono::seconds(4)) {
    client.Send("N");
  }
  const std::string rest = client.ReadUntilClosed();

  EXPECT_THAT(rest, StartsWith("421 4.4.2"));
  EXPECT_TRUE(client.closed());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  f.server->Stop();
  EXPECT_EQ(f.server->Stats().sessions_timed_out, 1);
  EXPECT_EQ(f.OnlySessionEndReason(), "idle_timeout");
}

TEST(SmtpServerLimitsTest, CompleteCommandsKeepTheSessionOpenPastTheIdleTimeout) {
  ServerFixture f;
  ServerConfig config = ServerFixture::Config({testing::PlainListener()});
  config.limits.idle_timeout = std::chrono::seconds(1);
  auto port = f.Start(std::move(config));
  ASSERT_TRUE(port) << port.error().message;
  SmtpTestClient client(*port);
  client.ReadReply();
  const auto start = std::chrono::steady_clock::now();

  std::string reply;
  while (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1500)) {
    client.QuietFor(std::chrono::milliseconds(300));
    reply = client.Command("NOOP");
  }

  EXPECT_THAT(reply, StartsWith("250"));
  EXPECT_FALSE(client.closed());
}

TEST(SmtpServerLimitsTest, ClientStallingMidDataIsClosedAndNothingSubmitted) {
  ServerFixture f;
  ServerConfig config = ServerFixture::Config({testing::PlainListener()});
  config.limits.idle_timeout = std::chrono::seconds(30);
  config.limits.data_timeout = std::chrono::seconds(1);
  auto port = f.Start(std::move(config));
  ASSERT_TRUE(port) << port.error().message;
  SmtpTestClient client(*port);
  client.ReadReply();
  client.Command("EHLO client.test");
  client.Command("AUTH PLAIN AGFsaWNlAHNlY3JldA==");
  client.Command("MAIL FROM:<alice@contoso.com>");
  client.Command("RCPT TO:<pat@contoso.com>");
  ASSERT_THAT(client.Command("DATA"), StartsWith("354"));

  client.Send("Subject: stalled\r\n\r\nhalf a messa");
  const std::string rest = client.ReadUntilClosed();

  EXPECT_THAT(rest, StartsWith("421 4.4.2"));
  EXPECT_TRUE(client.closed());
  EXPECT_TRUE(f.sink.submissions().empty());
  f.server->Stop();
  EXPECT_EQ(f.OnlySessionEndReason(), "data_timeout");
}

TEST(SmtpServerLimitsTest, ConnectionsOverTheCapGet421) {
  ServerFixture f;
  ServerConfig config = ServerFixture::Config({testing::PlainListener()});
  config.max_connections = 2;
  auto port = f.Start(std::move(config));
  ASSERT_TRUE(port) << port.error().message;
  SmtpTestClient first(*port);
  SmtpTestClient second(*port);
  ASSERT_THAT(first.ReadReply(), StartsWith("220"));
  ASSERT_THAT(second.ReadReply(), StartsWith("220"));

  SmtpTestClient third(*port);
  const std::string refused = third.ReadUntilClosed();

  EXPECT_THAT(refused, StartsWith("421 4.7.0"));
  EXPECT_THAT(refused, HasSubstr("too many connections"));
  EXPECT_TRUE(third.closed());
  EXPECT_EQ(f.server->Stats().connections_refused, 1);
  EXPECT_EQ(f.server->Stats().connections_open, 2);
  first.Command("QUIT");
  first.ReadUntilClosed();
  SmtpTestClient fourth(*port);  // a place is free again
  EXPECT_THAT(fourth.ReadReply(), StartsWith("220"));
}

TEST(SmtpServerLimitsTest, ConnectionsOverThePerAddressCapGet421) {
  ServerFixture f;
  ServerConfig config = ServerFixture::Config({testing::PlainListener()});
  config.max_connections_per_address = 1;
  auto port = f.Start(std::move(config));
  ASSERT_TRUE(port) << port.error().message;
  SmtpTestClient first(*port);
  ASSERT_THAT(first.ReadReply(), StartsWith("220"));

  SmtpTestClient second(*port);

  EXPECT_THAT(second.ReadUntilClosed(), StartsWith("421 4.7.0"));
  EXPECT_EQ(f.server->Stats().connections_refused, 1);
}

TEST(SmtpServerLimitsTest, ImplicitTlsOverTheCapGets421AfterTheHandshake) {
  ServerFixture f;
  ServerConfig config = ServerFixture::Config({testing::ImplicitTlsListener()});
  config.max_connections = 1;
  auto port = f.Start(std::move(config));
  ASSERT_TRUE(port) << port.error().message;
  SmtpTestClient first(*port);
  ASSERT_TRUE(first.StartTls());
  ASSERT_THAT(first.ReadReply(), StartsWith("220"));

  SmtpTestClient second(*port);
  ASSERT_TRUE(second.StartTls());

  EXPECT_THAT(second.ReadReply(), StartsWith("421 4.7.0"));
}

}  // namespace
}  // namespace graphpost::smtp
