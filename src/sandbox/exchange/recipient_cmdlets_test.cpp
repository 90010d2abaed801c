// Get-/New-/Set-/Remove-Mailbox, Get-Recipient and the contact cmdlets, plus dispatcher behaviour.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sandbox/exchange/cmdlet_test_base.hpp"

namespace graphpost::sandbox::exchange {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace testing;  // NOLINT: test builders

class MailboxCmdletsTest : public CmdletTestBase {
 protected:
  MailboxCmdletsTest() {
    AddMailbox(tenant_, "m1", "references");
    AddRecipient(tenant_, "s1", RecipientType::kSharedMailbox, "shared");
    AddRecipient(tenant_, "u1", RecipientType::kUser, "nomailbox");
    AddRecipient(tenant_, "c1", RecipientType::kMailContact, "contact", "fabrikam.com");
    AddGroup(tenant_, "g1", "senders");
    Recipient& unlicensed = AddMailbox(tenant_, "m2", "unlicensed");
    unlicensed.licensed = false;
  }
};

TEST_F(MailboxCmdletsTest, GetMailboxListsMailboxesOnly) {
  auto out = MustRun("Get-Mailbox");

  ASSERT_EQ(out.objects.size(), 2u);
  EXPECT_EQ(Field(out, 0, "Alias"), "references");
  EXPECT_EQ(Field(out, 1, "RecipientTypeDetails"), "SharedMailbox");
  EXPECT_THAT(out.columns,
              ElementsAre("Name", "Alias", "PrimarySmtpAddress", "RecipientTypeDetails"));
}

TEST_F(MailboxCmdletsTest, GetMailboxFullRecord) {
  tenant_.FindRecipient("m1")->secondary_smtp_addresses.push_back("refs@contoso.com");
  tenant_.FindRecipient("m1")->custom_attributes[2] = "three";

  auto out = MustRun("Get-Mailbox", {{"Identity", "references@contoso.com"}});

  ASSERT_EQ(out.objects.size(), 1u);
  const auto& o = out.objects[0].as_object();
  EXPECT_EQ(o.at("ExternalDirectoryObjectId"), "m1");
  EXPECT_EQ(o.at("UserPrincipalName"), "references@contoso.com");
  EXPECT_EQ(o.at("CustomAttribute3"), "three");
  EXPECT_TRUE(o.contains("CustomAttribute15"));
  EXPECT_THAT(o.at("DistinguishedName").as_string().c_str(),
              HasSubstr("CN=references,OU=contoso.onmicrosoft.com,"));
  EXPECT_EQ(o.at("EmailAddresses"),
            (boost::json::array{"SMTP:references@contoso.com", "smtp:refs@contoso.com"}));
}

TEST_F(MailboxCmdletsTest, GetMailboxResolvesEveryKindOfIdentity) {
  tenant_.FindRecipient("m1")->secondary_smtp_addresses.push_back("refs@contoso.com");
  std::string dn = tenant_.FindRecipient("m1")->distinguished_name;

  for (std::string id : {"references", "REFERENCES@contoso.com", "refs@contoso.com",
                         "smtp:refs@contoso.com", "m1", dn.c_str()}) {
    auto out = MustRun("Get-Mailbox", {{"", id}});
    EXPECT_EQ(Field(out, 0, "Guid"), "m1") << id;
  }
}

TEST_F(MailboxCmdletsTest, GetMailboxOnNonMailboxesIsNotFound) {
  for (std::string id : {"senders@contoso.com", "contact@fabrikam.com", "nomailbox@contoso.com",
                         "unlicensed@contoso.com", "nobody@contoso.com"}) {
    Error e = MustFail("Get-Mailbox", {{"Identity", id}});

    EXPECT_EQ(e.code, ErrorCode::kNotFound);
    EXPECT_EQ(e.message, "The operation couldn't be performed because object '" + id +
                             "' couldn't be found on "
                             "'NAMPR00A001DC01.NAMPR00A001.PROD.OUTLOOK.COM'.");
  }
}

TEST_F(MailboxCmdletsTest, GetMailboxFiltersByRecipientTypeDetails) {
  auto out = MustRun("Get-Mailbox", {{"RecipientTypeDetails", "SharedMailbox"}});

  ASSERT_EQ(out.objects.size(), 1u);
  EXPECT_EQ(Field(out, 0, "Alias"), "shared");
}

TEST_F(MailboxCmdletsTest, BadRecipientTypeDetailsIsRefused) {
  EXPECT_EQ(MustFail("Get-Mailbox", {{"RecipientTypeDetails", "Bogus"}}).code,
            ErrorCode::kInvalidArgument);
}

TEST_F(MailboxCmdletsTest, ResultSizeLimitsOutput) {
  EXPECT_EQ(MustRun("Get-Mailbox", {{"ResultSize", "1"}}).objects.size(), 1u);
  EXPECT_EQ(MustRun("Get-Mailbox", {{"ResultSize", "Unlimited"}}).objects.size(), 2u);
  EXPECT_EQ(MustFail("Get-Mailbox", {{"ResultSize", "lots"}}).code, ErrorCode::kInvalidArgument);
}

TEST_F(MailboxCmdletsTest, AmbiguousIdentityIsRefused) {
  AddMailbox(tenant_, "m3", "twin").display_name = "Twin";
  AddMailbox(tenant_, "m4", "twin2").display_name = "Twin";

  Error e = MustFail("Get-Mailbox", {{"Identity", "Twin"}});

  EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(e.message, HasSubstr("matches multiple entries"));
}

TEST_F(MailboxCmdletsTest, NewMailboxCreatesLicensedUserMailbox) {
  auto out = MustRun("New-Mailbox", {{"Name", "Advocacy Team"},
                                     {"Alias", "advocacy"},
                                     {"PrimarySmtpAddress", "advocacy@contoso.com"}});

  const Recipient* r = tenant_.ResolveRecipient("advocacy@contoso.com");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->type, RecipientType::kUserMailbox);
  EXPECT_TRUE(r->licensed);
  EXPECT_EQ(r->display_name, "Advocacy Team");
  EXPECT_EQ(r->user_principal_name, "advocacy@contoso.com");
  EXPECT_THAT(r->secondary_smtp_addresses, ElementsAre("advocacy@contoso.onmicrosoft.com"));
  EXPECT_THAT(r->distinguished_name, HasSubstr("CN=advocacy,OU=contoso.onmicrosoft.com"));
  EXPECT_EQ(Field(out, 0, "PrimarySmtpAddress"), "advocacy@contoso.com");
}

