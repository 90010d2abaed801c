// TokenCache with a TokenStore: tokens outlive the process that fetched them.
#include <map>

#include <gtest/gtest.h>

#include "auth/client_credentials.hpp"
#include "auth/token_request.hpp"
#include "auth/token_test_fixtures.hpp"
#include "testing/fake_clock.hpp"
#include "testing/fake_random.hpp"

namespace graphpost::auth {
namespace {

using namespace std::chrono_literals;
using test::SecretCredential;
using test::TokenReply;

// An in-memory TokenStore (what another process would find on disk). Not thread-safe.
class MemoryTokenStore final : public TokenStore {
 public:
  Result<std::optional<StoredToken>> Load(const std::string& key) override {
    ++loads;
    auto it = tokens.find(key);
    if (it == tokens.end()) return std::optional<StoredToken>();
    return std::optional<StoredToken>(it->second);
  }
  Status Save(const std::string& key, const StoredToken& token) override {
    tokens[key] = token;
    return Ok();
  }
  std::map<std::string, StoredToken> tokens;
  int loads = 0;
};

std::string Key() { return *CredentialCacheKey(SecretCredential()); }

class TokenCacheStoreTest : public ::testing::Test {
 protected:
  testing::FakeHttpTransport http_;
  testing::FakeClock clock_;
  testing::FakeRandom random_;
  MemoryTokenStore store_;
};

TEST_F(TokenCacheStoreTest, ANewTokenIsSavedWithWallClockTimes) {
  http_.Enqueue(TokenReply("t1", 3599s));
  TokenCache cache(http_, clock_, random_, {}, &store_);

  ASSERT_TRUE(cache.Get(SecretCredential()));

  ASSERT_EQ(store_.tokens.count(Key()), 1u);
  const StoredToken& saved = store_.tokens.at(Key());
  EXPECT_EQ(saved.value.Reveal(), "t1");
  EXPECT_EQ(saved.obtained_at, clock_.WallNow());
  EXPECT_EQ(saved.expires_at, clock_.WallNow() + 3599s);
}

TEST_F(TokenCacheStoreTest, ASecondCacheReusesTheStoredTokenWithoutARequest) {
  http_.Enqueue(TokenReply("t1", 3599s));
  {
    TokenCache first(http_, clock_, random_, {}, &store_);
    ASSERT_TRUE(first.Get(SecretCredential()));
  }
  clock_.Advance(10min);
  TokenCache second(http_, clock_, random_, {}, &store_);

  auto token = second.Get(SecretCredential());

  ASSERT_TRUE(token) << token.error().message;
  EXPECT_EQ(token->value.Reveal(), "t1");
  EXPECT_EQ(token->expires_at, clock_.MonotonicNow() + 3599s - 10min);
  EXPECT_EQ(http_.request_count(), 1u);
  EXPECT_EQ(second.token_requests(), 0u);
}

TEST_F(TokenCacheStoreTest, AnExpiredStoredTokenIsNotReused) {
  store_.tokens[Key()] = StoredToken{.value = Secret("old"),
                                     .obtained_at = clock_.WallNow() - 2h,
                                     .expires_at = clock_.WallNow() - 1s};
  http_.Enqueue(TokenReply("fresh", 3599s));
  TokenCache cache(http_, clock_, random_, {}, &store_);

  auto token = cache.Get(SecretCredential());

  ASSERT_TRUE(token);
  EXPECT_EQ(token->value.Reveal(), "fresh");
  EXPECT_EQ(http_.request_count(), 1u);
  EXPECT_EQ(store_.tokens.at(Key()).value.Reveal(), "fresh");
}

TEST_F(TokenCacheStoreTest, AStoredTokenInsideTheRefreshWindowIsRefreshed) {
  store_.tokens[Key()] = StoredToken{.value = Secret("old"),
                                     .obtained_at = clock_.WallNow() - 58min,
                                     .expires_at = clock_.WallNow() + 2min};
  http_.Enqueue(TokenReply("fresh", 3599s));
  TokenCache cache(http_, clock_, random_, {}, &store_);

  auto token = cache.Get(SecretCredential());

  ASSERT_TRUE(token);
  EXPECT_EQ(token->value.Reveal(), "fresh");
}

TEST_F(TokenCacheStoreTest, TheStoreIsReadOncePerEntry) {
  http_.Enqueue(TokenReply("t1", 3599s));
  TokenCache cache(http_, clock_, random_, {}, &store_);

  for (int i = 0; i < 5; ++i) ASSERT_TRUE(cache.Get(SecretCredential()));

  EXPECT_EQ(store_.loads, 1);
}

}  // namespace
}  // namespace graphpost::auth
