#include "api/api_keys.hpp"

#include <gtest/gtest.h>

#include "core/base64.hpp"
#include "crypto/digest.hpp"
#include "testing/fake_clock.hpp"
#include "testing/fake_random.hpp"

namespace graphpost::api {
namespace {

TEST(MakeApiKeyTest, MakesAKeyTextAndARecordHoldingOnlyItsHash) {
  testing::FakeRandom random;
  testing::FakeClock clock;

  NewApiKey key = MakeApiKey(random, clock, {.name = "billing", .connections = {"contoso"}});

  const std::string& text = key.text.Reveal();
  ASSERT_EQ(text.size(), 4u + 43u);
  EXPECT_EQ(text.substr(0, 4), "gpk_");
  EXPECT_EQ(Base64UrlDecode(text.substr(4))->size(), 32u);
  EXPECT_EQ(key.record.hash, crypto::HexLower(crypto::Sha256(text)));
  EXPECT_EQ(key.record.hash, HashApiKey(text));
  EXPECT_EQ(key.record.hash.find(text), std::string::npos);
  EXPECT_EQ(key.record.id.substr(0, 2), "k_");
  EXPECT_EQ(key.record.id.size(), 14u);
  EXPECT_EQ(key.record.name, "billing");
  EXPECT_EQ(key.record.connections, std::vector<std::string>{"contoso"});
  EXPECT_FALSE(key.record.admin);
  EXPECT_EQ(key.record.created_at, clock.WallNow());
  EXPECT_EQ(key.text.Redacted(), "***");
}

TEST(MakeApiKeyTest, EveryKeyIsNew) {
  testing::FakeRandom random;
  testing::FakeClock clock;

  NewApiKey a = MakeApiKey(random, clock, {});
  NewApiKey b = MakeApiKey(random, clock, {});

  EXPECT_NE(a.text, b.text);
  EXPECT_NE(a.record.id, b.record.id);
}

TEST(BearerTokenTest, TakesTheTokenOfABearerAuthorization) {
  http::Headers headers;
  EXPECT_EQ(BearerToken(headers), std::nullopt);
  headers.Set("Authorization", "Bearer gpk_abc");
  EXPECT_EQ(BearerToken(headers), "gpk_abc");
  headers.Set("authorization", "bearer   gpk_abc  ");
  EXPECT_EQ(BearerToken(headers), "gpk_abc");
  headers.Set("Authorization", "Basic dXNlcjpwYXNz");
  EXPECT_EQ(BearerToken(headers), std::nullopt);
  headers.Set("Authorization", "Bearer ");
  EXPECT_EQ(BearerToken(headers), std::nullopt);
}

}  // namespace
}  // namespace graphpost::api