TEST_F(MailboxCmdletsTest, NewSharedMailboxDefaultsAliasAndAddress) {
  MustRun("New-Mailbox", {{"Name", "Info Desk"}, {"Shared", "true"}});

  const Recipient* r = tenant_.ResolveRecipient("InfoDesk@contoso.onmicrosoft.com");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->type, RecipientType::kSharedMailbox);
  EXPECT_EQ(r->alias, "InfoDesk");
  EXPECT_TRUE(r->secondary_smtp_addresses.empty());
}

TEST_F(MailboxCmdletsTest, NewMailboxAliasDefaultsToAddressLocalPart) {
  MustRun("New-Mailbox", {{"Name", "X"}, {"PrimarySmtpAddress", "hello.world@contoso.com"}});

  EXPECT_EQ(tenant_.ResolveRecipient("hello.world@contoso.com")->alias, "hello.world");
}

TEST_F(MailboxCmdletsTest, NewMailboxRefusesTakenAddress) {
  Error e = MustFail(
      "New-Mailbox",
      {{"Name", "Other"}, {"Alias", "other"}, {"PrimarySmtpAddress", "references@contoso.com"}});

  EXPECT_EQ(e.code, ErrorCode::kAlreadyExists);
  EXPECT_THAT(e.message, HasSubstr("is already being used by the proxy addresses"));
}

