// New-/Get-/Set-/Remove-ManagementRoleAssignment, Get-ManagementRole and
// Test-ServicePrincipalAuthorization.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sandbox/exchange/cmdlet_test_base.hpp"

namespace graphpost::sandbox::exchange {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace testing;  // NOLINT: test builders

class RoleAssignmentCmdletsTest : public CmdletTestBase {
 protected:
  RoleAssignmentCmdletsTest() {
    AddApp(tenant_);
    AddMailbox(tenant_, "m1", "references");
    AddMailbox(tenant_, "m2", "other");
    AddMailbox(tenant_, "m3", "nested");
    AddGroup(tenant_, "g1", "senders");
    AddGroup(tenant_, "g2", "inner");
    AddMember(tenant_, "g1", "m1");
    AddMember(tenant_, "g1", "g2");
    AddMember(tenant_, "g2", "m3");
    MustRun("New-ManagementScope",
            {{"Name", "Senders"},
             {"RecipientRestrictionFilter",
              "MemberOfGroup -eq '" + tenant_.FindRecipient("g1")->distinguished_name + "'"}});
  }

  CmdletOutput Assign(Params extra) {
    Params params = {{"Role", "Application Mail.Send"}, {"App", std::string(kAppId)}};
    params.insert(params.end(), extra.begin(), extra.end());
    return MustRun("New-ManagementRoleAssignment", params);
  }

