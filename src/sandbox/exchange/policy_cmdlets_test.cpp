// New-/Get-/Set-/Remove-ApplicationAccessPolicy and Test-ApplicationAccessPolicy.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sandbox/exchange/cmdlet_test_base.hpp"

namespace graphpost::sandbox::exchange {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace testing;  // NOLINT: test builders

constexpr std::string_view kOtherAppId = "bbbbbbbb-0000-0000-0000-000000000002";

class PolicyCmdletsTest : public CmdletTestBase {
 protected:
  PolicyCmdletsTest() {
    AddApp(tenant_);
    AddMailbox(tenant_, "m1", "references");
    AddMailbox(tenant_, "m2", "other");
    AddMailbox(tenant_, "m3", "nested");
    AddRecipient(tenant_, "s1", RecipientType::kSharedMailbox, "shared");
    AddGroup(tenant_, "g1", "senders");
    AddGroup(tenant_, "g2", "inner");
    AddGroup(tenant_, "d1", "newsletter", RecipientType::kMailUniversalDistributionGroup);
    AddRecipient(tenant_, "c1", RecipientType::kMailContact, "contact", "fabrikam.com");
    AddMember(tenant_, "g1", "m1");
    AddMember(tenant_, "g1", "g2");
    AddMember(tenant_, "g2", "m3");
  }

  CmdletOutput Restrict(std::string scope, std::string app = std::string(kAppId)) {
    return MustRun("New-ApplicationAccessPolicy", {{"AccessRight", "RestrictAccess"},
                                                   {"AppId", app},
                                                   {"PolicyScopeGroupId", scope},
                                                   {"Description", "Restrict to senders"}});
  }

