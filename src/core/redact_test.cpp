#include "core/redact.hpp"

#include <gtest/gtest.h>

namespace graphpost {
namespace {

TEST(RedactSecretTest, ReplacesEveryWholeOccurrenceOfALongSecret) {
  const std::string secret = "Qx8Q~s3cr3t.Value_42";

  std::string out = RedactSecret("echo " + secret + " and again:" + secret + ".", secret);

  EXPECT_EQ(out, "echo *** and again:***.");
}

TEST(RedactSecretTest, ALongSecretInsideOtherTextIsStillReplaced) {
  EXPECT_EQ(RedactSecret("xxJWTtokenValue99yy", "JWTtokenValue99"), "xx***yy");
}

TEST(RedactSecretTest, AOneCharacterSecretDoesNotMangleWords) {
  const std::string message = "Entra token endpoint: invalid_client (AADSTS7000215)";

  EXPECT_EQ(RedactSecret(message, "a"), message);
  EXPECT_EQ(RedactSecret(message, "7"), message);
}

TEST(RedactSecretTest, AShortSecretStandingAloneIsReplaced) {
  EXPECT_EQ(RedactSecret("client_secret=abc&scope=x", "abc"), "client_secret=***&scope=x");
  EXPECT_EQ(RedactSecret("abc", "abc"), "***");
}

TEST(RedactSecretTest, ThePercentEncodedFormIsReplacedToo) {
  const std::string secret = "Ab+c/D=e~f.g_h";

  std::string out = RedactSecret("body: client_secret=Ab%2Bc%2FD%3De~f.g_h&x=1", secret);

  EXPECT_EQ(out, "body: client_secret=***&x=1");
}

TEST(RedactSecretTest, AnEmptySecretChangesNothing) {
  EXPECT_EQ(RedactSecret("anything", ""), "anything");
}

TEST(RedactSecretTest, ASecretThatLooksLikeTheMaskEnds) {
  EXPECT_EQ(RedactSecret("a ** b", "**"), "a *** b");
}

TEST(RedactErrorTest, RedactsMessageAndRemoteCode) {
  Error e{ErrorCode::kUnauthenticated, "token tok-en-value-1 rejected", std::nullopt,
          "tok-en-value-1"};

  Error out = RedactError(e, "tok-en-value-1");

  EXPECT_EQ(out.message, "token *** rejected");
  EXPECT_EQ(out.remote_code, "***");
  EXPECT_EQ(out.code, ErrorCode::kUnauthenticated);
}

}  // namespace
}  // namespace graphpost
