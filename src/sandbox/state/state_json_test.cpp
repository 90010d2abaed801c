#include "sandbox/state/state_json.hpp"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "core/json.hpp"
#include "testing/fake_clock.hpp"
#include "testing/fake_random.hpp"

namespace graphpost::sandbox {
namespace {

json::value LoadGuideScenario() {
  std::ifstream in(std::string(GRAPHPOST_SOURCE_DIR) + "/scenarios/setup-guide.json");
  std::stringstream text;
  text << in.rdbuf();
  return ParseJson(text.str()).value();
}

TEST(StateJsonTest, LoadsTheSetupGuideScenario) {
  testing::FakeRandom random;
  testing::FakeClock clock;

  auto state = TenantsFromJson(LoadGuideScenario(), random, clock.WallNow());

  ASSERT_TRUE(state) << state.error().message;
  ASSERT_EQ(state->tenants.size(), 1u);
  const Tenant& t = state->tenants[0];
  const Recipient* group = t.ResolveRecipient("slapfiveemailsenders@company.com");
  ASSERT_NE(group, nullptr);
  EXPECT_EQ(group->member_ids.size(), 2u);
  EXPECT_EQ(group->member_ids[0], t.ResolveRecipient("references@company.com")->id);
  ASSERT_EQ(state->new_secrets.size(), 1u);
  EXPECT_EQ(state->new_secrets[0].value.size(), 40u);
  EXPECT_EQ(state->new_secrets[0].value.substr(3, 3), "8Q~");
  EXPECT_EQ(t.applications[0].secrets[0].hint, state->new_secrets[0].value.substr(0, 3));
}

TEST(StateJsonTest, SavedStateReloadsIdenticallyWithoutSecretValues) {
  testing::FakeRandom random;
  testing::FakeClock clock;
  auto first = TenantsFromJson(LoadGuideScenario(), random, clock.WallNow()).value();

  json::value saved = TenantsToJson(first.tenants);
  auto again = TenantsFromJson(saved, random, clock.WallNow());

  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(ToJson(TenantsToJson(again->tenants)), ToJson(saved));
  EXPECT_TRUE(again->new_secrets.empty());
  EXPECT_EQ(ToJson(saved).find(first.new_secrets[0].value), std::string::npos);
}

TEST(StateJsonTest, NamesThePathOfABadField) {
  testing::FakeRandom random;
  testing::FakeClock clock;
  auto doc = ParseJson(R"({"tenants":[{"domains":["a.onmicrosoft.com"],
      "recipients":[{"primarySmtpAddress":"x@a.onmicrosoft.com"},{"recipientTypeDetails":"Mailbox"}]}]})");

  auto state = TenantsFromJson(*doc, random, clock.WallNow());

  ASSERT_FALSE(state);
  EXPECT_EQ(state.error().message,
            "tenants[0].recipients[1].recipientTypeDetails: unknown type 'Mailbox'");
}

TEST(StateJsonTest, RejectsAMemberThatDoesNotExist) {
  testing::FakeRandom random;
  testing::FakeClock clock;
  auto doc = ParseJson(R"({"tenants":[{"id":"t","domains":["a.onmicrosoft.com"],"recipients":[
      {"recipientTypeDetails":"MailUniversalSecurityGroup","primarySmtpAddress":"g@a.onmicrosoft.com",
       "members":["nobody@a.onmicrosoft.com"]}]}]})");

  auto state = TenantsFromJson(*doc, random, clock.WallNow());

  ASSERT_FALSE(state);
  EXPECT_NE(state.error().message.find("nobody@a.onmicrosoft.com"), std::string::npos);
}

TEST(StateJsonTest, AnUnknownKeyIsAnErrorNamingItsPath) {
  testing::FakeRandom random;
  testing::FakeClock clock;
  auto doc = ParseJson(R"({"tenants":[{"domains":["a.onmicrosoft.com"],
      "recipients":[{"primarySmtpAddress":"x@a.onmicrosoft.com","proxyAddresses":["smtp:y@a"]}]}]})");

  auto state = TenantsFromJson(*doc, random, clock.WallNow());

  ASSERT_FALSE(state);
  EXPECT_EQ(state.error().message, "tenants[0].recipients[0].proxyAddresses: unknown key");
}

TEST(StateJsonTest, ASavedSecretWithoutItsValueIsNotAnUnknownKey) {
  testing::FakeRandom random;
  testing::FakeClock clock;
  auto doc = ParseJson(R"({"tenants":[{"domains":["a.onmicrosoft.com"],"applications":[
      {"passwordCredentials":[{"valueSha256":"ab","hint":"Q~x","months":6,"valueFile":"f"}]}]}]})");

  auto state = TenantsFromJson(*doc, random, clock.WallNow());

  EXPECT_TRUE(state) << state.error().message;
}

}  // namespace
}  // namespace graphpost::sandbox