  std::string Check(std::string mailbox, std::string app = std::string(kAppId)) {
    auto out = MustRun("Test-ApplicationAccessPolicy", {{"Identity", mailbox}, {"AppId", app}});
    return Field(out, 0, "AccessCheckResult");
  }
};

TEST_F(PolicyCmdletsTest, NewCreatesPolicy) {
  auto out = Restrict("senders@contoso.com");

  ASSERT_EQ(tenant_.exchange.access_policies.size(), 1u);
  const ApplicationAccessPolicy& p = tenant_.exchange.access_policies[0];
  EXPECT_EQ(p.scope_group_id, "g1");
  EXPECT_THAT(p.app_ids, ElementsAre(std::string(kAppId)));
  EXPECT_EQ(p.access_right, AccessRight::kRestrictAccess);
  EXPECT_EQ(Field(out, 0, "ScopeName"), "senders");
  EXPECT_EQ(Field(out, 0, "AccessRight"), "RestrictAccess");
  EXPECT_EQ(Field(out, 0, "Description"), "Restrict to senders");
}

TEST_F(PolicyCmdletsTest, SeveralAppIdsMakeOnePolicyEach) {
  MustRun("New-ApplicationAccessPolicy",
          {{"AccessRight", "DenyAccess"},
           {"AppId", std::string(kAppId) + "," + std::string(kOtherAppId)},
           {"PolicyScopeGroupId", "senders"}});

  ASSERT_EQ(tenant_.exchange.access_policies.size(), 2u);
  EXPECT_EQ(tenant_.exchange.access_policies[1].app_ids[0], kOtherAppId);
}

TEST_F(PolicyCmdletsTest, ScopeMayBeUserMailboxOrSecurityGroupOnly) {
  Restrict("references");

  for (std::string scope : {"shared", "newsletter", "contact@fabrikam.com"}) {
    Error e = MustFail("New-ApplicationAccessPolicy", {{"AccessRight", "RestrictAccess"},
                                                       {"AppId", std::string(kAppId)},
                                                       {"PolicyScopeGroupId", scope}});
    EXPECT_EQ(e.code, ErrorCode::kInvalidArgument) << scope;
    EXPECT_THAT(e.message, HasSubstr("mail-enabled security group")) << scope;
  }
}

TEST_F(PolicyCmdletsTest, BadAccessRightOrAppIdIsRefused) {
  EXPECT_EQ(MustFail("New-ApplicationAccessPolicy", {{"AccessRight", "AllowAccess"},
                                                     {"AppId", std::string(kAppId)},
                                                     {"PolicyScopeGroupId", "senders"}})
                .code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(MustFail("New-ApplicationAccessPolicy", {{"AccessRight", "RestrictAccess"},
                                                     {"AppId", "my-app"},
                                                     {"PolicyScopeGroupId", "senders"}})
                .code,
            ErrorCode::kInvalidArgument);
}

TEST_F(PolicyCmdletsTest, UnknownScopeIsNotFound) {
  EXPECT_EQ(MustFail("New-ApplicationAccessPolicy", {{"AccessRight", "RestrictAccess"},
                                                     {"AppId", std::string(kAppId)},
                                                     {"PolicyScopeGroupId", "ghost"}})
                .code,
            ErrorCode::kNotFound);
}

TEST_F(PolicyCmdletsTest, DuplicatePolicyIsAlreadyExists) {
  Restrict("senders");

  EXPECT_EQ(MustFail("New-ApplicationAccessPolicy", {{"AccessRight", "DenyAccess"},
                                                     {"AppId", std::string(kAppId)},
                                                     {"PolicyScopeGroupId", "senders"}})
                .code,
            ErrorCode::kAlreadyExists);
}

TEST_F(PolicyCmdletsTest, SpaceRunsOutAtThreeHundredPolicies) {
  for (int i = 0; i < 300; ++i) {
    tenant_.exchange.access_policies.push_back(
        {"p" + std::to_string(i), AccessRight::kRestrictAccess, {"x"}, "g2", ""});
  }

  Error e = MustFail("New-ApplicationAccessPolicy", {{"AccessRight", "RestrictAccess"},
                                                     {"AppId", std::string(kAppId)},
                                                     {"PolicyScopeGroupId", "senders"}});

  EXPECT_EQ(e.code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(e.message, "The total size of App Access Policies exceeded the limit.");
}

TEST_F(PolicyCmdletsTest, GetSetRemoveByIdentity) {
  auto out = Restrict("senders");
  std::string identity = Field(out, 0, "Identity");
  EXPECT_THAT(identity,
              HasSubstr(std::string(kTenantId) + "\\" + std::string(kAppId) + ":S-1-5-21-"));

  MustRun("Set-ApplicationAccessPolicy", {{"Identity", identity}, {"Description", " "}});
  EXPECT_EQ(Field(MustRun("Get-ApplicationAccessPolicy", {{"", identity}}), 0, "Description"), " ");
  EXPECT_EQ(MustRun("Get-ApplicationAccessPolicy").objects.size(), 1u);
  MustRun("Remove-ApplicationAccessPolicy", {{"Identity", identity}});

  EXPECT_TRUE(tenant_.exchange.access_policies.empty());
  EXPECT_EQ(MustFail("Get-ApplicationAccessPolicy", {{"Identity", identity}}).code,
            ErrorCode::kNotFound);
}

TEST_F(PolicyCmdletsTest, TestPolicyOutputColumns) {
  auto out = MustRun("Test-ApplicationAccessPolicy",
                     {{"Identity", "references@contoso.com"}, {"AppId", std::string(kAppId)}});

  EXPECT_THAT(out.columns,
              ElementsAre("AppId", "Mailbox", "MailboxId", "MailboxSid", "AccessCheckResult"));
  EXPECT_EQ(Field(out, 0, "MailboxId"), "m1");
  EXPECT_THAT(Field(out, 0, "MailboxSid"), HasSubstr("S-1-5-21-"));
  EXPECT_EQ(Field(out, 0, "AccessCheckResult"), "Granted");  // no policies at all
}

TEST_F(PolicyCmdletsTest, TestPolicyRestrictIncludesNestedMembers) {
  Restrict("senders");

  EXPECT_EQ(Check("references"), "Granted");
  EXPECT_EQ(Check("nested"), "Granted");
  EXPECT_EQ(Check("other"), "Denied");
  EXPECT_EQ(Check("other", std::string(kOtherAppId)), "Granted");
}

TEST_F(PolicyCmdletsTest, TestPolicyDenyBeatsRestrict) {
  Restrict("senders");
  MustRun("New-ApplicationAccessPolicy", {{"AccessRight", "DenyAccess"},
                                          {"AppId", std::string(kAppId)},
                                          {"PolicyScopeGroupId", "references"}});

  EXPECT_EQ(Check("references"), "Denied");
  EXPECT_EQ(Check("nested"), "Granted");
}

TEST_F(PolicyCmdletsTest, TestPolicyWildcardApp) {
  MustRun("New-ApplicationAccessPolicy",
          {{"AccessRight", "DenyAccess"}, {"AppId", "*"}, {"PolicyScopeGroupId", "inner"}});

  EXPECT_EQ(Check("nested", std::string(kOtherAppId)), "Denied");
  EXPECT_EQ(Check("references", std::string(kOtherAppId)), "Granted");
}

}  // namespace
}  // namespace graphpost::sandbox::exchange
