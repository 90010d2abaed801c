#include "smtp/session.hpp"

#include <gtest/gtest.h>

#include "smtp/session_test_support.hpp"

namespace graphpost::smtp {
namespace {

TEST(SessionTest, GreetsWith220) {
  Session session(TestConfig(), kTestPeer, "s1");

  const Step step = session.Start();

  EXPECT_EQ(step.output, "220 mx.test ESMTP graphpost\r\n");
  EXPECT_EQ(step.next, Next::kRead);
}

TEST(SessionTest, EhloAdvertisesEveryExtension) {
  Session session(TestConfig(), kTestPeer, "s1");
  session.Start();

  EXPECT_EQ(session.Feed("EHLO client.test\r\n").output, kEhloReply);
}

TEST(SessionTest, EhloLeavesOutStartTlsWhenActiveAndAuthWhenTlsIsNeeded) {
  SessionConfig config = TestConfig();
  config.auth_without_tls = false;
  Session plain(config, kTestPeer, "s1");
  config.tls_active = true;
  Session tls(config, kTestPeer, "s2");
  config.tls_available = false;
  config.tls_active = false;
  config.auth_offered = false;
  Session bare(config, kTestPeer, "s3");

  const std::string base =
      "250-mx.test\r\n250-PIPELINING\r\n250-SIZE 36700160\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n"
      "250-ENHANCEDSTATUSCODES\r\n250-CHUNKING\r\n";
  EXPECT_EQ(plain.Feed("EHLO c\r\n").output, base + "250-DSN\r\n250 STARTTLS\r\n");
  EXPECT_EQ(tls.Feed("EHLO c\r\n").output, base + "250-DSN\r\n250 AUTH PLAIN LOGIN\r\n");
  EXPECT_EQ(bare.Feed("EHLO c\r\n").output, base + "250 DSN\r\n");
}

TEST(SessionTest, HeloRepliesWithoutEnhancedCodes) {
  SessionConfig config = TestConfig();
  config.anonymous = TestAccount();
  Session session(config, kTestPeer, "s1");

  EXPECT_EQ(session.Feed("HELO client.test\r\n").output, "250 mx.test\r\n");
  EXPECT_EQ(session.Feed("MAIL FROM:<a@b.test>\r\n").output, "250 Sender <a@b.test> OK\r\n");
  EXPECT_EQ(session.Feed("NOOP\r\n").output, "250 OK\r\n");
}

TEST(SessionTest, SimpleCommandsAnswerWithEnhancedCodes) {
  Session session(TestConfig(), kTestPeer, "s1");
  session.Feed("EHLO c\r\n");

  EXPECT_EQ(session.Feed("NOOP\r\n").output, "250 2.0.0 OK\r\n");
  EXPECT_EQ(session.Feed("RSET\r\n").output, "250 2.0.0 OK\r\n");
  EXPECT_EQ(session.Feed("VRFY pat\r\n").output,
            "252 2.5.0 Cannot VRFY a user, but will accept the message and try delivery\r\n");
  EXPECT_EQ(session.Feed("EXPN staff\r\n").output, "502 5.5.1 EXPN is not supported\r\n");
  EXPECT_EQ(session.Feed("HELP\r\n").output,
            "214-2.0.0 graphpost SMTP submission; commands:\r\n"
            "214 2.0.0 EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP AUTH STARTTLS\r\n");
  EXPECT_EQ(session.Feed("BOGUS\r\n").output, "500 5.5.1 Unknown command\r\n");
}

TEST(SessionTest, QuitSays221AndCloses) {
  Session session(TestConfig(), kTestPeer, "s1");
  session.Feed("EHLO c\r\n");

  const Step step = session.Feed("QUIT\r\nNOOP\r\n");

  EXPECT_EQ(step.output, "221 2.0.0 mx.test closing connection\r\n");
  EXPECT_EQ(step.next, Next::kClose);
  EXPECT_EQ(session.Feed("NOOP\r\n").next, Next::kClose);
}

TEST(SessionTest, CommandsBeforeEhloAreRefusedWithoutEnhancedCodes) {
  Session session(TestConfig(), kTestPeer, "s1");

  EXPECT_EQ(session.Feed("MAIL FROM:<a@b.test>\r\n").output, "503 Send EHLO or HELO first\r\n");
  EXPECT_EQ(session.Feed("AUTH PLAIN\r\n").output, "503 Send EHLO before AUTH\r\n");
}

TEST(SessionTest, MailWithoutAuthIsRefused) {
  Session session(TestConfig(), kTestPeer, "s1");
  session.Feed("EHLO c\r\n");

  EXPECT_EQ(session.Feed("MAIL FROM:<a@b.test>\r\n").output,
            "530 5.7.0 Authentication required\r\n");
}

TEST(SessionTest, MailWithoutAuthBeforeTlsSaysToStartTls) {
  SessionConfig config = TestConfig();
  config.auth_without_tls = false;
  Session session(config, kTestPeer, "s1");
  session.Feed("EHLO c\r\n");

  EXPECT_EQ(session.Feed("MAIL FROM:<a@b.test>\r\n").output,
            "530 5.7.0 Authentication required; send STARTTLS, then AUTH\r\n");
}

TEST(SessionTest, AnonymousRangeMaySendWithoutAuth) {
  SessionConfig config = TestConfig();
  config.anonymous = Principal{Principal::Kind::kRange, "10.0.0.0/8", {"demo"}, {}};
  Session session(config, kTestPeer, "s1");
  session.Feed("EHLO c\r\n");

  EXPECT_EQ(session.Feed("MAIL FROM:<a@b.test>\r\n").output, "250 2.1.0 Sender <a@b.test> OK\r\n");
  ASSERT_TRUE(session.principal());
  EXPECT_EQ(session.principal()->Label(), "range:10.0.0.0/8");
}

TEST(SessionTest, AWholeMessageIsSubmittedAndAcknowledged) {
  Session session(TestConfig(), kTestPeer, "s1");
  Authenticate(session);

  EXPECT_EQ(session.Feed("MAIL FROM:<scan@b.test> BODY=8BITMIME ENVID=e1\r\n").output,
            "250 2.1.0 Sender <scan@b.test> OK\r\n");
  EXPECT_EQ(session.Feed("RCPT TO:<pat@c.test> NOTIFY=NEVER\r\n").output,
            "250 2.1.5 Recipient <pat@c.test> OK\r\n");
  EXPECT_EQ(session.Feed("DATA\r\n").output, "354 End data with <CR><LF>.<CR><LF>\r\n");
  EXPECT_TRUE(session.in_data());
  const Step step = session.Feed("Subject: hi\r\n\r\n..dots\r\nbody\r\n.\r\n");

  EXPECT_EQ(step.output, "");
  ASSERT_EQ(step.next, Next::kSubmit);
  ASSERT_TRUE(step.submission);
  EXPECT_EQ(step.submission->mime, "Subject: hi\r\n\r\n.dots\r\nbody\r\n");
  EXPECT_EQ(step.submission->mail_from, "scan@b.test");
  EXPECT_EQ(step.submission->rcpt_to, std::vector<std::string>{"pat@c.test"});
  EXPECT_EQ(step.submission->body_type, "8BITMIME");
  EXPECT_EQ(step.submission->envid, "e1");
  EXPECT_EQ(step.submission->session_id, "s1");
  EXPECT_EQ(step.submission->principal.Label(), "account:scanner");
  EXPECT_EQ(step.submission->peer.address, "127.0.0.1");
  EXPECT_FALSE(session.in_data());
  EXPECT_EQ(session.Submitted(Reply{250, "2.0.0", "queued as q1"}).output,
            "250 2.0.0 queued as q1\r\n");
  EXPECT_EQ(session.counters().messages_accepted, 1);
}

TEST(SessionTest, PipelinedCommandsAreAnsweredInOrderInOneStep) {
  Session session(TestConfig(), kTestPeer, "s1");
  Authenticate(session);

  const Step step = session.Feed(
      "MAIL FROM:<a@b.test>\r\nRCPT TO:<x@c.test>\r\nRCPT TO:<bad@>\r\nRCPT TO:<y@c.test>\r\n"
      "DATA\r\n");

  EXPECT_EQ(step.output,
            "250 2.1.0 Sender <a@b.test> OK\r\n"
            "250 2.1.5 Recipient <x@c.test> OK\r\n"
            "501 5.1.3 Bad recipient address: the domain is empty at character 5 of the address\r\n"
            "250 2.1.5 Recipient <y@c.test> OK\r\n"
            "354 End data with <CR><LF>.<CR><LF>\r\n");
}

TEST(SessionTest, CommandsAfterTheMessageWaitForTheSubmission) {
  Session session(TestConfig(), kTestPeer, "s1");
  Authenticate(session);

  const Step submit = session.Feed("MAIL FROM:<a@b.test>\r\nRCPT TO:<x@c.test>\r\nDATA\r\n");
  const Step data = session.Feed("m1\r\n.\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<z@c.test>\r\n");
  const Step more = session.Feed("DATA\r\n");  // still waiting: nothing answered

  ASSERT_EQ(data.next, Next::kSubmit);
  EXPECT_EQ(more.output, "");
  EXPECT_EQ(session.Submitted(Reply{250, "2.0.0", "queued"}).output,
            "250 2.0.0 queued\r\n250 2.1.0 Sender <a@b.test> OK\r\n"
            "250 2.1.5 Recipient <z@c.test> OK\r\n354 End data with <CR><LF>.<CR><LF>\r\n");
}

TEST(SessionTest, ARefusedSubmissionResetsTheTransaction) {
  Session session(TestConfig(), kTestPeer, "s1");
  Authenticate(session);
  session.Feed("MAIL FROM:<a@b.test>\r\nRCPT TO:<x@c.test>\r\nDATA\r\nm\r\n.\r\n");

  EXPECT_EQ(session.Submitted(Reply{550, "5.7.1", "a@b.test may not send"}).output,
            "550 5.7.1 a@b.test may not send\r\n");
  EXPECT_EQ(session.Feed("RCPT TO:<x@c.test>\r\n").output, "503 5.5.1 Send MAIL first\r\n");
  EXPECT_EQ(session.counters().messages_refused, 1);
}

TEST(SessionTest, ASinkReplyIsAlwaysOneLine) {
  Session session(TestConfig(), kTestPeer, "s1");
  Authenticate(session);
  session.Feed("MAIL FROM:<a@b.test>\r\nRCPT TO:<x@c.test>\r\nDATA\r\nm\r\n.\r\n");

  EXPECT_EQ(session.Submitted(Reply{451, "4.3.0", "store\r\n250 fine"}).output,
            "451 4.3.0 store  250 fine\r\n");
}

TEST(SessionTest, ASubmissionAnsweredAfterShutdownStaysClosedButCounts) {
  Session session(TestConfig(), kTestPeer, "s1");
  Authenticate(session);
  session.Feed("MAIL FROM:<a@b.test>\r\nRCPT TO:<x@c.test>\r\nDATA\r\nm\r\n.\r\n");
  session.ShuttingDown();

  const Step step = session.Submitted(Reply{250, "2.0.0", "queued"});

  EXPECT_EQ(step.output, "");
  EXPECT_EQ(step.next, Next::kClose);
  EXPECT_EQ(session.counters().messages_accepted, 1);
}

TEST(SessionTest, A421SubmissionReplyCloses) {
  Session session(TestConfig(), kTestPeer, "s1");
  Authenticate(session);
  session.Feed("MAIL FROM:<a@b.test>\r\nRCPT TO:<x@c.test>\r\nDATA\r\nm\r\n.\r\n");

  const Step step = session.Submitted(Reply{421, "4.3.2", "shutting down"});

  EXPECT_EQ(step.output, "421 4.3.2 shutting down\r\n");
  EXPECT_EQ(step.next, Next::kClose);
}

TEST(SessionTest, CommandsSplitAcrossFeedsAreJoined) {
  Session session(TestConfig(), kTestPeer, "s1");

  EXPECT_EQ(session.Feed("EH").output, "");
  EXPECT_EQ(session.Feed("LO c\r").output, "");
  EXPECT_EQ(session.Feed("\nNO").output, kEhloReply);
  EXPECT_EQ(session.Feed("OP\r\n").output, "250 2.0.0 OK\r\n");
}

TEST(SessionTest, StartTlsDiscardsPipelinedCommandsAndResetsToBeforeEhlo) {
  Session session(TestConfig(), kTestPeer, "s1");
  session.Feed("EHLO c\r\n");

  const Step step = session.Feed("STARTTLS\r\nMAIL FROM:<evil@x.test>\r\n");
  const Step during = session.Feed("RCPT TO:<evil@x.test>\r\n");  // before the handshake
  const Step after = session.TlsStarted();

  EXPECT_EQ(step.output, "220 2.0.0 Ready to start TLS\r\n");
  EXPECT_EQ(step.next, Next::kStartTls);
  EXPECT_EQ(during.output, "");
  EXPECT_EQ(after.output, "");
  EXPECT_EQ(after.next, Next::kRead);
  EXPECT_EQ(session.Feed("MAIL FROM:<a@b.test>\r\n").output, "503 Send EHLO or HELO first\r\n");
  EXPECT_TRUE(session.counters().tls);
  EXPECT_EQ(session.Feed("EHLO c\r\n").output,
            "250-mx.test\r\n250-PIPELINING\r\n250-SIZE 36700160\r\n250-8BITMIME\r\n"
            "250-SMTPUTF8\r\n250-ENHANCEDSTATUSCODES\r\n250-CHUNKING\r\n250-DSN\r\n"
            "250 AUTH PLAIN LOGIN\r\n");
  EXPECT_EQ(session.Feed("STARTTLS\r\n").output, "503 5.5.1 TLS is already active\r\n");
}

TEST(SessionTest, StartTlsForgetsAnEarlierAuth) {
  Session session(TestConfig(), kTestPeer, "s1");
  Authenticate(session);
  session.Feed("STARTTLS\r\n");
  session.TlsStarted();
  session.Feed("EHLO c\r\n");

  EXPECT_FALSE(session.principal());
  EXPECT_EQ(session.Feed("MAIL FROM:<a@b.test>\r\n").output,
            "530 5.7.0 Authentication required\r\n");
}

TEST(SessionTest, StartTlsWithoutACertificateIsRefused) {
  SessionConfig config = TestConfig();
  config.tls_available = false;
  Session session(config, kTestPeer, "s1");
  session.Feed("EHLO c\r\n");

  EXPECT_EQ(session.Feed("STARTTLS\r\n").output, "502 5.5.1 STARTTLS is not available\r\n");
}

TEST(SessionTest, RsetClearsTheTransaction) {
  Session session(TestConfig(), kTestPeer, "s1");
  Authenticate(session);

  const Step step = session.Feed(
      "MAIL FROM:<a@b.test>\r\nRSET\r\nRCPT TO:<x@c.test>\r\n"
      "MAIL FROM:<a@b.test>\r\nMAIL FROM:<a@b.test>\r\n");

  EXPECT_EQ(step.output,
            "250 2.1.0 Sender <a@b.test> OK\r\n250 2.0.0 OK\r\n503 5.5.1 Send MAIL first\r\n"
            "250 2.1.0 Sender <a@b.test> OK\r\n"
            "503 5.5.1 Nested MAIL command; send RSET to start over\r\n");
}

TEST(SessionTest, DataNeedsRecipients) {
  Session session(TestConfig(), kTestPeer, "s1");
  Authenticate(session);

  EXPECT_EQ(session.Feed("DATA\r\n").output, "503 5.5.1 Send MAIL first\r\n");
  EXPECT_EQ(session.Feed("MAIL FROM:<a@b.test>\r\nDATA\r\n").output,
            "250 2.1.0 Sender <a@b.test> OK\r\n554 5.5.1 No valid recipients\r\n");
}

TEST(SessionTest, Utf8RecipientNeedsSmtputf8) {
  Session session(TestConfig(), kTestPeer, "s1");
  Authenticate(session);

  const Step step = session.Feed(
      "MAIL FROM:<a@b.test>\r\nRCPT TO:<j\xC3\xB6rg@c.test>\r\nRSET\r\n"
      "MAIL FROM:<a@b.test> SMTPUTF8\r\nRCPT TO:<j\xC3\xB6rg@c.test>\r\n");

  EXPECT_EQ(step.output,
            "250 2.1.0 Sender <a@b.test> OK\r\n"
            "553 5.6.7 The recipient address has non-ASCII characters; add SMTPUTF8 to MAIL "
            "FROM\r\n250 2.0.0 OK\r\n250 2.1.0 Sender <a@b.test> OK\r\n"
            "250 2.1.5 Recipient <j\xC3\xB6rg@c.test> OK\r\n");
}

TEST(SessionTest, TimeoutAndShutdownSay421AndClose) {
  Session idle(TestConfig(), kTestPeer, "s1");
  Session stopping(TestConfig(), kTestPeer, "s2");
  stopping.Feed("EHLO c\r\n");

  const Step timeout = idle.IdleTimeout();
  const Step shutdown = stopping.ShuttingDown();

  EXPECT_EQ(timeout.output, "421 mx.test Timeout waiting for the client; closing\r\n");
  EXPECT_EQ(timeout.next, Next::kClose);
  EXPECT_EQ(shutdown.output, "421 4.3.2 mx.test Service shutting down; closing\r\n");
  EXPECT_EQ(shutdown.next, Next::kClose);
}

TEST(SessionTest, CountsBytesAndCommands) {
  Session session(TestConfig(), kTestPeer, "s1");

  session.Feed("EHLO c\r\nNOOP\r\n");

  EXPECT_EQ(session.counters().bytes_received, 14u);
  EXPECT_EQ(session.counters().commands, 2);
}

}  // namespace
}  // namespace graphpost::smtp

