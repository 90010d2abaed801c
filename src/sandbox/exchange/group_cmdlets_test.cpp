// Get-Group, New-/Get-/Remove-DistributionGroup and the member cmdlets.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sandbox/exchange/cmdlet_test_base.hpp"

namespace graphpost::sandbox::exchange {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace testing;  // NOLINT: test builders

class GroupCmdletsTest : public CmdletTestBase {
 protected:
  GroupCmdletsTest() {
    AddMailbox(tenant_, "m1", "references");
    AddMailbox(tenant_, "m2", "advocacy");
    AddRecipient(tenant_, "u1", RecipientType::kUser, "nomailbox");
    AddRecipient(tenant_, "c1", RecipientType::kMailContact, "contact", "fabrikam.com");
  }
};

TEST_F(GroupCmdletsTest, NewSecurityGroupGetsTimestampedDn) {
  auto out = MustRun("New-DistributionGroup", {{"Name", "SlapFive Email Senders"},
                                               {"Alias", "slapfivesenders"},
                                               {"PrimarySmtpAddress", "senders@contoso.com"},
                                               {"Type", "Security"}});

  const Recipient* g = tenant_.ResolveRecipient("senders@contoso.com");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->type, RecipientType::kMailUniversalSecurityGroup);
  EXPECT_EQ(g->distinguished_name,
            "CN=slapfivesenders20261126090000,OU=contoso.onmicrosoft.com,OU=Microsoft Exchange "
            "Hosted Organizations,DC=NAMPR00A001,DC=prod,DC=outlook,DC=com");
  EXPECT_THAT(out.columns, ElementsAre("Name", "DisplayName", "GroupType", "PrimarySmtpAddress"));
  EXPECT_EQ(Field(out, 0, "GroupType"), "Universal, SecurityEnabled");
}

TEST_F(GroupCmdletsTest, NewGroupDefaultsToDistribution) {
  auto out = MustRun("New-DistributionGroup", {{"Name", "All Staff"}});

  EXPECT_EQ(Field(out, 0, "RecipientTypeDetails"), "MailUniversalDistributionGroup");
  EXPECT_EQ(Field(out, 0, "PrimarySmtpAddress"), "AllStaff@contoso.onmicrosoft.com");
}

TEST_F(GroupCmdletsTest, NewGroupRefusesUnknownType) {
  EXPECT_EQ(MustFail("New-DistributionGroup", {{"Name", "X"}, {"Type", "Dynamic"}}).code,
            ErrorCode::kInvalidArgument);
}

TEST_F(GroupCmdletsTest, NewGroupWithMembers) {
  MustRun("New-DistributionGroup",
          {{"Name", "Senders"}, {"Members", "references@contoso.com, advocacy"}});

  EXPECT_THAT(tenant_.ResolveRecipient("Senders@contoso.onmicrosoft.com")->member_ids,
              ElementsAre("m1", "m2"));
}

TEST_F(GroupCmdletsTest, NewGroupWithUnknownMemberFailsAndCreatesNothing) {
  std::size_t before = tenant_.recipients.size();

  Error e = MustFail("New-DistributionGroup", {{"Name", "Senders"}, {"Members", "ghost"}});

  EXPECT_EQ(e.code, ErrorCode::kNotFound);
  EXPECT_EQ(e.message,
            "Couldn't find object \"ghost\". Please make sure that it was spelled correctly or "
            "specify a different object.");
  EXPECT_EQ(tenant_.recipients.size(), before);
}

TEST_F(GroupCmdletsTest, GetGroupFindsByNameAndShowsDn) {
  MustRun("New-DistributionGroup", {{"Name", "SlapFive Email Senders"}, {"Type", "Security"}});

  auto out = MustRun("Get-Group", {{"", "SlapFive Email Senders"}});

  ASSERT_EQ(out.objects.size(), 1u);
  EXPECT_THAT(Field(out, 0, "DistinguishedName"), HasSubstr("CN=SlapFiveEmailSenders2026"));
  EXPECT_EQ(Field(out, 0, "WindowsEmailAddress"), "SlapFiveEmailSenders@contoso.onmicrosoft.com");
  EXPECT_THAT(out.columns,
              ElementsAre("Name", "DisplayName", "RecipientTypeDetails", "WindowsEmailAddress"));
}

TEST_F(GroupCmdletsTest, GetGroupOnMailboxIsNotFound) {
  EXPECT_EQ(MustFail("Get-Group", {{"Identity", "references"}}).code, ErrorCode::kNotFound);
}

