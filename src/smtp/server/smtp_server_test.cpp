// The listener end to end over loopback sockets: a plain session, AUTH through an authenticator
// that answers on another thread, the session log record, Start() errors and Stop().
#include "smtp/server/smtp_server.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "smtp/server/smtp_test_client.hpp"
#include "smtp/server/smtp_test_ports.hpp"

namespace graphpost::smtp {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::kMessage;
using testing::ServerFixture;
using testing::SmtpTestClient;

// Sends one message as alice over an open session (after EHLO); the reply to the message.
std::string SendAsAlice(SmtpTestClient& client) {
  EXPECT_THAT(client.Command("AUTH PLAIN AGFsaWNlAHNlY3JldA=="), StartsWith("235"));
  EXPECT_THAT(client.Command("MAIL FROM:<alice@contoso.com>"), StartsWith("250"));
  EXPECT_THAT(client.Command("RCPT TO:<pat@contoso.com>"), StartsWith("250"));
  EXPECT_THAT(client.Command("DATA"), StartsWith("354"));
  client.Send(kMessage);
  return client.ReadReply();
}

TEST(SmtpServerTest, PlainSessionDeliversAMessageToTheSink) {
  ServerFixture f;
  auto port = f.Start(ServerFixture::Config({testing::PlainListener()}));
  ASSERT_TRUE(port) << port.error().message;
  SmtpTestClient client(*port);

  EXPECT_THAT(client.ReadReply(), StartsWith("220 mx.test"));
  EXPECT_THAT(client.Command("EHLO client.test"), HasSubstr("250"));
  EXPECT_THAT(SendAsAlice(client), StartsWith("250 2.0.0 queued as 1"));
  EXPECT_THAT(client.Command("QUIT"), StartsWith("221"));
  client.ReadUntilClosed();

  EXPECT_TRUE(client.closed());
  const std::vector<Submission> submissions = f.sink.submissions();
  ASSERT_EQ(submissions.size(), 1u);
  const Submission& submission = submissions[0];
  EXPECT_EQ(submission.principal.name, "alice");
  EXPECT_EQ(submission.mail_from, "alice@contoso.com");
  EXPECT_EQ(submission.rcpt_to, std::vector<std::string>{"pat@contoso.com"});
  EXPECT_THAT(submission.mime, HasSubstr("Subject: hello\r\n"));
  EXPECT_EQ(submission.peer.address, "127.0.0.1");
  EXPECT_TRUE(submission.peer.loopback);
  EXPECT_EQ(submission.session_id.size(), 12u);
}

TEST(SmtpServerTest, WrongPasswordIsRefusedAndCounted) {
  ServerFixture f;
  auto port = f.Start(ServerFixture::Config({testing::PlainListener()}));
  ASSERT_TRUE(port) << port.error().message;
  SmtpTestClient client(*port);
  client.ReadReply();
  client.Command("EHLO client.test");

  // "\0alice\0wrong"
  EXPECT_THAT(client.Command("AUTH PLAIN AGFsaWNlAHdyb25n"), StartsWith("535"));

  EXPECT_EQ(f.server->Stats().auth_failures, 1);
  EXPECT_THAT(client.Command("NOOP"), StartsWith("250"));  // the session goes on
}

TEST(SmtpServerTest, LogsOneRecordPerSessionWithoutThePassword) {
  ServerFixture f;
  auto port = f.Start(ServerFixture::Config({testing::PlainListener()}));
  ASSERT_TRUE(port) << port.error().message;
  {
    SmtpTestClient client(*port);
    client.ReadReply();
    client.Command("EHLO client.test");
    SendAsAlice(client);
    client.Command("QUIT");
    client.ReadUntilClosed();
  }

  f.server->Stop();

  auto records = f.log.WithMessage("smtp session ended");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].Field("session_id").size(), 12u);
  EXPECT_EQ(records[0].Field("client"), "127.0.0.1");
  EXPECT_EQ(records[0].Field("principal"), "account:alice");
  EXPECT_EQ(records[0].Field("tls"), "false");
  EXPECT_EQ(records[0].Field("messages"), "1");
  EXPECT_EQ(records[0].Field("reason"), "quit");
  EXPECT_NE(records[0].Field("duration_ms"), "");
  EXPECT_FALSE(f.log.Contains("secret"));
  EXPECT_FALSE(f.log.Contains("Hi Pat"));
}

