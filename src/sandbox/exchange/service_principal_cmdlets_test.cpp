// New-/Get-/Set-/Remove-ServicePrincipal and New-/Get-/Set-/Remove-ManagementScope.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sandbox/exchange/cmdlet_test_base.hpp"

namespace graphpost::sandbox::exchange {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace testing;  // NOLINT: test builders

constexpr std::string_view kOtherAppId = "bbbbbbbb-0000-0000-0000-000000000002";
constexpr std::string_view kOtherSpId = "bbbbbbbb-0000-0000-0000-0000000000b2";

class ServicePrincipalCmdletsTest : public CmdletTestBase {
 protected:
  ServicePrincipalCmdletsTest() {
    AddApp(tenant_, /*exchange_pointer=*/false);
    ServicePrincipal other;
    other.app_id = std::string(kOtherAppId);
    other.object_id = std::string(kOtherSpId);
    other.display_name = "Other App";
    tenant_.service_principals.push_back(other);
  }

  CmdletOutput Register() {
    return MustRun("New-ServicePrincipal",
                   {{"AppId", std::string(kAppId)}, {"ObjectId", std::string(kSpObjectId)}});
  }
};

TEST_F(ServicePrincipalCmdletsTest, NewCreatesPointerNamedAfterEnterpriseApp) {
  auto out = Register();

  ASSERT_EQ(tenant_.exchange.service_principals.size(), 1u);
  EXPECT_EQ(tenant_.exchange.service_principals[0].object_id, kSpObjectId);
  EXPECT_THAT(out.columns, ElementsAre("DisplayName", "ObjectId", "AppId"));
  EXPECT_EQ(Field(out, 0, "DisplayName"), "SlapFive Email Automation");
}

TEST_F(ServicePrincipalCmdletsTest, NewAcceptsDisplayNameAndDeprecatedServiceId) {
  MustRun("New-ServicePrincipal", {{"AppId", std::string(kAppId)},
                                   {"ServiceId", std::string(kSpObjectId)},
                                   {"DisplayName", "Mailer"}});

  EXPECT_EQ(tenant_.exchange.service_principals[0].display_name, "Mailer");
}

TEST_F(ServicePrincipalCmdletsTest, NewTwiceForTheAppIsAlreadyExists) {
  Register();

  Error e = MustFail("New-ServicePrincipal",
                     {{"AppId", std::string(kAppId)}, {"ObjectId", std::string(kSpObjectId)}});

  EXPECT_EQ(e.code, ErrorCode::kAlreadyExists);
  EXPECT_THAT(e.message, HasSubstr("already exists"));
}

TEST_F(ServicePrincipalCmdletsTest, NewWithAppRegistrationObjectIdExplainsTheMistake) {
  Error e = MustFail("New-ServicePrincipal",
                     {{"AppId", std::string(kAppId)}, {"ObjectId", std::string(kAppObjectId)}});

  EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(e.message, HasSubstr("is the object ID of the app registration"));
  EXPECT_THAT(e.message, HasSubstr("Enterprise applications"));
  EXPECT_THAT(e.message, HasSubstr(std::string(kSpObjectId)));
  EXPECT_TRUE(tenant_.exchange.service_principals.empty());
}

TEST_F(ServicePrincipalCmdletsTest, NewWithUnknownObjectIdIsNotFound) {
  EXPECT_EQ(MustFail("New-ServicePrincipal", {{"AppId", std::string(kAppId)},
                                              {"ObjectId", "cccccccc-0000-0000-0000-000000000000"}})
                .code,
            ErrorCode::kNotFound);
}

TEST_F(ServicePrincipalCmdletsTest, NewWithMismatchedAppIdIsRefused) {
  Error e = MustFail("New-ServicePrincipal",
                     {{"AppId", std::string(kAppId)}, {"ObjectId", std::string(kOtherSpId)}});

  EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(e.message, HasSubstr("doesn't match"));
}

TEST_F(ServicePrincipalCmdletsTest, NewWithNonGuidIsRefused) {
  EXPECT_EQ(MustFail("New-ServicePrincipal",
                     {{"AppId", "SlapFive"}, {"ObjectId", std::string(kSpObjectId)}})
                .code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(MustFail("New-ServicePrincipal", {{"AppId", std::string(kAppId)}}).code,
            ErrorCode::kInvalidArgument);
}

TEST_F(ServicePrincipalCmdletsTest, GetFindsByAppIdObjectIdOrName) {
  Register();
  MustRun("New-ServicePrincipal",
          {{"AppId", std::string(kOtherAppId)}, {"ObjectId", std::string(kOtherSpId)}});

  for (std::string id :
       {std::string(kAppId), std::string(kSpObjectId), std::string("slapfive email automation")}) {
    auto out = MustRun("Get-ServicePrincipal", {{"Identity", id}});
    ASSERT_EQ(out.objects.size(), 1u) << id;
    EXPECT_EQ(Field(out, 0, "AppId"), kAppId);
  }
}

TEST_F(ServicePrincipalCmdletsTest, GetWithoutOrWithUnknownIdentityReturnsAll) {
  Register();
  MustRun("New-ServicePrincipal",
          {{"AppId", std::string(kOtherAppId)}, {"ObjectId", std::string(kOtherSpId)}});

  EXPECT_EQ(MustRun("Get-ServicePrincipal").objects.size(), 2u);
  EXPECT_EQ(MustRun("Get-ServicePrincipal", {{"Identity", "nope"}}).objects.size(), 2u);
  EXPECT_EQ(MustRun("Get-ServicePrincipal", {{"Identity", "$null"}}).objects.size(), 2u);
}

TEST_F(ServicePrincipalCmdletsTest, GetHasNoAppIdParameter) {
  // The guide's troubleshooting uses `Get-ServicePrincipal -AppId`, which Exchange rejects.
  Error e = MustFail("Get-ServicePrincipal", {{"AppId", std::string(kAppId)}});

  EXPECT_EQ(e.message, "A parameter cannot be found that matches parameter name 'AppId'.");
}

TEST_F(ServicePrincipalCmdletsTest, SetChangesDisplayName) {
  Register();

  MustRun("Set-ServicePrincipal", {{"Identity", std::string(kAppId)}, {"DisplayName", "Mailer"}});

  EXPECT_EQ(tenant_.exchange.service_principals[0].display_name, "Mailer");
}

TEST_F(ServicePrincipalCmdletsTest, RemoveTakesAssignmentsAlongButLeavesScopes) {
  Register();
  MustRun("New-ManagementScope", {{"Name", "S"}, {"RecipientRestrictionFilter", "Alias -eq 'a'"}});
  MustRun("New-ManagementRoleAssignment", {{"Role", "Application Mail.Send"},
                                           {"App", std::string(kAppId)},
                                           {"CustomResourceScope", "S"}});

  MustRun("Remove-ServicePrincipal", {{"Identity", std::string(kSpObjectId)}});

  EXPECT_TRUE(tenant_.exchange.service_principals.empty());
  EXPECT_TRUE(tenant_.exchange.role_assignments.empty());
  EXPECT_EQ(tenant_.exchange.scopes.size(), 1u);
}

TEST_F(ServicePrincipalCmdletsTest, RemoveUnknownIsNotFound) {
  EXPECT_EQ(MustFail("Remove-ServicePrincipal", {{"Identity", "nope"}}).code, ErrorCode::kNotFound);
}

// ---- management scopes ----

using ManagementScopeCmdletsTest = ServicePrincipalCmdletsTest;

TEST_F(ManagementScopeCmdletsTest, NewPrintsExchangeColumns) {
  auto out = MustRun("New-ManagementScope",
                     {{"Name", "Canadian users"},
                      {"RecipientRestrictionFilter", "CustomAttribute1 -eq '012332'"}});

  EXPECT_THAT(out.columns, ElementsAre("Name", "ScopeRestrictionType", "Exclusive", "RecipientRoot",
                                       "RecipientFilter"));
  EXPECT_EQ(Field(out, 0, "ScopeRestrictionType"), "RecipientScope");
  EXPECT_EQ(Field(out, 0, "RecipientFilter"), "CustomAttribute1 -eq '012332'");
  EXPECT_EQ(out.objects[0].at("Exclusive"), false);
}

TEST_F(ManagementScopeCmdletsTest, NewRefusesBadFilterWithParserMessage) {
  Error e = MustFail("New-ManagementScope",
                     {{"Name", "S"}, {"RecipientRestrictionFilter", "MemberOfGroup -eq"}});

  EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(e.message, HasSubstr("Invalid filter syntax"));
  EXPECT_THAT(e.message, HasSubstr("at position 18"));
  EXPECT_TRUE(tenant_.exchange.scopes.empty());
}

TEST_F(ManagementScopeCmdletsTest, NewRefusesUnknownProperty) {
  EXPECT_THAT(MustFail("New-ManagementScope",
                       {{"Name", "S"}, {"RecipientRestrictionFilter", "City -eq 'Oslo'"}})
                  .message,
              HasSubstr("\"City\" is not a recognized filterable property"));
}

TEST_F(ManagementScopeCmdletsTest, NewRefusesLongName) {
  Error e = MustFail("New-ManagementScope", {{"Name", std::string(65, 'n')},
                                             {"RecipientRestrictionFilter", "Alias -eq 'a'"}});

  EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(e.message, HasSubstr("maximum length is 64"));
}

TEST_F(ManagementScopeCmdletsTest, NewAcceptsSixtyFourCharacterName) {
  MustRun("New-ManagementScope",
          {{"Name", std::string(64, 'n')}, {"RecipientRestrictionFilter", "Alias -eq 'a'"}});
}

TEST_F(ManagementScopeCmdletsTest, DuplicateNameIsAlreadyExists) {
  MustRun("New-ManagementScope", {{"Name", "S"}, {"RecipientRestrictionFilter", "Alias -eq 'a'"}});

  EXPECT_EQ(MustFail("New-ManagementScope",
                     {{"Name", "s"}, {"RecipientRestrictionFilter", "Alias -eq 'b'"}})
                .code,
            ErrorCode::kAlreadyExists);
}

TEST_F(ManagementScopeCmdletsTest, GetOneOrAll) {
  MustRun("New-ManagementScope", {{"Name", "A"}, {"RecipientRestrictionFilter", "Alias -eq 'a'"}});
  MustRun("New-ManagementScope", {{"Name", "B"}, {"RecipientRestrictionFilter", "Alias -eq 'b'"}});

  EXPECT_EQ(MustRun("Get-ManagementScope").objects.size(), 2u);
  EXPECT_EQ(Field(MustRun("Get-ManagementScope", {{"", "b"}}), 0, "Name"), "B");
  EXPECT_EQ(MustFail("Get-ManagementScope", {{"Identity", "C"}}).code, ErrorCode::kNotFound);
}

TEST_F(ManagementScopeCmdletsTest, SetChangesFilterAndRenamesAssignmentsAlong) {
  Register();
  MustRun("New-ManagementScope", {{"Name", "A"}, {"RecipientRestrictionFilter", "Alias -eq 'a'"}});
  MustRun("New-ManagementRoleAssignment", {{"Role", "Application Mail.Send"},
                                           {"App", std::string(kAppId)},
                                           {"CustomResourceScope", "A"}});

  MustRun(
      "Set-ManagementScope",
      {{"Identity", "A"}, {"Name", "Renamed"}, {"RecipientRestrictionFilter", "Alias -eq 'z'"}});

  EXPECT_EQ(tenant_.exchange.scopes[0].name, "Renamed");
  EXPECT_EQ(tenant_.exchange.scopes[0].recipient_filter, "Alias -eq 'z'");
  EXPECT_EQ(tenant_.exchange.role_assignments[0].custom_resource_scope, "Renamed");
}

TEST_F(ManagementScopeCmdletsTest, RemoveFailsWhileAnAssignmentUsesIt) {
  Register();
  MustRun("New-ManagementScope", {{"Name", "A"}, {"RecipientRestrictionFilter", "Alias -eq 'a'"}});
  MustRun("New-ManagementRoleAssignment", {{"Name", "Send A"},
                                           {"Role", "Application Mail.Send"},
                                           {"App", std::string(kAppId)},
                                           {"CustomResourceScope", "A"}});

  Error e = MustFail("Remove-ManagementScope", {{"Identity", "A"}});

  EXPECT_EQ(e.code, ErrorCode::kFailedPrecondition);
  EXPECT_THAT(e.message, HasSubstr("\"Send A\""));
  MustRun("Remove-ManagementRoleAssignment", {{"Identity", "Send A"}});
  MustRun("Remove-ManagementScope", {{"Identity", "A"}});
  EXPECT_TRUE(tenant_.exchange.scopes.empty());
}

}  // namespace
}  // namespace graphpost::sandbox::exchange