TEST_F(MailboxCmdletsTest, NewMailboxRefusesTakenNameOrAlias) {
  EXPECT_EQ(MustFail("New-Mailbox", {{"Name", "references"}}).code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(MustFail("New-Mailbox", {{"Name", "New"}, {"Alias", "References"}}).code,
            ErrorCode::kAlreadyExists);
}

TEST_F(MailboxCmdletsTest, NewMailboxRefusesForeignDomain) {
  Error e = MustFail("New-Mailbox", {{"Name", "X"}, {"PrimarySmtpAddress", "x@fabrikam.com"}});

  EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(e.message, HasSubstr("isn't an accepted domain"));
}

TEST_F(MailboxCmdletsTest, NewMailboxRefusesMalformedAddressAndAlias) {
  EXPECT_EQ(MustFail("New-Mailbox", {{"Name", "X"}, {"PrimarySmtpAddress", "not-an-address"}}).code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(MustFail("New-Mailbox", {{"Name", "X"}, {"Alias", "has space"}}).code,
            ErrorCode::kInvalidArgument);
}

TEST_F(MailboxCmdletsTest, SetMailboxAddsAndRemovesAddressesWithHashtable) {
  MustRun("Set-Mailbox", {{"Identity", "references"},
                          {"EmailAddresses", "@{add='refs@contoso.com','r2@contoso.com'}"}});
  MustRun("Set-Mailbox",
          {{"Identity", "references"}, {"EmailAddresses", "@{remove='smtp:r2@contoso.com'}"}});

  EXPECT_THAT(tenant_.FindRecipient("m1")->secondary_smtp_addresses,
              ElementsAre("refs@contoso.com"));
}

TEST_F(MailboxCmdletsTest, SetMailboxAddWithUpperSmtpChangesPrimary) {
  MustRun("Set-Mailbox",
          {{"Identity", "m1"}, {"EmailAddresses", "@{Add='SMTP:refs@contoso.com'}"}});

  const Recipient& r = *tenant_.FindRecipient("m1");
  EXPECT_EQ(r.primary_smtp_address, "refs@contoso.com");
  EXPECT_THAT(r.secondary_smtp_addresses, ElementsAre("references@contoso.com"));
}

TEST_F(MailboxCmdletsTest, SetMailboxPlainListReplacesAddresses) {
  MustRun("Set-Mailbox",
          {{"Identity", "m1"}, {"EmailAddresses", "SMTP:main@contoso.com,smtp:alt@contoso.com"}});

  const Recipient& r = *tenant_.FindRecipient("m1");
  EXPECT_EQ(r.primary_smtp_address, "main@contoso.com");
  EXPECT_THAT(r.secondary_smtp_addresses, ElementsAre("alt@contoso.com"));
}

TEST_F(MailboxCmdletsTest, SetMailboxPlainListWithoutMarkerKeepsCurrentPrimary) {
  MustRun("Set-Mailbox",
          {{"Identity", "m1"}, {"EmailAddresses", "alt@contoso.com,references@contoso.com"}});

  const Recipient& r = *tenant_.FindRecipient("m1");
  EXPECT_EQ(r.primary_smtp_address, "references@contoso.com");
  EXPECT_THAT(r.secondary_smtp_addresses, ElementsAre("alt@contoso.com"));
}

TEST_F(MailboxCmdletsTest, SetMailboxRefusesTwoPrimaries) {
  EXPECT_EQ(MustFail("Set-Mailbox", {{"Identity", "m1"},
                                     {"EmailAddresses", "SMTP:a@contoso.com,SMTP:b@contoso.com"}})
                .code,
            ErrorCode::kInvalidArgument);
}

TEST_F(MailboxCmdletsTest, SetMailboxCannotRemovePrimary) {
  Error e = MustFail("Set-Mailbox", {{"Identity", "m1"},
                                     {"EmailAddresses", "@{remove='references@contoso.com'}"}});

  EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
}

TEST_F(MailboxCmdletsTest, SetMailboxRefusesAddressOfAnotherRecipient) {
  EXPECT_EQ(MustFail("Set-Mailbox",
                     {{"Identity", "m1"}, {"EmailAddresses", "@{add='shared@contoso.com'}"}})
                .code,
            ErrorCode::kAlreadyExists);
}

TEST_F(MailboxCmdletsTest, FailedSetLeavesTenantUnchanged) {
  MustFail(
      "Set-Mailbox",
      {{"Identity", "m1"}, {"Department", "Sales"}, {"EmailAddresses", "@{add='x@fabrikam.com'}"}});

  EXPECT_EQ(tenant_.FindRecipient("m1")->department, "");
}

TEST_F(MailboxCmdletsTest, SetMailboxSetsDepartmentAndCustomAttributes) {
  MustRun("Set-Mailbox", {{"Identity", "m1"},
                          {"Department", "Marketing"},
                          {"CustomAttribute1", "012332"},
                          {"CustomAttribute15", "last"}});

  const Recipient& r = *tenant_.FindRecipient("m1");
  EXPECT_EQ(r.department, "Marketing");
  EXPECT_EQ(r.custom_attributes[0], "012332");
  EXPECT_EQ(r.custom_attributes[14], "last");
}

TEST_F(MailboxCmdletsTest, SetMailboxPrintsNothing) {
  auto out = MustRun("Set-Mailbox", {{"Identity", "m1"}, {"Department", "x"}});

  EXPECT_TRUE(out.objects.empty());
}

TEST_F(MailboxCmdletsTest, RemoveMailboxRemovesItAndItsMemberships) {
  AddMember(tenant_, "g1", "m1");

  MustRun("Remove-Mailbox", {{"Identity", "references"}, {"Confirm", "$false"}});

  EXPECT_EQ(tenant_.FindRecipient("m1"), nullptr);
  EXPECT_TRUE(tenant_.FindRecipient("g1")->member_ids.empty());
}

TEST_F(MailboxCmdletsTest, RemoveMailboxRefusesGroups) {
  EXPECT_EQ(MustFail("Remove-Mailbox", {{"Identity", "senders"}}).code, ErrorCode::kNotFound);
}

TEST_F(MailboxCmdletsTest, GetRecipientFindsEveryKind) {
  auto all = MustRun("Get-Recipient");
  auto group = MustRun("Get-Recipient", {{"Identity", "senders@contoso.com"}});
  auto shared = MustRun("Get-Recipient", {{"Identity", "shared"}});

  EXPECT_EQ(all.objects.size(), tenant_.recipients.size());
  EXPECT_THAT(all.columns, ElementsAre("Name", "RecipientType"));
  EXPECT_EQ(Field(group, 0, "RecipientTypeDetails"), "MailUniversalSecurityGroup");
  EXPECT_EQ(Field(shared, 0, "RecipientType"), "UserMailbox");
  EXPECT_EQ(Field(shared, 0, "RecipientTypeDetails"), "SharedMailbox");
}

TEST_F(MailboxCmdletsTest, NewMailContactUsesExternalAddress) {
  auto out = MustRun("New-MailContact",
                     {{"Name", "Partner"}, {"ExternalEmailAddress", "SMTP:partner@example.org"}});

  const Recipient* r = tenant_.ResolveRecipient("partner@example.org");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->type, RecipientType::kMailContact);
  EXPECT_EQ(r->external_email_address, "partner@example.org");
  EXPECT_EQ(Field(out, 0, "ExternalEmailAddress"), "SMTP:partner@example.org");
  EXPECT_EQ(MustFail("Get-Mailbox", {{"Identity", "Partner"}}).code, ErrorCode::kNotFound);
}

TEST_F(MailboxCmdletsTest, GetAndRemoveMailContact) {
  EXPECT_EQ(MustRun("Get-MailContact").objects.size(), 1u);

  MustRun("Remove-MailContact", {{"Identity", "contact@fabrikam.com"}});

  EXPECT_EQ(tenant_.FindRecipient("c1"), nullptr);
}

// ---- dispatcher ----

TEST_F(MailboxCmdletsTest, CmdletNamesIgnoreCase) {
  EXPECT_EQ(MustRun("get-mailbox").objects.size(), 2u);
}

TEST_F(MailboxCmdletsTest, UnknownCmdletIsNotFound) {
  Error e = MustFail("Get-Mailboxx");

  EXPECT_EQ(e.code, ErrorCode::kNotFound);
  EXPECT_THAT(e.message, HasSubstr("is not recognized as the name of a cmdlet"));
}

TEST(CmdletCatalogTest, ListsTheCmdletsOfTheGuideAndTheirAuthorizationEffect) {
  std::vector<std::string_view> names = CmdletNames();

  for (std::string_view name : {"Get-Mailbox",
                                "New-Mailbox",
                                "Set-Mailbox",
                                "Remove-Mailbox",
                                "Get-Recipient",
                                "New-MailContact",
                                "Get-Group",
                                "New-DistributionGroup",
                                "Add-DistributionGroupMember",
                                "Remove-DistributionGroupMember",
                                "Get-DistributionGroupMember",
                                "New-ServicePrincipal",
                                "Get-ServicePrincipal",
                                "Remove-ServicePrincipal",
                                "New-ManagementScope",
                                "Get-ManagementScope",
                                "Remove-ManagementScope",
                                "New-ManagementRoleAssignment",
                                "Get-ManagementRoleAssignment",
                                "Remove-ManagementRoleAssignment",
                                "Test-ServicePrincipalAuthorization",
                                "New-ApplicationAccessPolicy",
                                "Get-ApplicationAccessPolicy",
                                "Remove-ApplicationAccessPolicy",
                                "Test-ApplicationAccessPolicy"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  }
  EXPECT_TRUE(CmdletChangesAuthorization("Add-DistributionGroupMember"));
  EXPECT_TRUE(CmdletChangesAuthorization("new-managementroleassignment"));
  EXPECT_FALSE(CmdletChangesAuthorization("Get-Mailbox"));
  EXPECT_FALSE(CmdletChangesAuthorization("Test-ServicePrincipalAuthorization"));
  EXPECT_FALSE(CmdletChangesAuthorization("No-SuchCmdlet"));
}

}  // namespace
}  // namespace graphpost::sandbox::exchange
