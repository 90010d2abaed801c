// TLS on the listener over loopback: STARTTLS with the test certificate, implicit TLS, commands
// injected after STARTTLS in the same packet, and a failed handshake.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "smtp/server/smtp_server.hpp"
#include "smtp/server/smtp_test_client.hpp"
#include "smtp/server/smtp_test_ports.hpp"

namespace graphpost::smtp {
namespace {

using ::testing::HasSubstr;
using testing::kMessage;
using ::testing::Not;
using testing::ServerFixture;
using testing::SmtpTestClient;
using ::testing::StartsWith;

TEST(SmtpServerTlsTest, StartTlsThenAuthAndAMessage) {
  ServerFixture f;
  f.access.auth_without_tls = false;
  auto port = f.Start(ServerFixture::Config({testing::PlainListener()}));
  ASSERT_TRUE(port) << port.error().message;
  SmtpTestClient client(*port);
  client.ReadReply();
  const std::string before = client.Command("EHLO client.test");
  EXPECT_THAT(before, HasSubstr("STARTTLS"));
  EXPECT_THAT(before, Not(HasSubstr("AUTH")));

  EXPECT_THAT(client.Command("STARTTLS"), StartsWith("220"));
  ASSERT_TRUE(client.StartTls());
  const std::string after = client.Command("EHLO client.test");
  EXPECT_THAT(after, HasSubstr("AUTH"));
  EXPECT_THAT(after, Not(HasSubstr("STARTTLS")));
  EXPECT_THAT(client.Command("AUTH PLAIN AGFsaWNlAHNlY3JldA=="), StartsWith("235"));
  EXPECT_THAT(client.Command("MAIL FROM:<alice@contoso.com>"), StartsWith("250"));
  EXPECT_THAT(client.Command("RCPT TO:<pat@contoso.com>"), StartsWith("250"));
  EXPECT_THAT(client.Command("DATA"), StartsWith("354"));
  client.Send(kMessage);
  EXPECT_THAT(client.ReadReply(), StartsWith("250"));
  EXPECT_THAT(client.Command("QUIT"), StartsWith("221"));
  client.ReadUntilClosed();
  f.server->Stop();

  ASSERT_EQ(f.sink.submissions().size(), 1u);
  auto records = f.log.WithMessage("smtp session ended");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].Field("tls"), "true");
}

TEST(SmtpServerTlsTest, NoStartTlsWithoutACertificate) {
  ServerFixture f;
  auto port = f.Start(ServerFixture::Config({testing::PlainListener()}), false);
  ASSERT_TRUE(port) << port.error().message;
  SmtpTestClient client(*port);
  client.ReadReply();

  EXPECT_THAT(client.Command("EHLO client.test"), Not(HasSubstr("STARTTLS")));
}

TEST(SmtpServerTlsTest, ImplicitTlsHandshakesBeforeTheGreeting) {
  ServerFixture f;
  f.access.auth_without_tls = false;
  auto port = f.Start(ServerFixture::Config({testing::ImplicitTlsListener()}));
  ASSERT_TRUE(port) << port.error().message;
  SmtpTestClient client(*port);

  ASSERT_TRUE(client.StartTls());
  EXPECT_THAT(client.ReadReply(), StartsWith("220 mx.test"));
  const std::string ehlo = client.Command("EHLO client.test");
  EXPECT_THAT(ehlo, HasSubstr("AUTH"));
  EXPECT_THAT(ehlo, Not(HasSubstr("STARTTLS")));
  EXPECT_THAT(client.Command("AUTH PLAIN AGFsaWNlAHNlY3JldA=="), StartsWith("235"));
  EXPECT_THAT(client.Command("QUIT"), StartsWith("221"));
}

TEST(SmtpServerTlsTest, PlaintextOnAnImplicitTlsListenerFailsTheHandshake) {
  ServerFixture f;
  auto port = f.Start(ServerFixture::Config({testing::ImplicitTlsListener()}));
  ASSERT_TRUE(port) << port.error().message;
  SmtpTestClient client(*port);

  client.Send("EHLO client.test\r\n");
  client.ReadUntilClosed();

  EXPECT_TRUE(client.closed());
  f.server->Stop();
  EXPECT_EQ(f.server->Stats().tls_handshakes_failed, 1);
}

