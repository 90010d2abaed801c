#include "sandbox/exchange/recipients.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sandbox/exchange/test_tenant.hpp"

namespace graphpost::sandbox::exchange {
namespace {

using ::testing::ElementsAre;
using namespace testing;  // NOLINT: test builders
using namespace std::chrono;

TEST(RecipientsTest, MakeDistinguishedNameUsesInitialDomain) {
  Tenant t = MakeTenant();

  EXPECT_EQ(MakeDistinguishedName(t, "mesga20220818210551"),
            "CN=mesga20220818210551,OU=contoso.onmicrosoft.com,OU=Microsoft Exchange Hosted "
            "Organizations,DC=NAMPR00A001,DC=prod,DC=outlook,DC=com");
}

TEST(RecipientsTest, GroupCommonNameAppendsUtcTimestamp) {
  WallTime t =
      sys_days{year{2022} / 8 / 18} + hours{21} + minutes{5} + seconds{51} + milliseconds{900};

  EXPECT_EQ(GroupCommonName("mesga", t), "mesga20220818210551");
}

TEST(RecipientsTest, EnsureDistinguishedNamesFillsOnlyMissingOnes) {
  Tenant t = MakeTenant();
  AddMailbox(t, "m1", "a").distinguished_name = "";
  AddGroup(t, "g1", "grp").distinguished_name = "";
  AddMailbox(t, "m2", "b").distinguished_name = "CN=keep";

  EnsureDistinguishedNames(t, sys_days{year{2026} / 1 / 2} + hours{3});

  EXPECT_THAT(t.FindRecipient("m1")->distinguished_name, ::testing::StartsWith("CN=a,OU="));
  EXPECT_THAT(t.FindRecipient("g1")->distinguished_name,
              ::testing::StartsWith("CN=grp20260102030000,OU="));
  EXPECT_EQ(t.FindRecipient("m2")->distinguished_name, "CN=keep");
}

TEST(RecipientsTest, MailboxEnabledMeansSharedOrLicensedUserMailbox) {
  Tenant t = MakeTenant();
  AddMailbox(t, "m1", "a");
  AddRecipient(t, "s1", RecipientType::kSharedMailbox, "s");
  AddRecipient(t, "u1", RecipientType::kUser, "u");

  EXPECT_TRUE(IsMailboxEnabled(*t.FindRecipient("m1")));
  EXPECT_TRUE(IsMailboxEnabled(*t.FindRecipient("s1")));
  EXPECT_FALSE(IsMailboxEnabled(*t.FindRecipient("u1")));
  t.FindRecipient("m1")->licensed = false;
  EXPECT_FALSE(IsMailboxEnabled(*t.FindRecipient("m1")));
}

TEST(RecipientsTest, ProxyAddressesMarkPrimary) {
  Tenant t = MakeTenant();
  Recipient& r = AddMailbox(t, "m1", "a");
  r.secondary_smtp_addresses = {"b@contoso.com"};

  EXPECT_THAT(ProxyAddresses(r), ElementsAre("SMTP:a@contoso.com", "smtp:b@contoso.com"));
}

TEST(RecipientsTest, TransitiveMembershipSurvivesCycles) {
  Tenant t = MakeTenant();
  AddMailbox(t, "m1", "a");
  AddGroup(t, "g1", "one");
  AddGroup(t, "g2", "two");
  AddMember(t, "g1", "g2");
  AddMember(t, "g2", "g1");
  AddMember(t, "g2", "m1");

  EXPECT_TRUE(IsTransitiveMember(t, "g1", "m1"));
  EXPECT_FALSE(IsTransitiveMember(t, "g1", "nobody"));
  EXPECT_FALSE(IsDirectMember(*t.FindRecipient("g1"), "m1"));
}

TEST(RecipientsTest, FindRecipientsMatchesEveryIdentityForm) {
  Tenant t = MakeTenant();
  Recipient& r = AddMailbox(t, "m1", "a");
  r.display_name = "Alice A";
  r.secondary_smtp_addresses = {"alias@contoso.com"};

  for (std::string id :
       std::vector<std::string>{"m1", "M1", "a", "Alice A", "a@contoso.com", "alias@CONTOSO.com",
                                "smtp:alias@contoso.com", r.distinguished_name}) {
    EXPECT_EQ(FindRecipients(t, id).size(), 1u) << id;
  }
  EXPECT_TRUE(FindRecipients(t, "").empty());
  EXPECT_TRUE(FindRecipients(t, "b").empty());
}

}  // namespace
}  // namespace graphpost::sandbox::exchange
