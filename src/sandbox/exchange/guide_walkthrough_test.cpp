// The setup guide's step 7 (docs/setup.md "The guide, step by step, with graphpost"), run cmdlet
// by cmdlet against the sandbox, and what Graph then decides through the Authorizer, including
// its troubleshooting advice: scopes must name the group's DN and only direct members are in scope.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sandbox/exchange/authorizer.hpp"
#include "sandbox/exchange/cmdlet_test_base.hpp"

namespace graphpost::sandbox::exchange {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using namespace testing;  // NOLINT: test builders
using namespace std::chrono_literals;

class GuideWalkthroughTest : public CmdletTestBase {
 protected:
  GuideWalkthroughTest() {
    AddApp(tenant_, /*exchange_pointer=*/false);
    AddMailbox(tenant_, "refs", "references");
    AddMailbox(tenant_, "adv", "advocacy");
    AddMailbox(tenant_, "deep", "deep");
    AddMailbox(tenant_, "out", "outsider");
    authorizer_.Snapshot(tenant_, clock_.WallNow(), 0s);  // the tenant as loaded
    clock_.Advance(1min);
  }

  // Runs a cmdlet as the admin CLI would: then snapshots for the Authorizer when it matters.
  CmdletOutput Admin(std::string name, Params params) {
    bool snapshot = CmdletChangesAuthorization(name);
    CmdletOutput out = MustRun(std::move(name), std::move(params));
    if (snapshot) authorizer_.Snapshot(tenant_, clock_.WallNow(), 60min);
    return out;
  }

  void CreateGroupWithMembers() {
    Admin("New-DistributionGroup", {{"Name", "SlapFive Email Senders"},
                                    {"Alias", "slapfivesenders"},
                                    {"PrimarySmtpAddress", "slapfivesenders@contoso.com"},
                                    {"Type", "Security"}});
    Admin("Add-DistributionGroupMember",
          {{"Identity", "SlapFive Email Senders"}, {"Member", "references@contoso.com"}});
    Admin("Add-DistributionGroupMember",
          {{"Identity", "SlapFive Email Senders"}, {"Member", "advocacy@contoso.com"}});
    // A nested group: its member is NOT in a MemberOfGroup scope.
    Admin("New-DistributionGroup", {{"Name", "Nested Senders"}, {"Type", "Security"}});
    Admin("Add-DistributionGroupMember", {{"Identity", "Nested Senders"}, {"Member", "deep"}});
    Admin("Add-DistributionGroupMember",
          {{"Identity", "SlapFive Email Senders"}, {"Member", "Nested Senders"}});
  }

  void RegisterServicePrincipal() {
    Admin("New-ServicePrincipal",
          {{"AppId", std::string(kAppId)}, {"ObjectId", std::string(kSpObjectId)}});
  }

  std::string GroupDn() {
    auto out = MustRun("Get-Group", {{"", "SlapFive Email Senders"}});
    return Field(out, 0, "DistinguishedName");
  }

  void CreateScopeAndAssignment(const std::string& group_reference) {
    Admin("New-ManagementScope",
          {{"Name", "SlapFive Email Senders Scope"},
           {"RecipientRestrictionFilter", "MemberOfGroup -eq '" + group_reference + "'"}});
    Admin("New-ManagementRoleAssignment",
          {{"Name", "SlapFive Mail.Send"},
           {"Role", "Application Mail.Send"},
           {"App", std::string(kAppId)},
           {"CustomResourceScope", "SlapFive Email Senders Scope"}});
  }

  void FollowGuide() {
    CreateGroupWithMembers();
    RegisterServicePrincipal();
    CreateScopeAndAssignment(GroupDn());
  }

  std::optional<bool> InScope(const std::string& resource) {
    auto out = MustRun("Test-ServicePrincipalAuthorization",
                       {{"Identity", std::string(kAppId)}, {"Resource", resource}});
    EXPECT_EQ(out.objects.size(), 1u);
    return BoolField(out, 0, "InScope");
  }

  Denial Send(std::string mailbox_id, std::vector<std::string> roles = {}) {
    AccessRequest request{std::move(roles), std::string(kAppId), std::move(mailbox_id),
                          "Mail.Send"};
    return authorizer_.Authorize(tenant_, clock_.WallNow(), 60min, request).denial;
  }

