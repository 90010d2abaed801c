#include <string>

#include <gtest/gtest.h>

#include "smtp/session.hpp"
#include "smtp/session_test_support.hpp"

namespace graphpost::smtp {
namespace {

constexpr const char* kEnvelope = "MAIL FROM:<a@b.test>\r\nRCPT TO:<x@c.test>\r\n";
constexpr const char* kEnvelopeReplies =
    "250 2.1.0 Sender <a@b.test> OK\r\n250 2.1.5 Recipient <x@c.test> OK\r\n";

class SessionDataTest : public ::testing::Test {
 protected:
  SessionDataTest() : session_(Config(), kTestPeer, "s1") { Authenticate(session_); }
  // Small limits, so the over-limit cases stay fast.
  static SessionConfig Config() {
    SessionConfig config = TestConfig();
    config.limits.max_message_bytes = 100000;
    config.limits.max_data_line = 10000;
    return config;
  }
  // MAIL, RCPT and DATA; the 354 seen.
  void StartData() {
    ASSERT_EQ(session_.Feed(std::string(kEnvelope) + "DATA\r\n").output,
              std::string(kEnvelopeReplies) + "354 End data with <CR><LF>.<CR><LF>\r\n");
  }
  Session session_;
};

TEST_F(SessionDataTest, ByteByByteFeedingGivesTheSameMessage) {
  StartData();
  const std::string body = "Subject: x\r\n\r\n..\r\n...\r\n.x\r\nend\r\n.\r\n";
  Step step;
  for (char c : body) step = session_.Feed(std::string(1, c));

  ASSERT_EQ(step.next, Next::kSubmit);
  EXPECT_EQ(step.submission->mime, "Subject: x\r\n\r\n.\r\n..\r\nx\r\nend\r\n");
}

TEST_F(SessionDataTest, EmptyMessageIsSubmitted) {
  StartData();

  const Step step = session_.Feed(".\r\n");

  ASSERT_EQ(step.next, Next::kSubmit);
  EXPECT_EQ(step.submission->mime, "");
}

TEST_F(SessionDataTest, MissingTerminatorSubmitsNothing) {
  StartData();

  const Step step = session_.Feed("Subject: x\r\n\r\nbody\r\n.\r");

  EXPECT_EQ(step.next, Next::kRead);
  EXPECT_FALSE(step.submission);
  EXPECT_TRUE(session_.in_data());
  EXPECT_EQ(session_.IdleTimeout().next, Next::kClose);
  EXPECT_EQ(session_.counters().messages_accepted, 0);
}

TEST_F(SessionDataTest, BareLfInsideTheMessageRefusesItAtTheEnd) {
  StartData();

  const Step step = session_.Feed("Subject: x\r\n\r\nline one\nline two\r\n.\r\nNOOP\r\n");

  EXPECT_EQ(step.next, Next::kRead);
  EXPECT_FALSE(step.submission);
  EXPECT_EQ(step.output,
            "554 5.6.0 Message refused: line 3 ends with a bare LF; SMTP needs CRLF line ends "
            "(RFC 5321 section 2.3.8); nothing was stored\r\n250 2.0.0 OK\r\n");
  EXPECT_EQ(session_.counters().messages_refused, 1);
}

TEST_F(SessionDataTest, BareLfTerminatorRefusesAndCloses) {
  StartData();

  const Step step = session_.Feed("Subject: x\n\nbody\n.\nMAIL FROM:<evil@x.test>\n");

  EXPECT_EQ(step.next, Next::kClose);
  EXPECT_FALSE(step.submission);
  EXPECT_EQ(step.output,
            "554 5.6.0 Message refused: it ends with a bare LF; SMTP needs CRLF line ends (RFC "
            "5321 section 2.3.8); nothing was stored\r\n");
}

TEST_F(SessionDataTest, LfDotCrLfIsNotATerminator) {
  StartData();

  // The SMTP smuggling pattern: only CRLF.CRLF ends the message, so the "MAIL" is content.
  const Step step = session_.Feed("body\n.\r\nMAIL FROM:<evil@x.test>\r\n.\r\n");

  EXPECT_EQ(step.output.substr(0, 9), "554 5.6.0");
  EXPECT_EQ(step.output.find("250"), std::string::npos);
}

TEST_F(SessionDataTest, MessageOverTheSizeLimitIsReadToTheEndThenRefused) {
  StartData();
  const std::string line(998, 'x');
  std::string body;
  for (int i = 0; i < 101; ++i) body += line + "\r\n";

  const Step step = session_.Feed(body + ".\r\nNOOP\r\n");

  EXPECT_FALSE(step.submission);
  EXPECT_EQ(step.output,
            "552 5.3.4 Message refused: it is larger than the limit of 100000 bytes; nothing "
            "was stored\r\n250 2.0.0 OK\r\n");
}

TEST_F(SessionDataTest, DeclaredSizeOverTheLimitIsRefusedAtMail) {
  EXPECT_EQ(session_.Feed("MAIL FROM:<a@b.test> SIZE=100001\r\n").output,
            "552 5.3.4 Message size exceeds the limit of 100000 bytes\r\n");
  EXPECT_EQ(session_.Feed("MAIL FROM:<a@b.test> SIZE=100000\r\n").output,
            "250 2.1.0 Sender <a@b.test> OK\r\n");
}

TEST_F(SessionDataTest, OverlongDataLineIsRefusedAfterTheTerminator) {
  StartData();
  const std::string longline(10001, 'y');

  EXPECT_EQ(session_.Feed(longline.substr(0, 6000)).output, "");
  const Step step = session_.Feed(longline.substr(6000) + "\r\nok\r\n.\r\n");

  EXPECT_FALSE(step.submission);
  EXPECT_EQ(step.output,
            "554 5.6.0 Message refused: line 1 is longer than 10000 bytes; nothing was "
            "stored\r\n");
}

TEST_F(SessionDataTest, BinaryMimeNeedsBdat) {
  EXPECT_EQ(session_.Feed("MAIL FROM:<a@b.test> BODY=BINARYMIME\r\nRCPT TO:<x@c.test>\r\nDATA\r\n")
                .output,
            std::string(kEnvelopeReplies) + "503 5.5.1 BODY=BINARYMIME needs BDAT, not DATA\r\n");
}

TEST_F(SessionDataTest, BdatChunksMakeOneBinarySafeMessage) {
  session_.Feed(kEnvelope);
  const std::string binary("a\0b\nc\r\n.\r\n", 11);

  const Step first = session_.Feed("BDAT 11\r\n" + binary);
  EXPECT_TRUE(session_.in_data() == false);
  const Step last = session_.Feed("BDAT 5 LAST\r\nhello");

  EXPECT_EQ(first.output, "250 2.0.0 11 octets received\r\n");
  ASSERT_EQ(last.next, Next::kSubmit);
  EXPECT_EQ(last.submission->mime, binary + "hello");
}

TEST_F(SessionDataTest, BdatBytesMayArriveInPieces) {
  session_.Feed(kEnvelope);

  EXPECT_EQ(session_.Feed("BDAT 10 LAST\r\n0123").output, "");
  EXPECT_TRUE(session_.in_data());
  const Step step = session_.Feed("456789");

  ASSERT_EQ(step.next, Next::kSubmit);
  EXPECT_EQ(step.submission->mime, "0123456789");
}

TEST_F(SessionDataTest, BdatZeroLastEndsTheMessage) {
  session_.Feed(kEnvelope);
  session_.Feed("BDAT 3\r\nabc");

  const Step step = session_.Feed("BDAT 0 LAST\r\n");

  ASSERT_EQ(step.next, Next::kSubmit);
  EXPECT_EQ(step.submission->mime, "abc");
}

TEST_F(SessionDataTest, BdatWithoutMailStillReadsItsBytes) {
  const Step step = session_.Feed("BDAT 15\r\nRSET\r\nQUIT\r\nxxxNOOP\r\n");

  EXPECT_EQ(step.output, "503 5.5.1 Send MAIL first\r\n250 2.0.0 OK\r\n");
  EXPECT_EQ(step.next, Next::kRead);
}

TEST_F(SessionDataTest, BdatOverTheLimitIsReadThenRefusedAndLaterChunksToo) {
  session_.Feed(kEnvelope);

  const Step step = session_.Feed("BDAT 100001\r\n");
  const Step body = session_.Feed(std::string(100001, 'z'));
  const Step more = session_.Feed("BDAT 2 LAST\r\nzzRSET\r\n");

  EXPECT_EQ(step.output, "");
  const std::string refusal =
      "552 5.3.4 Message refused: it is larger than the limit of 100000 bytes; nothing was "
      "stored\r\n";
  EXPECT_EQ(body.output, refusal);
  EXPECT_EQ(more.output, refusal + "250 2.0.0 OK\r\n");
  EXPECT_EQ(session_.counters().messages_refused, 1);
}

TEST_F(SessionDataTest, DataAfterBdatIsRefused) {
  session_.Feed(kEnvelope);
  session_.Feed("BDAT 1\r\nx");

  EXPECT_EQ(session_.Feed("DATA\r\n").output,
            "503 5.5.1 DATA cannot follow BDAT in one message\r\n");
}

TEST_F(SessionDataTest, MalformedBdatClosesBecauseItsBytesCannotBeFound) {
  session_.Feed(kEnvelope);

  const Step step = session_.Feed("BDAT ten\r\nMAIL FROM:<evil@x.test>\r\n");

  EXPECT_EQ(step.output,
            "501 5.5.4 Syntax: BDAT <size> [LAST]\r\n"
            "421 4.5.0 mx.test Cannot find the end of the BDAT chunk; closing\r\n");
  EXPECT_EQ(step.next, Next::kClose);
}

TEST_F(SessionDataTest, TwoMessagesInOneSession) {
  StartData();
  ASSERT_EQ(session_.Feed("one\r\n.\r\n").next, Next::kSubmit);
  session_.Submitted(Reply{250, "2.0.0", "queued"});
  StartData();
  const Step step = session_.Feed("two\r\n.\r\n");

  ASSERT_EQ(step.next, Next::kSubmit);
  EXPECT_EQ(step.submission->mime, "two\r\n");
}

}  // namespace
}  // namespace graphpost::smtp
