#include <string>

#include <gtest/gtest.h>

#include "smtp/session.hpp"
#include "smtp/session_test_support.hpp"

namespace graphpost::smtp {
namespace {

SessionConfig WithLimits(SessionLimits limits) {
  SessionConfig config = TestConfig();
  config.limits = limits;
  return config;
}

TEST(SessionLimitsTest, TenThousandRecipientsGet452PastTheLimitAndTheSessionGoesOn) {
  Session session(TestConfig(), kTestPeer, "s1");
  Authenticate(session);
  std::string commands = "MAIL FROM:<a@b.test>\r\n";
  for (int i = 0; i < 10000; ++i) commands += "RCPT TO:<r" + std::to_string(i) + "@c.test>\r\n";

  const Step step = session.Feed(commands + "DATA\r\n");
  const Step data = session.Feed("m\r\n.\r\n");

  EXPECT_NE(step.output.find("250 2.1.5 Recipient <r499@c.test> OK\r\n"
                             "452 4.5.3 Too many recipients; send the rest in another message\r\n"),
            std::string::npos);
  EXPECT_NE(step.output.find("354 "), std::string::npos);
  ASSERT_EQ(data.next, Next::kSubmit);
  EXPECT_EQ(data.submission->rcpt_to.size(), 500u);
  EXPECT_EQ(session.counters().errors, 0);
}

TEST(SessionLimitsTest, DuplicateRecipientsAreKeptOnce) {
  Session session(TestConfig(), kTestPeer, "s1");
  Authenticate(session);

  const Step step = session.Feed(
      "MAIL FROM:<a@b.test>\r\nRCPT TO:<x@c.test>\r\nRCPT TO:<X@C.test>\r\nDATA\r\nm\r\n.\r\n");

  ASSERT_EQ(step.next, Next::kSubmit);
  EXPECT_EQ(step.submission->rcpt_to, std::vector<std::string>{"x@c.test"});
}

TEST(SessionLimitsTest, OverlongCommandLineIs500AndTheRestOfItIsDropped) {
  Session session(TestConfig(), kTestPeer, "s1");
  session.Feed("EHLO c\r\n");

  const Step first = session.Feed("NOOP " + std::string(3000, 'x'));
  const Step second = session.Feed(std::string(5000, 'x') + "\r\nNOOP\r\n");

  EXPECT_EQ(first.output, "500 5.5.6 Line too long (the limit is 2048 bytes)\r\n");
  EXPECT_EQ(second.output, "250 2.0.0 OK\r\n");
}

TEST(SessionLimitsTest, OverlongLineWithItsEndInOneFeedIs500) {
  Session session(TestConfig(), kTestPeer, "s1");
  session.Feed("EHLO c\r\n");

  EXPECT_EQ(session.Feed("NOOP " + std::string(2100, 'x') + "\r\nNOOP\r\n").output,
            "500 5.5.6 Line too long (the limit is 2048 bytes)\r\n250 2.0.0 OK\r\n");
}

TEST(SessionLimitsTest, MaxErrorsCloses) {
  Session session(WithLimits({.max_errors = 3}), kTestPeer, "s1");
  session.Feed("EHLO c\r\n");

  const Step step = session.Feed("FOO\r\nBAR\r\nBAZ\r\nNOOP\r\n");

  EXPECT_EQ(step.output,
            "500 5.5.1 Unknown command\r\n500 5.5.1 Unknown command\r\n500 5.5.1 Unknown "
            "command\r\n421 4.7.0 mx.test Too many errors; closing the connection\r\n");
  EXPECT_EQ(step.next, Next::kClose);
}

TEST(SessionLimitsTest, MaxCommandsCloses) {
  Session session(WithLimits({.max_commands = 3}), kTestPeer, "s1");

  const Step step = session.Feed("NOOP\r\nNOOP\r\nNOOP\r\nNOOP\r\n");

  EXPECT_EQ(step.output,
            "250 OK\r\n250 OK\r\n250 OK\r\n421 mx.test Too many commands in one session; "
            "closing\r\n");
  EXPECT_EQ(step.next, Next::kClose);
}

TEST(SessionLimitsTest, MaxRecipientsIsConfigurable) {
  Session session(WithLimits({.max_recipients = 1}), kTestPeer, "s1");
  Authenticate(session);

  EXPECT_EQ(
      session.Feed("MAIL FROM:<a@b.test>\r\nRCPT TO:<x@c.test>\r\nRCPT TO:<y@c.test>\r\n").output,
      "250 2.1.0 Sender <a@b.test> OK\r\n250 2.1.5 Recipient <x@c.test> OK\r\n"
      "452 4.5.3 Too many recipients; send the rest in another message\r\n");
}

TEST(SessionLimitsTest, MaxMessagesCloses) {
  Session session(WithLimits({.max_messages = 1}), kTestPeer, "s1");
  Authenticate(session);
  session.Feed("MAIL FROM:<a@b.test>\r\nRCPT TO:<x@c.test>\r\nDATA\r\nm\r\n.\r\n");
  session.Submitted(Reply{250, "2.0.0", "queued"});

  const Step step = session.Feed("MAIL FROM:<a@b.test>\r\n");

  EXPECT_EQ(step.output, "421 4.7.0 mx.test Too many messages in one session; reconnect\r\n");
  EXPECT_EQ(step.next, Next::kClose);
}

TEST(SessionLimitsTest, SizeIsAdvertisedFromTheLimit) {
  Session session(WithLimits({.max_message_bytes = 1000}), kTestPeer, "s1");

  EXPECT_NE(session.Feed("EHLO c\r\n").output.find("250-SIZE 1000\r\n"), std::string::npos);
}

TEST(SessionLimitsTest, ClientClosingMidDataNeedsNoFinalCall) {
  SessionCounters counters;
  {
    Session session(TestConfig(), kTestPeer, "s1");
    Authenticate(session);
    session.Feed("MAIL FROM:<a@b.test>\r\nRCPT TO:<x@c.test>\r\nDATA\r\nhalf a mess");
    counters = session.counters();
  }  // the listener drops the session: nothing submitted, nothing to flush

  EXPECT_EQ(counters.messages_accepted, 0);
  EXPECT_EQ(counters.messages_refused, 0);
}

}  // namespace
}  // namespace graphpost::smtp