namespace graphpost::smtp {
namespace {

TEST(SessionTest, Smtputf8MessageIsMarkedInTheSubmission) {
  Session session(TestConfig(), kTestPeer, "s1");
  Authenticate(session);

  const Step step = session.Feed(
      "MAIL FROM:<j\xC3\xB6rg@b.test> SMTPUTF8 BODY=8BITMIME\r\nRCPT TO:<x@c.test>\r\nDATA\r\n"
      "Subject: \xC3\xA9t\xC3\xA9\r\n\r\nm\r\n.\r\n");

  ASSERT_EQ(step.next, Next::kSubmit);
  EXPECT_TRUE(step.submission->smtputf8);
  EXPECT_EQ(step.submission->mail_from, "j\xC3\xB6rg@b.test");
  EXPECT_EQ(step.submission->mime, "Subject: \xC3\xA9t\xC3\xA9\r\n\r\nm\r\n");
}

TEST(SessionTest, EhloInsideATransactionStartsOver) {
  Session session(TestConfig(), kTestPeer, "s1");
  Authenticate(session);
  session.Feed("MAIL FROM:<a@b.test>\r\n");

  session.Feed("EHLO again\r\n");

  EXPECT_EQ(session.Feed("RCPT TO:<x@c.test>\r\n").output, "503 5.5.1 Send MAIL first\r\n");
  EXPECT_EQ(session.Feed("MAIL FROM:<a@b.test>\r\n").output, "250 2.1.0 Sender <a@b.test> OK\r\n");
}

}  // namespace
}  // namespace graphpost::smtp
