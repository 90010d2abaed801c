#include "crypto/digest.hpp"

#include <gtest/gtest.h>

namespace graphpost::crypto {
namespace {

const std::string kKey(32, '\x42');

TEST(DigestTest, Sha1MatchesFips180Vector) {
  EXPECT_EQ(HexLower(Sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
}

TEST(DigestTest, Sha256MatchesFips180Vector) {
  EXPECT_EQ(HexLower(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(DigestTest, HmacSha256MatchesRfc4231Case2) {
  EXPECT_EQ(HexLower(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(DigestTest, HexEncodesBothCases) {
  EXPECT_EQ(HexLower(std::string("\x00\xab\xff", 3)), "00abff");
  EXPECT_EQ(HexUpper(std::string("\x00\xab\xff", 3)), "00ABFF");
  EXPECT_EQ(HexUpper(""), "");
}

TEST(DigestTest, ConstantTimeEqualsComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secreT"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secret2"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

TEST(Aes256GcmTest, SealThenOpenRoundTrips) {
  auto sealed = SealAes256Gcm(kKey, "hello vault", "conn-1");
  ASSERT_TRUE(sealed) << sealed.error().message;

  auto opened = OpenAes256Gcm(kKey, *sealed, "conn-1");

  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(*opened, "hello vault");
  EXPECT_EQ(sealed->size(), 12u + 11u + 16u);
}

TEST(Aes256GcmTest, EmptyPlaintextAndAadRoundTrip) {
  auto sealed = SealAes256Gcm(kKey, "", "");
  ASSERT_TRUE(sealed);

  auto opened = OpenAes256Gcm(kKey, *sealed, "");

  ASSERT_TRUE(opened);
  EXPECT_EQ(*opened, "");
}

TEST(Aes256GcmTest, EachSealUsesAFreshNonce) {
  auto a = SealAes256Gcm(kKey, "same", "");
  auto b = SealAes256Gcm(kKey, "same", "");

  ASSERT_TRUE(a && b);
  EXPECT_NE(a->substr(0, 12), b->substr(0, 12));
  EXPECT_NE(*a, *b);
}

// NIST GCM spec (McGrew & Viega), test case 14: AES-256, zero key, zero 96-bit IV.
TEST(Aes256GcmTest, OpensNistTestCase14) {
  std::string zeros(16, '\0');
  std::string sealed = std::string(12, '\0') +
                       "\xce\xa7\x40\x3d\x4d\x60\x6b\x6e\x07\x4e\xc5\xd3\xba\xf3\x9d\x18"
                       "\xd0\xd1\xc8\xa7\x99\x99\x6b\xf0\x26\x5b\x98\xb5\xd4\x8a\xb9\x19";

  auto opened = OpenAes256Gcm(std::string(32, '\0'), sealed, "");

  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(*opened, zeros);
}

TEST(Aes256GcmTest, WrongKeyIsPermissionDenied) {
  auto sealed = SealAes256Gcm(kKey, "hello", "aad");
  ASSERT_TRUE(sealed);

  auto opened = OpenAes256Gcm(std::string(32, '\x43'), *sealed, "aad");

  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kPermissionDenied);
}

TEST(Aes256GcmTest, WrongAadIsPermissionDenied) {
  auto sealed = SealAes256Gcm(kKey, "hello", "conn-1");
  ASSERT_TRUE(sealed);

  auto opened = OpenAes256Gcm(kKey, *sealed, "conn-2");

  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kPermissionDenied);
}

TEST(Aes256GcmTest, AnyFlippedByteIsPermissionDenied) {
  auto sealed = SealAes256Gcm(kKey, "hello", "aad");
  ASSERT_TRUE(sealed);

  for (std::size_t i = 0; i < sealed->size(); ++i) {
    std::string tampered = *sealed;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    auto opened = OpenAes256Gcm(kKey, tampered, "aad");
    ASSERT_FALSE(opened) << "byte " << i;
    EXPECT_EQ(opened.error().code, ErrorCode::kPermissionDenied) << "byte " << i;
  }
}

TEST(Aes256GcmTest, KeyOfWrongSizeIsInvalidArgument) {
  auto sealed = SealAes256Gcm(std::string(16, 'k'), "hello", "");
  auto opened = OpenAes256Gcm(std::string(31, 'k'), std::string(40, 'x'), "");

  ASSERT_FALSE(sealed);
  EXPECT_EQ(sealed.error().code, ErrorCode::kInvalidArgument);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kInvalidArgument);
}

TEST(Aes256GcmTest, TruncatedInputIsInvalidArgument) {
  auto opened = OpenAes256Gcm(kKey, std::string(27, 'x'), "");

  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace graphpost::crypto
