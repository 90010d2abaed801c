#include "core/base64.hpp"

#include <gtest/gtest.h>

namespace graphpost {
namespace {

TEST(Base64Test, RoundTripsEveryLength) {
  std::string bytes;
  for (int i = 0; i < 40; ++i) {
    EXPECT_EQ(Base64Decode(Base64Encode(bytes)), bytes);
    EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(bytes)), bytes);
    bytes.push_back(static_cast<char>(i * 73));
  }
}

TEST(Base64Test, EncodesKnownVectors) {
  EXPECT_EQ(Base64Encode("Hello World!"), "SGVsbG8gV29ybGQh");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
}

TEST(Base64Test, SkipsMimeLineBreaks) { EXPECT_EQ(Base64Decode("SGVs\r\nbG8="), "Hello"); }

TEST(Base64Test, RejectsStrayCharacters) {
  EXPECT_FALSE(Base64Decode("SGV*bG8="));
  EXPECT_FALSE(Base64Decode("S"));
  EXPECT_FALSE(Base64Decode("Zg==Zg"));
  EXPECT_FALSE(Base64UrlDecode("a+b/"));
}

}  // namespace
}  // namespace graphpost
