// Argon2id password hashes (libsodium), at the minimum limits so each test stays fast.
#include "crypto/password_hash.hpp"

#include <gtest/gtest.h>

namespace graphpost::crypto {
namespace {

const PasswordHashLimits kFast = PasswordHashLimits::Minimum();

TEST(PasswordHashTest, HashIsArgon2idTextWithoutThePassword) {
  auto hash = HashPassword(Secret("correct horse battery staple"), kFast);

  ASSERT_TRUE(hash) << hash.error().message;
  EXPECT_TRUE(hash->starts_with("$argon2id$v=19$m=")) << *hash;
  EXPECT_EQ(hash->find("correct horse"), std::string::npos);
  EXPECT_TRUE(LooksLikeArgon2idHash(*hash));
}

TEST(PasswordHashTest, TheRightPasswordVerifiesAndAWrongOneDoesNot) {
  auto hash = HashPassword(Secret("s3cret-printer"), kFast);
  ASSERT_TRUE(hash);

  EXPECT_TRUE(VerifyPassword(Secret("s3cret-printer"), *hash));
  EXPECT_FALSE(VerifyPassword(Secret("s3cret-Printer"), *hash));
  EXPECT_FALSE(VerifyPassword(Secret(""), *hash));
}

TEST(PasswordHashTest, TheSamePasswordHashesDifferentlyEachTime) {
  auto first = HashPassword(Secret("same"), kFast);
  auto second = HashPassword(Secret("same"), kFast);

  ASSERT_TRUE(first && second);
  EXPECT_NE(*first, *second);  // a fresh salt each time
}

TEST(PasswordHashTest, EmptyPasswordIsRefused) {
  auto hash = HashPassword(Secret(""), kFast);

  ASSERT_FALSE(hash);
  EXPECT_EQ(hash.error().code, ErrorCode::kInvalidArgument);
}

TEST(PasswordHashTest, LimitsOutsideLibsodiumsRangeAreRefused) {
  auto hash = HashPassword(Secret("x"), PasswordHashLimits{.ops = 0, .memory_bytes = 1});

  ASSERT_FALSE(hash);
  EXPECT_EQ(hash.error().code, ErrorCode::kInvalidArgument);
}

TEST(PasswordHashTest, TextThatIsNotAnArgon2idHashNeverVerifies) {
  EXPECT_FALSE(VerifyPassword(Secret("x"), ""));
  EXPECT_FALSE(VerifyPassword(Secret("x"), "x"));
  EXPECT_FALSE(VerifyPassword(Secret("x"), "$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA"));
  EXPECT_FALSE(VerifyPassword(Secret("x"), std::string(500, 'a')));
  EXPECT_FALSE(VerifyPassword(Secret("x"), std::string("$argon2id$v=19$m=8\0,t=1", 24)));
}

TEST(PasswordHashTest, AHashMadeWithOtherLimitsStillVerifiesButNeedsARehash) {
  auto hash = HashPassword(Secret("pw"), kFast);
  ASSERT_TRUE(hash);

  EXPECT_TRUE(VerifyPassword(Secret("pw"), *hash));
  EXPECT_TRUE(PasswordNeedsRehash(*hash, PasswordHashLimits::Interactive()));
  EXPECT_FALSE(PasswordNeedsRehash(*hash, kFast));
  EXPECT_TRUE(PasswordNeedsRehash("not a hash", kFast));
}

TEST(PasswordHashTest, LooksLikeArgon2idHashChecksOnlyTheShape) {
  EXPECT_TRUE(LooksLikeArgon2idHash("$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"));
  EXPECT_FALSE(LooksLikeArgon2idHash("$argon2i$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"));
  EXPECT_FALSE(LooksLikeArgon2idHash("hunter2"));
  EXPECT_FALSE(LooksLikeArgon2idHash("$argon2id$v=19$m=65536,t=2,p=1$c2Fs dA$aGFzaA"));
}

}  // namespace
}  // namespace graphpost::crypto