TEST_F(GroupCmdletsTest, AddMemberThenListMembers) {
  MustRun("New-DistributionGroup", {{"Name", "Senders"}, {"Type", "Security"}});

  MustRun("Add-DistributionGroupMember", {{"Identity", "Senders"}, {"Member", "references"}});
  MustRun("Add-DistributionGroupMember", {{"Identity", "Senders"}, {"Member", "contact"}});
  auto out = MustRun("Get-DistributionGroupMember", {{"Identity", "Senders"}});
  auto group = MustRun("Get-Group", {{"Identity", "Senders"}});

  ASSERT_EQ(out.objects.size(), 2u);
  EXPECT_EQ(Field(out, 0, "Name"), "references");
  EXPECT_EQ(Field(out, 1, "RecipientType"), "MailContact");
  EXPECT_EQ(group.objects[0].at("Members"), (boost::json::array{"references", "contact"}));
}

TEST_F(GroupCmdletsTest, AddExistingMemberIsAlreadyExists) {
  MustRun("New-DistributionGroup", {{"Name", "Senders"}, {"Members", "references"}});

  Error e = MustFail("Add-DistributionGroupMember", {{"Identity", "Senders"}, {"Member", "m1"}});

  EXPECT_EQ(e.code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(e.message,
            "The recipient \"references\" is already a member of the group \"Senders\".");
}

TEST_F(GroupCmdletsTest, AddUnknownOrMailboxlessMemberIsNotFound) {
  MustRun("New-DistributionGroup", {{"Name", "Senders"}});

  EXPECT_EQ(
      MustFail("Add-DistributionGroupMember", {{"Identity", "Senders"}, {"Member", "x@y.z"}}).code,
      ErrorCode::kNotFound);
  EXPECT_EQ(MustFail("Add-DistributionGroupMember",
                     {{"Identity", "Senders"}, {"Member", "nomailbox@contoso.com"}})
                .code,
            ErrorCode::kNotFound);
}

TEST_F(GroupCmdletsTest, GroupCannotContainItself) {
  MustRun("New-DistributionGroup", {{"Name", "Senders"}});

  EXPECT_EQ(
      MustFail("Add-DistributionGroupMember", {{"Identity", "Senders"}, {"Member", "Senders"}})
          .code,
      ErrorCode::kInvalidArgument);
}

TEST_F(GroupCmdletsTest, GroupsNest) {
  MustRun("New-DistributionGroup", {{"Name", "Outer"}});
  MustRun("New-DistributionGroup", {{"Name", "Inner"}, {"Members", "advocacy"}});

  MustRun("Add-DistributionGroupMember", {{"Identity", "Outer"}, {"Member", "Inner"}});

  auto out = MustRun("Get-DistributionGroupMember", {{"Identity", "Outer"}});
  ASSERT_EQ(out.objects.size(), 1u);  // direct members only
  EXPECT_EQ(Field(out, 0, "Name"), "Inner");
}

TEST_F(GroupCmdletsTest, RemoveMember) {
  MustRun("New-DistributionGroup", {{"Name", "Senders"}, {"Members", "references,advocacy"}});

  MustRun("Remove-DistributionGroupMember",
          {{"Identity", "Senders"}, {"Member", "references@contoso.com"}, {"Confirm", "$false"}});

  EXPECT_THAT(tenant_.ResolveRecipient("Senders@contoso.onmicrosoft.com")->member_ids,
              ElementsAre("m2"));
}

TEST_F(GroupCmdletsTest, RemoveNonMemberFails) {
  MustRun("New-DistributionGroup", {{"Name", "Senders"}});

  Error e =
      MustFail("Remove-DistributionGroupMember", {{"Identity", "Senders"}, {"Member", "advocacy"}});

  EXPECT_EQ(e.code, ErrorCode::kNotFound);
  EXPECT_THAT(e.message, HasSubstr("isn't a member of the group"));
}

TEST_F(GroupCmdletsTest, RemoveGroupDropsItFromOtherGroups) {
  MustRun("New-DistributionGroup", {{"Name", "Outer"}});
  MustRun("New-DistributionGroup", {{"Name", "Inner"}});
  MustRun("Add-DistributionGroupMember", {{"Identity", "Outer"}, {"Member", "Inner"}});

  MustRun("Remove-DistributionGroup", {{"Identity", "Inner"}});

  EXPECT_EQ(MustFail("Get-Group", {{"Identity", "Inner"}}).code, ErrorCode::kNotFound);
  EXPECT_TRUE(MustRun("Get-DistributionGroupMember", {{"Identity", "Outer"}}).objects.empty());
}

TEST_F(GroupCmdletsTest, GetDistributionGroupListsGroups) {
  MustRun("New-DistributionGroup", {{"Name", "A"}});
  MustRun("New-DistributionGroup", {{"Name", "B"}, {"Type", "Security"}});

  auto out = MustRun("Get-DistributionGroup");

  ASSERT_EQ(out.objects.size(), 2u);
  EXPECT_EQ(Field(out, 1, "GroupType"), "Universal, SecurityEnabled");
}

}  // namespace
}  // namespace graphpost::sandbox::exchange
