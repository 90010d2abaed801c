// VerifiedCredentials: remembered pairs, TTL, a changed stored hash, case of the name, the bound.
#include "smtp/access/verified_credentials.hpp"

#include <gtest/gtest.h>

#include "core/random.hpp"
#include "testing/fake_clock.hpp"

namespace graphpost::smtp::access {
namespace {

using namespace std::chrono_literals;

class VerifiedCredentialsTest : public ::testing::Test {
 protected:
  testing::FakeClock clock_;
  SystemRandom random_;
  VerifiedCredentials cache_{CacheLimits{}, clock_, random_};
};

TEST_F(VerifiedCredentialsTest, ARememberedPairIsHeldAgainstTheSameHash) {
  cache_.Remember("printer", Secret("pw"), "hash-1");

  EXPECT_TRUE(cache_.Holds("printer", Secret("pw"), "hash-1"));
  EXPECT_TRUE(cache_.Holds("PRINTER", Secret("pw"), "hash-1"));
}

TEST_F(VerifiedCredentialsTest, AnotherPasswordOrNameIsNotHeld) {
  cache_.Remember("printer", Secret("pw"), "hash-1");

  EXPECT_FALSE(cache_.Holds("printer", Secret("pw2"), "hash-1"));
  EXPECT_FALSE(cache_.Holds("printer2", Secret("pw"), "hash-1"));
  EXPECT_FALSE(cache_.Holds("printe", Secret("rpw"), "hash-1"));
}

TEST_F(VerifiedCredentialsTest, AChangedStoredHashMissesAndDropsTheEntry) {
  cache_.Remember("printer", Secret("pw"), "hash-1");

  EXPECT_FALSE(cache_.Holds("printer", Secret("pw"), "hash-2"));
  EXPECT_FALSE(cache_.Holds("printer", Secret("pw"), "hash-1"));
}

TEST_F(VerifiedCredentialsTest, EntriesExpireAfterTheTtl) {
  cache_.Remember("printer", Secret("pw"), "hash-1");

  clock_.Advance(299s);
  EXPECT_TRUE(cache_.Holds("printer", Secret("pw"), "hash-1"));
  clock_.Advance(1s);
  EXPECT_FALSE(cache_.Holds("printer", Secret("pw"), "hash-1"));
}

TEST_F(VerifiedCredentialsTest, ThePasswordIsNotKeptInTheKey) {
  // The entry is found by an HMAC under a per-process key: two caches never agree.
  VerifiedCredentials other(CacheLimits{}, clock_, random_);
  cache_.Remember("printer", Secret("pw"), "hash-1");

  EXPECT_FALSE(other.Holds("printer", Secret("pw"), "hash-1"));
}

TEST(VerifiedCredentialsBoundTest, TheOldestEntryGoesPastTheBound) {
  testing::FakeClock clock;
  SystemRandom random;
  VerifiedCredentials cache(CacheLimits{.max_entries = 2}, clock, random);
  cache.Remember("a", Secret("pw"), "h");
  cache.Remember("b", Secret("pw"), "h");

  cache.Remember("c", Secret("pw"), "h");

  EXPECT_EQ(cache.SizeForTest(), 2u);
  EXPECT_FALSE(cache.Holds("a", Secret("pw"), "h"));
  EXPECT_TRUE(cache.Holds("c", Secret("pw"), "h"));
}

}  // namespace
}  // namespace graphpost::smtp::access