  CmdletOutput TestAuth(std::string resource) {
    Params params = {{"Identity", std::string(kAppId)}};
    if (!resource.empty()) params.push_back({"Resource", resource});
    return MustRun("Test-ServicePrincipalAuthorization", params);
  }
};

TEST_F(RoleAssignmentCmdletsTest, NewPrintsExchangeColumns) {
  auto out = Assign({{"Name", "SlapFive Mail.Send"}, {"CustomResourceScope", "Senders"}});

  EXPECT_THAT(out.columns, ElementsAre("Name", "Role", "RoleAssigneeName", "RoleAssigneeType",
                                       "AssignmentMethod"));
  EXPECT_EQ(Field(out, 0, "Name"), "SlapFive Mail.Send");
  EXPECT_EQ(Field(out, 0, "Role"), "Application Mail.Send");
  EXPECT_EQ(Field(out, 0, "RoleAssigneeName"), "SlapFive Email Automation");
  EXPECT_EQ(Field(out, 0, "RoleAssigneeType"), "ServicePrincipal");
  EXPECT_EQ(Field(out, 0, "AssignmentMethod"), "Direct");
  EXPECT_EQ(Field(out, 0, "CustomResourceScope"), "Senders");
  EXPECT_EQ(tenant_.exchange.role_assignments[0].app_object_id, kSpObjectId);
}

TEST_F(RoleAssignmentCmdletsTest, AppMayBeObjectIdAppIdOrDisplayName) {
  for (std::string app :
       {std::string(kSpObjectId), std::string(kAppId), std::string("SlapFive Email Automation")}) {
    MustRun("New-ManagementRoleAssignment", {{"Role", "Application Mail.Read"}, {"App", app}});
  }

  EXPECT_EQ(tenant_.exchange.role_assignments.size(), 3u);
}

TEST_F(RoleAssignmentCmdletsTest, DefaultNameIsRoleDashAppAndStaysUnique) {
  auto first = Assign({});
  auto second = Assign({});

  EXPECT_EQ(Field(first, 0, "Name"), "Application Mail.Send-SlapFive Email Automation");
  EXPECT_EQ(Field(second, 0, "Name"), "Application Mail.Send-SlapFive Email Automation-2");
}

TEST_F(RoleAssignmentCmdletsTest, DuplicateExplicitNameIsAlreadyExists) {
  Assign({{"Name", "A"}});

  EXPECT_EQ(
      MustFail("New-ManagementRoleAssignment",
               {{"Name", "a"}, {"Role", "Application Mail.Read"}, {"App", std::string(kAppId)}})
          .code,
      ErrorCode::kAlreadyExists);
}

TEST_F(RoleAssignmentCmdletsTest, UnknownRoleAppOrScopeIsRefused) {
  Error role = MustFail("New-ManagementRoleAssignment",
                        {{"Role", "Application Mail.Fly"}, {"App", std::string(kAppId)}});
  Error user_role = MustFail("New-ManagementRoleAssignment",
                             {{"Role", "Mail Recipients"}, {"App", std::string(kAppId)}});
  Error app = MustFail("New-ManagementRoleAssignment",
                       {{"Role", "Application Mail.Send"}, {"App", "unknown app"}});
  Error scope = MustFail("New-ManagementRoleAssignment", {{"Role", "Application Mail.Send"},
                                                          {"App", std::string(kAppId)},
                                                          {"CustomResourceScope", "Nope"}});
  Error group = MustFail("New-ManagementRoleAssignment", {{"Role", "Application Mail.Send"},
                                                          {"App", std::string(kAppId)},
                                                          {"RecipientGroupScope", "references"}});

  EXPECT_EQ(role.code, ErrorCode::kNotFound);
  EXPECT_EQ(user_role.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(app.code, ErrorCode::kNotFound);
  EXPECT_THAT(app.message, HasSubstr("New-ServicePrincipal"));
  EXPECT_EQ(scope.code, ErrorCode::kNotFound);
  EXPECT_EQ(group.code, ErrorCode::kNotFound);
  EXPECT_TRUE(tenant_.exchange.role_assignments.empty());
}

TEST_F(RoleAssignmentCmdletsTest, AppWithoutExchangePointerIsRefused) {
  tenant_.exchange.service_principals.clear();

  EXPECT_EQ(MustFail("New-ManagementRoleAssignment",
                     {{"Role", "Application Mail.Send"}, {"App", std::string(kAppId)}})
                .code,
            ErrorCode::kNotFound);
}

TEST_F(RoleAssignmentCmdletsTest, BothScopesAtOnceIsRefused) {
  EXPECT_EQ(MustFail("New-ManagementRoleAssignment", {{"Role", "Application Mail.Send"},
                                                      {"App", std::string(kAppId)},
                                                      {"CustomResourceScope", "Senders"},
                                                      {"RecipientGroupScope", "senders"}})
                .code,
            ErrorCode::kInvalidArgument);
}

TEST_F(RoleAssignmentCmdletsTest, GetFiltersByIdentityRoleAndAssignee) {
  Assign({{"Name", "A"}});
  MustRun("New-ManagementRoleAssignment",
          {{"Name", "B"}, {"Role", "Application Mail.Read"}, {"App", std::string(kAppId)}});

  EXPECT_EQ(MustRun("Get-ManagementRoleAssignment").objects.size(), 2u);
  EXPECT_EQ(Field(MustRun("Get-ManagementRoleAssignment", {{"", "b"}}), 0, "Name"), "B");
  EXPECT_EQ(
      MustRun("Get-ManagementRoleAssignment", {{"Role", "Application Mail.Read"}}).objects.size(),
      1u);
  EXPECT_EQ(MustRun("Get-ManagementRoleAssignment", {{"RoleAssignee", std::string(kAppId)}})
                .objects.size(),
            2u);
  EXPECT_EQ(MustFail("Get-ManagementRoleAssignment", {{"Identity", "C"}}).code,
            ErrorCode::kNotFound);
}

TEST_F(RoleAssignmentCmdletsTest, SetMovesTheAssignmentToAnotherScope) {
  Assign({{"Name", "A"}, {"CustomResourceScope", "Senders"}});

  MustRun("Set-ManagementRoleAssignment", {{"Identity", "A"}, {"RecipientGroupScope", "inner"}});

  EXPECT_EQ(tenant_.exchange.role_assignments[0].custom_resource_scope, "");
  EXPECT_EQ(tenant_.exchange.role_assignments[0].recipient_group_scope, "g2");
}

TEST_F(RoleAssignmentCmdletsTest, RemoveDeletesIt) {
  Assign({{"Name", "A"}});

  MustRun("Remove-ManagementRoleAssignment", {{"Identity", "A"}, {"Confirm", "$false"}});

  EXPECT_TRUE(tenant_.exchange.role_assignments.empty());
  EXPECT_EQ(MustFail("Remove-ManagementRoleAssignment", {{"Identity", "A"}}).code,
            ErrorCode::kNotFound);
}

TEST_F(RoleAssignmentCmdletsTest, GetManagementRoleListsApplicationRoles) {
  auto all = MustRun("Get-ManagementRole");
  auto one = MustRun("Get-ManagementRole", {{"", "Application Mail Full Access"}});

  EXPECT_GE(all.objects.size(), 20u);
  EXPECT_EQ(Field(one, 0, "GrantedPermissions"), "Mail.ReadWrite, Mail.Send");
}

// ---- Test-ServicePrincipalAuthorization ----

TEST_F(RoleAssignmentCmdletsTest, TestAuthorizationColumnsAndNotRun) {
  Assign({{"CustomResourceScope", "Senders"}});

  auto out = TestAuth("");

  EXPECT_THAT(out.columns, ElementsAre("RoleName", "GrantedPermissions", "AllowedResourceScope",
                                       "ScopeType", "InScope"));
  ASSERT_EQ(out.objects.size(), 1u);
  EXPECT_EQ(Field(out, 0, "RoleName"), "Application Mail.Send");
  EXPECT_EQ(Field(out, 0, "GrantedPermissions"), "Mail.Send");
  EXPECT_EQ(Field(out, 0, "AllowedResourceScope"), "Senders");
  EXPECT_EQ(Field(out, 0, "ScopeType"), "CustomRecipientScope");
  EXPECT_EQ(Field(out, 0, "InScope"), "Not Run");
}

TEST_F(RoleAssignmentCmdletsTest, TestAuthorizationCustomScopeDirectMembersOnly) {
  Assign({{"CustomResourceScope", "Senders"}});

  EXPECT_EQ(BoolField(TestAuth("references@contoso.com"), 0, "InScope"), true);
  EXPECT_EQ(BoolField(TestAuth("other@contoso.com"), 0, "InScope"), false);
  EXPECT_EQ(BoolField(TestAuth("nested@contoso.com"), 0, "InScope"), false);
}

TEST_F(RoleAssignmentCmdletsTest, TestAuthorizationGroupScope) {
  Assign({{"RecipientGroupScope", "senders@contoso.com"}});

  auto in = TestAuth("references");
  EXPECT_EQ(Field(in, 0, "ScopeType"), "Group");
  EXPECT_EQ(Field(in, 0, "AllowedResourceScope"), "senders");
  EXPECT_EQ(BoolField(in, 0, "InScope"), true);
  EXPECT_EQ(BoolField(TestAuth("nested"), 0, "InScope"), false);
}

TEST_F(RoleAssignmentCmdletsTest, TestAuthorizationOrganizationScope) {
  Assign({});

  auto out = TestAuth("other");

  EXPECT_EQ(Field(out, 0, "ScopeType"), "Organization");
  EXPECT_EQ(Field(out, 0, "AllowedResourceScope"), "Organization");
  EXPECT_EQ(BoolField(out, 0, "InScope"), true);
}

TEST_F(RoleAssignmentCmdletsTest, TestAuthorizationOneRowPerAssignment) {
  Assign({{"CustomResourceScope", "Senders"}});
  MustRun("New-ManagementRoleAssignment",
          {{"Role", "Application Mail Full Access"}, {"App", std::string(kAppId)}});

  auto out = TestAuth("other");

  ASSERT_EQ(out.objects.size(), 2u);
  EXPECT_EQ(BoolField(out, 0, "InScope"), false);
  EXPECT_EQ(Field(out, 1, "GrantedPermissions"), "Mail.ReadWrite, Mail.Send");
  EXPECT_EQ(BoolField(out, 1, "InScope"), true);
}

TEST_F(RoleAssignmentCmdletsTest, TestAuthorizationIgnoresEntraGrants) {
  tenant_.service_principals[0].granted_app_roles.push_back("Mail.Send");

  EXPECT_TRUE(TestAuth("references").objects.empty());
}

TEST_F(RoleAssignmentCmdletsTest, TestAuthorizationUnknownAppOrResourceIsNotFound) {
  EXPECT_EQ(MustFail("Test-ServicePrincipalAuthorization", {{"Identity", "nope"}}).code,
            ErrorCode::kNotFound);
  EXPECT_EQ(MustFail("Test-ServicePrincipalAuthorization",
                     {{"Identity", std::string(kAppId)}, {"Resource", "ghost@contoso.com"}})
                .code,
            ErrorCode::kNotFound);
}

}  // namespace
}  // namespace graphpost::sandbox::exchange