TEST(SmtpServerTlsTest, IdleTimeoutOverTlsCloses421) {
  ServerFixture f;
  ServerConfig config = ServerFixture::Config({testing::ImplicitTlsListener()});
  config.limits.idle_timeout = std::chrono::seconds(1);
  auto port = f.Start(std::move(config));
  ASSERT_TRUE(port) << port.error().message;
  SmtpTestClient client(*port);
  ASSERT_TRUE(client.StartTls());
  client.ReadReply();
  client.Command("EHLO client.test");

  EXPECT_THAT(client.ReadUntilClosed(), StartsWith("421 4.4.2"));
  EXPECT_TRUE(client.closed());
}

TEST(SmtpServerTlsTest, SilentClientOnImplicitTlsCountsAsAFailedHandshake) {
  ServerFixture f;
  ServerConfig config = ServerFixture::Config({testing::ImplicitTlsListener()});
  config.limits.idle_timeout = std::chrono::seconds(1);  // bounds the handshake too
  auto port = f.Start(std::move(config));
  ASSERT_TRUE(port) << port.error().message;
  SmtpTestClient client(*port);

  client.ReadUntilClosed();

  EXPECT_TRUE(client.closed());
  f.server->Stop();
  EXPECT_EQ(f.server->Stats().tls_handshakes_failed, 1);
  EXPECT_EQ(f.server->Stats().sessions_timed_out, 0);
  EXPECT_EQ(f.OnlySessionEndReason(), "tls_handshake_timeout");
}

TEST(SmtpServerTlsTest, SilenceAfterStartTlsCountsAsAFailedHandshake) {
  ServerFixture f;
  ServerConfig config = ServerFixture::Config({testing::PlainListener()});
  config.limits.idle_timeout = std::chrono::seconds(1);
  auto port = f.Start(std::move(config));
  ASSERT_TRUE(port) << port.error().message;
  SmtpTestClient client(*port);
  client.ReadReply();
  client.Command("EHLO client.test");
  ASSERT_THAT(client.Command("STARTTLS"), StartsWith("220"));

  client.ReadUntilClosed();

  EXPECT_TRUE(client.closed());
  f.server->Stop();
  EXPECT_EQ(f.server->Stats().tls_handshakes_failed, 1);
  EXPECT_EQ(f.OnlySessionEndReason(), "tls_handshake_timeout");
}

TEST(SmtpServerTlsTest, StopSends421OverTls) {
  ServerFixture f;
  auto port = f.Start(ServerFixture::Config({testing::ImplicitTlsListener()}));
  ASSERT_TRUE(port) << port.error().message;
  SmtpTestClient client(*port);
  ASSERT_TRUE(client.StartTls());
  client.ReadReply();
  client.Command("EHLO client.test");

  f.server->Stop();

  EXPECT_THAT(client.ReadUntilClosed(), StartsWith("421 4.3.2"));
}

// CVE-2011-0411: commands sent in the same packet as STARTTLS must not run after the handshake.
TEST(SmtpServerTlsTest, CommandsInjectedAfterStartTlsAreDiscarded) {
  ServerFixture f;
  auto port = f.Start(ServerFixture::Config({testing::PlainListener()}));
  ASSERT_TRUE(port) << port.error().message;
  SmtpTestClient client(*port);
  client.ReadReply();
  client.Command("EHLO client.test");

  ASSERT_TRUE(client.Send(
      "STARTTLS\r\nAUTH PLAIN AGFsaWNlAHNlY3JldA==\r\nMAIL FROM:<alice@contoso.com>\r\n"));
  EXPECT_THAT(client.ReadReply(), StartsWith("220"));
  ASSERT_TRUE(client.StartTls());

  // Over TLS the session starts afresh: neither the AUTH nor the MAIL was carried out.
  EXPECT_THAT(client.Command("EHLO client.test"), StartsWith("250"));
  EXPECT_THAT(client.Command("RCPT TO:<pat@contoso.com>"), StartsWith("503"));
  EXPECT_THAT(client.Command("MAIL FROM:<alice@contoso.com>"), StartsWith("530"));
  EXPECT_EQ(f.server->Stats().auth_failures, 0);
}

}  // namespace
}  // namespace graphpost::smtp