TEST(SmtpServerTest, ClientClosingMidDataSubmitsNothing) {
  ServerFixture f;
  auto port = f.Start(ServerFixture::Config({testing::PlainListener()}));
  ASSERT_TRUE(port) << port.error().message;
  {
    SmtpTestClient client(*port);
    client.ReadReply();
    client.Command("EHLO client.test");
    client.Command("AUTH PLAIN AGFsaWNlAHNlY3JldA==");
    client.Command("MAIL FROM:<alice@contoso.com>");
    client.Command("RCPT TO:<pat@contoso.com>");
    client.Command("DATA");
    client.Send("Subject: half\r\n\r\nno end");
  }

  f.server->Stop();

  EXPECT_TRUE(f.sink.submissions().empty());
  EXPECT_EQ(f.log.WithMessage("smtp session ended").size(), 1u);
}

TEST(SmtpServerTest, ImplicitTlsWithoutACertificateIsInvalidArgument) {
  ServerFixture f;

  auto port = f.Start(ServerFixture::Config({testing::ImplicitTlsListener()}), false);

  ASSERT_FALSE(port);
  EXPECT_EQ(port.error().code, ErrorCode::kInvalidArgument);
}

TEST(SmtpServerTest, PortInUseIsUnavailableNamingIt) {
  ServerFixture first;
  auto taken = first.Start(ServerFixture::Config({testing::PlainListener()}));
  ASSERT_TRUE(taken) << taken.error().message;
  ServerFixture second;

  auto port = second.Start(ServerFixture::Config({{.host = "127.0.0.1", .port = *taken}}));

  ASSERT_FALSE(port);
  EXPECT_EQ(port.error().code, ErrorCode::kUnavailable);
  EXPECT_THAT(port.error().message, HasSubstr("127.0.0.1:" + std::to_string(*taken)));
}

TEST(SmtpServerTest, ReportsEveryListenersPort) {
  ServerFixture f;

  auto port = f.Start(ServerFixture::Config({testing::PlainListener(), testing::PlainListener()}));

  ASSERT_TRUE(port) << port.error().message;
  ASSERT_EQ(f.server->ports().size(), 2u);
  EXPECT_NE(f.server->ports()[0], f.server->ports()[1]);
  SmtpTestClient second(f.server->ports()[1]);
  EXPECT_THAT(second.ReadReply(), StartsWith("220"));
}

TEST(SmtpServerTest, StopSends421ToOpenSessionsAndClosesThem) {
  ServerFixture f;
  auto port = f.Start(ServerFixture::Config({testing::PlainListener()}));
  ASSERT_TRUE(port) << port.error().message;
  SmtpTestClient idle(*port);
  SmtpTestClient in_data(*port);
  idle.ReadReply();
  in_data.ReadReply();
  idle.Command("EHLO client.test");
  in_data.Command("EHLO client.test");
  in_data.Command("AUTH PLAIN AGFsaWNlAHNlY3JldA==");
  in_data.Command("MAIL FROM:<alice@contoso.com>");
  in_data.Command("RCPT TO:<pat@contoso.com>");
  in_data.Command("DATA");
  in_data.Send("Subject: unfinished\r\n");

  const auto start = std::chrono::steady_clock::now();
  f.server->Stop();

  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  EXPECT_THAT(idle.ReadUntilClosed(), StartsWith("421 4.3.2"));
  EXPECT_THAT(in_data.ReadUntilClosed(), StartsWith("421 4.3.2"));
  EXPECT_TRUE(idle.closed());
  EXPECT_TRUE(f.sink.submissions().empty());
  EXPECT_EQ(f.server->Stats().connections_open, 0);
  f.server->Stop();  // idempotent
}

TEST(SmtpServerTest, StopLetsAPendingSubmissionAnswerFirst) {
  ServerFixture f;
  auto port = f.Start(ServerFixture::Config({testing::PlainListener()}));
  ASSERT_TRUE(port) << port.error().message;
  SmtpTestClient client(*port);
  client.ReadReply();
  client.Command("EHLO client.test");
  client.Command("AUTH PLAIN AGFsaWNlAHNlY3JldA==");
  client.Command("MAIL FROM:<alice@contoso.com>");
  client.Command("RCPT TO:<pat@contoso.com>");
  client.Command("DATA");
  f.sink.Hold();
  client.Send(kMessage);
  ASSERT_TRUE(f.sink.WaitFor(1));

  auto stopped = std::async(std::launch::async, [&] { f.server->Stop(); });
  f.sink.Release({250, "2.0.0", "queued as 1"});
  stopped.wait();

  const std::string rest = client.ReadUntilClosed();
  EXPECT_THAT(rest, StartsWith("250 2.0.0 queued as 1\r\n421 4.3.2"));
}

TEST(SmtpServerTest, NoNewConnectionsAfterStop) {
  ServerFixture f;
  auto port = f.Start(ServerFixture::Config({testing::PlainListener()}));
  ASSERT_TRUE(port) << port.error().message;

  f.server->Stop();
  SmtpTestClient client(*port);

  EXPECT_FALSE(client.connected());
}

}  // namespace
}  // namespace graphpost::smtp