  Authorizer authorizer_;
};

TEST_F(GuideWalkthroughTest, Step5GetMailboxConfirmsTheSender) {
  auto out = MustRun("Get-Mailbox", {{"", "references@contoso.com"}});

  EXPECT_EQ(Field(out, 0, "PrimarySmtpAddress"), "references@contoso.com");
  EXPECT_EQ(Field(out, 0, "RecipientTypeDetails"), "UserMailbox");
}

TEST_F(GuideWalkthroughTest, Step5GetMailboxRefusesTheGroupAddress) {
  CreateGroupWithMembers();

  EXPECT_EQ(MustFail("Get-Mailbox", {{"", "slapfivesenders@contoso.com"}}).code,
            ErrorCode::kNotFound);
}

TEST_F(GuideWalkthroughTest, GroupDnHasExchangeShape) {
  CreateGroupWithMembers();

  EXPECT_THAT(GroupDn(), StartsWith("CN=slapfivesenders20261126090100,OU=contoso.onmicrosoft.com,"
                                    "OU=Microsoft Exchange Hosted Organizations,DC=NAMPR00A001"));
}

TEST_F(GuideWalkthroughTest, TestAuthorizationInScopeForDirectMember) {
  FollowGuide();

  EXPECT_EQ(InScope("references@contoso.com"), true);
  EXPECT_EQ(InScope("advocacy@contoso.com"), true);
}

TEST_F(GuideWalkthroughTest, TestAuthorizationOutOfScopeForNonMember) {
  FollowGuide();

  EXPECT_EQ(InScope("outsider@contoso.com"), false);
}

TEST_F(GuideWalkthroughTest, TestAuthorizationOutOfScopeForNestedMember) {
  FollowGuide();

  EXPECT_EQ(InScope("deep@contoso.com"), false);
}

TEST_F(GuideWalkthroughTest, ScopeWrittenWithGroupEmailIsAcceptedButCoversNobody) {
  CreateGroupWithMembers();
  RegisterServicePrincipal();

  CreateScopeAndAssignment("slapfivesenders@contoso.com");

  EXPECT_EQ(InScope("references@contoso.com"), false);
}

TEST_F(GuideWalkthroughTest, NewServicePrincipalTwiceFailsAsTroubleshootingSays) {
  RegisterServicePrincipal();

  Error e = MustFail("New-ServicePrincipal",
                     {{"AppId", std::string(kAppId)}, {"ObjectId", std::string(kSpObjectId)}});

  EXPECT_EQ(e.code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(MustRun("Get-ServicePrincipal", {{"", std::string(kAppId)}}).objects.size(), 1u);
}

TEST_F(GuideWalkthroughTest, TestAuthorizationIsImmediateButGraphWaitsForPropagation) {
  FollowGuide();
  ASSERT_EQ(InScope("references@contoso.com"), true);

  EXPECT_EQ(Send("refs"), Denial::kNoPermissionsInToken);  // Graph still has the old view
  clock_.Advance(60min);
  EXPECT_EQ(Send("refs"), Denial::kNone);
  EXPECT_EQ(Send("out"), Denial::kAccessDenied);
  EXPECT_EQ(Send("deep"), Denial::kAccessDenied);
}

TEST_F(GuideWalkthroughTest, EntraMailSendConsentMakesTheScopeMeaningless) {
  FollowGuide();
  clock_.Advance(60min);

  EXPECT_EQ(Send("out", {"Mail.Send"}), Denial::kNone);
}

TEST_F(GuideWalkthroughTest, MemberAddedLaterIsInScopeAtOnceForTestButLaterForGraph) {
  FollowGuide();
  clock_.Advance(2h);

  Admin("Add-DistributionGroupMember",
        {{"Identity", "SlapFive Email Senders"}, {"Member", "outsider"}});

  EXPECT_EQ(InScope("outsider@contoso.com"), true);
  EXPECT_EQ(Send("out"), Denial::kAccessDenied);
  clock_.Advance(60min);
  EXPECT_EQ(Send("out"), Denial::kNone);
}

TEST_F(GuideWalkthroughTest, FailedCmdletLeavesNothingBehind) {
  CreateGroupWithMembers();
  RegisterServicePrincipal();
  std::size_t scopes = tenant_.exchange.scopes.size();

  Error e = MustFail("New-ManagementScope", {{"Name", "SlapFive Email Senders Scope"},
                                             {"RecipientRestrictionFilter", "MemberOfGroup -eq"}});

  EXPECT_THAT(e.message, HasSubstr("Invalid filter syntax"));
  EXPECT_EQ(tenant_.exchange.scopes.size(), scopes);
}

}  // namespace
}  // namespace graphpost::sandbox::exchange
