#include <gtest/gtest.h>

#include "core/base64.hpp"
#include "smtp/session.hpp"
#include "smtp/session_test_support.hpp"

namespace graphpost::smtp {
namespace {

class SessionAuthTest : public ::testing::Test {
 protected:
  SessionAuthTest() : session_(TestConfig(), kTestPeer, "s1") {
    session_.Start();
    session_.Feed("EHLO c\r\n");
  }
  Session session_;
};

TEST_F(SessionAuthTest, PlainWithInitialResponseAsksTheAuthenticator) {
  const Step step = session_.Feed("AUTH PLAIN AHNjYW5uZXIAcGFzcw==\r\n");  // \0scanner\0pass

  EXPECT_EQ(step.output, "");
  ASSERT_EQ(step.next, Next::kAuthenticate);
  EXPECT_EQ(step.auth_username, "scanner");
  EXPECT_EQ(step.auth_password.Reveal(), "pass");
  EXPECT_EQ(session_.Authenticated(TestAccount()).output,
            "235 2.7.0 Authentication successful\r\n");
  EXPECT_TRUE(session_.counters().authenticated);
  EXPECT_EQ(session_.principal()->Label(), "account:scanner");
}

TEST_F(SessionAuthTest, PlainWithAContinuation) {
  EXPECT_EQ(session_.Feed("AUTH PLAIN\r\n").output, "334 \r\n");
  const Step step = session_.Feed("c2Nhbm5lcgBzY2FubmVyAHBhc3M=\r\n");  // scanner\0scanner\0pass

  ASSERT_EQ(step.next, Next::kAuthenticate);
  EXPECT_EQ(step.auth_username, "scanner");
  EXPECT_EQ(step.auth_password.Reveal(), "pass");
}

TEST_F(SessionAuthTest, PlainRefusesAnotherAuthorizationIdentity) {
  const Step step =
      session_.Feed("AUTH PLAIN Ym9zcwBzY2FubmVyAHBhc3M=\r\n");  // boss\0scanner\0pass

  EXPECT_EQ(step.next, Next::kRead);
  EXPECT_EQ(step.output,
            "535 5.7.8 Authentication credentials invalid: the authorization identity must be "
            "empty or the user name\r\n");
}

TEST_F(SessionAuthTest, PlainRefusesAResponseWithoutTwoNuls) {
  EXPECT_EQ(session_.Feed("AUTH PLAIN c2Nhbm5lcg==\r\n").output,  // "scanner"
            "501 5.5.2 The PLAIN response must be: authzid NUL user NUL password\r\n");
}

TEST_F(SessionAuthTest, LoginAsksForUserAndPassword) {
  EXPECT_EQ(session_.Feed("AUTH LOGIN\r\n").output, "334 VXNlcm5hbWU6\r\n");
  EXPECT_EQ(session_.Feed("c2Nhbm5lcg==\r\n").output, "334 UGFzc3dvcmQ6\r\n");
  const Step step = session_.Feed("cGFzcw==\r\n");

  ASSERT_EQ(step.next, Next::kAuthenticate);
  EXPECT_EQ(step.auth_username, "scanner");
  EXPECT_EQ(step.auth_password.Reveal(), "pass");
}

TEST_F(SessionAuthTest, LoginWithTheUserNameOnTheCommandLine) {
  EXPECT_EQ(session_.Feed("AUTH LOGIN c2Nhbm5lcg==\r\n").output, "334 UGFzc3dvcmQ6\r\n");
  EXPECT_EQ(session_.Feed("cGFzcw==\r\n").auth_username, "scanner");
}

TEST_F(SessionAuthTest, AStarCancels) {
  session_.Feed("AUTH LOGIN\r\n");

  EXPECT_EQ(session_.Feed("*\r\n").output, "501 5.0.0 Authentication cancelled\r\n");
  EXPECT_EQ(session_.Feed("NOOP\r\n").output, "250 2.0.0 OK\r\n");
}

TEST_F(SessionAuthTest, BadBase64Is501) {
  EXPECT_EQ(session_.Feed("AUTH PLAIN !!!\r\n").output,
            "501 5.5.2 Cannot decode the base64 response\r\n");
  session_.Feed("AUTH PLAIN\r\n");
  EXPECT_EQ(session_.Feed("%%%\r\n").output, "501 5.5.2 Cannot decode the base64 response\r\n");
}

TEST_F(SessionAuthTest, UnknownMechanismIs504) {
  EXPECT_EQ(session_.Feed("AUTH CRAM-MD5\r\n").output,
            "504 5.5.4 Unrecognized authentication type; use PLAIN or LOGIN\r\n");
}

TEST_F(SessionAuthTest, WrongPasswordIs535AndNeverEchoesTheSecret) {
  const Step ask = session_.Feed("AUTH PLAIN AHNjYW5uZXIAaHVudGVyMg==\r\n");  // hunter2

  const Step step = session_.Authenticated(Fail(ErrorCode::kUnauthenticated, "no"));

  EXPECT_EQ(ask.auth_password.Reveal(), "hunter2");
  EXPECT_EQ(step.output, "535 5.7.8 Authentication credentials invalid\r\n");
  EXPECT_EQ(step.output.find("hunter2"), std::string::npos);
  EXPECT_EQ(step.output.find("scanner"), std::string::npos);
  EXPECT_FALSE(session_.principal());
  EXPECT_EQ(session_.counters().errors, 1);
}

TEST_F(SessionAuthTest, ThrottledIs454WithTheWait) {
  session_.Feed("AUTH PLAIN AHNjYW5uZXIAcGFzcw==\r\n");
  Error throttled{ErrorCode::kThrottled, "slow down", std::chrono::seconds(30), {}};

  EXPECT_EQ(session_.Authenticated(tl::unexpected(throttled)).output,
            "454 4.7.0 Too many failed logins from your address; try again in 30 seconds\r\n");
}

TEST_F(SessionAuthTest, UnavailableStoreIs454) {
  session_.Feed("AUTH PLAIN AHNjYW5uZXIAcGFzcw==\r\n");

  EXPECT_EQ(session_.Authenticated(Fail(ErrorCode::kUnavailable, "db")).output,
            "454 4.7.0 Temporary authentication failure; try again later\r\n");
}

TEST_F(SessionAuthTest, RepeatedFailuresReachMaxErrorsAndClose) {
  Step step;
  for (int i = 0; i < 10; ++i) {
    session_.Feed("AUTH PLAIN AHNjYW5uZXIAcGFzcw==\r\n");
    step = session_.Authenticated(Fail(ErrorCode::kUnauthenticated, "no"));
  }

  EXPECT_EQ(step.output,
            "535 5.7.8 Authentication credentials invalid\r\n"
            "421 4.7.0 mx.test Too many errors; closing the connection\r\n");
  EXPECT_EQ(step.next, Next::kClose);
}

TEST_F(SessionAuthTest, SecondAuthIsRefused) {
  session_.Feed("AUTH PLAIN AHNjYW5uZXIAcGFzcw==\r\n");
  session_.Authenticated(TestAccount());

  EXPECT_EQ(session_.Feed("AUTH PLAIN AHNjYW5uZXIAcGFzcw==\r\n").output,
            "503 5.5.1 Already authenticated\r\n");
}

TEST_F(SessionAuthTest, PipelinedCommandsAfterAuthWaitForTheCheck) {
  const Step step = session_.Feed("AUTH PLAIN AHNjYW5uZXIAcGFzcw==\r\nMAIL FROM:<a@b.test>\r\n");

  ASSERT_EQ(step.next, Next::kAuthenticate);
  EXPECT_EQ(session_.Authenticated(TestAccount()).output,
            "235 2.7.0 Authentication successful\r\n250 2.1.0 Sender <a@b.test> OK\r\n");
}

TEST(SessionAuthPolicyTest, AuthBeforeTlsWhenNotAllowedIs538) {
  SessionConfig config = TestConfig();
  config.auth_without_tls = false;
  Session session(config, kTestPeer, "s1");
  session.Feed("EHLO c\r\n");

  EXPECT_EQ(session.Feed("AUTH PLAIN AHNjYW5uZXIAcGFzcw==\r\n").output,
            "538 5.7.11 Encryption required for requested authentication mechanism; send "
            "STARTTLS first\r\n");
}

TEST(SessionAuthPolicyTest, AuthAfterStartTlsIsAllowed) {
  SessionConfig config = TestConfig();
  config.auth_without_tls = false;
  Session session(config, kTestPeer, "s1");
  session.Feed("EHLO c\r\nSTARTTLS\r\n");
  session.TlsStarted();
  session.Feed("EHLO c\r\n");

  EXPECT_EQ(session.Feed("AUTH PLAIN AHNjYW5uZXIAcGFzcw==\r\n").next, Next::kAuthenticate);
}

TEST(SessionAuthPolicyTest, AuthWhenNoAccountsIs502) {
  SessionConfig config = TestConfig();
  config.auth_offered = false;
  Session session(config, kTestPeer, "s1");
  session.Feed("EHLO c\r\n");

  EXPECT_EQ(session.Feed("AUTH LOGIN\r\n").output, "502 5.5.1 AUTH is not available\r\n");
}

TEST(SessionAuthPolicyTest, AuthLinesMayBeLongerThanCommands) {
  Session session(TestConfig(), kTestPeer, "s1");
  session.Feed("EHLO c\r\n");
  const std::string long_password(6000, 'p');
  const std::string response = Base64Encode(std::string("\0u\0", 3) + long_password);

  const Step step = session.Feed("AUTH PLAIN " + response + "\r\n");

  ASSERT_EQ(step.next, Next::kAuthenticate);
  EXPECT_EQ(step.auth_password.Reveal(), long_password);
}

}  // namespace
}  // namespace graphpost::smtp
