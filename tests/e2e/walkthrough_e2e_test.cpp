// Steps 1–7 of the setup guide, walked through the sandbox's admin CLI exactly as an admin would,
// then Test-ServicePrincipalAuthorization for a direct member, a non-member, a nested member and a
// scope written with the group's email address instead of its DN.
#include <gtest/gtest.h>

#include "core/json.hpp"
#include "tests/e2e/sandbox_fixture.hpp"

namespace graphpost::testing {
namespace {

class WalkthroughTest : public ::testing::Test {
 protected:
  WalkthroughTest() : sandbox_("") {}

  // Runs a CLI command with --json, expects success and returns the parsed output.
  json::value Json(std::vector<std::string> args) {
    args.insert(args.begin() + 1, "--json");
    CliResult r = sandbox_.Cli(args);
    EXPECT_EQ(r.exit_code, 0) << args[2] << ": " << r.err;
    auto doc = ParseJson(r.out);
    EXPECT_TRUE(doc) << r.out;
    return doc ? *doc : json::value(nullptr);
  }
  json::value Exo(std::vector<std::string> args) {
    args.insert(args.begin(), {"sandbox", "exo"});
    return Json(args);
  }
  std::string InScope(const std::string& client_id, const std::string& mailbox) {
    json::value rows =
        Exo({"Test-ServicePrincipalAuthorization", "-Identity", client_id, "-Resource", mailbox});
    std::string result;
    for (const auto& row : rows.as_array()) {
      if (!result.empty()) result += ",";
      // --json prints PowerShell's Boolean as a JSON Boolean, not as the text "True".
      auto in_scope = JsonBool(row, "InScope");
      result += in_scope ? (*in_scope ? "True" : "False") : "?";
    }
    return result;
  }

  SandboxFixture sandbox_;
};

TEST_F(WalkthroughTest, GuideStepsOneToSevenThroughTheAdminCli) {
  // A tenant with the company's domain and its mailboxes.
  Json({"sandbox", "tenant", "create", "--name", "Company", "--domain-prefix", "company"});
  Json({"sandbox", "tenant", "add-domain", "company.com"});
  Exo({"New-Mailbox", "-Shared", "-Name", "References", "-PrimarySmtpAddress",
       "references@company.com"});
  Exo({"New-Mailbox", "-Shared", "-Name", "Advocacy", "-PrimarySmtpAddress",
       "advocacy@company.com"});
  Json({"sandbox", "user", "add", "pat@company.com", "--name", "Pat"});
  Json({"sandbox", "user", "add", "nested@company.com", "--name", "Nested Member"});

  // Step 1: register the app (single tenant).
  json::value app = Json({"sandbox", "app", "register", "--name", "SlapFive Email Automation"});
  std::string client_id = JsonString(app, "appId").value_or("");
  ASSERT_FALSE(client_id.empty());
  // Step 2: Mail.Send and Mail.ReadWrite application permissions, admin consent.
  Json({"sandbox", "app", "add-permission", client_id, "Mail.Send"});
  Json({"sandbox", "app", "add-permission", client_id, "Mail.ReadWrite"});
  Json({"sandbox", "app", "grant-consent", client_id});
  // Step 3: a 12-month client secret, value written once to a file.
  auto secret_file = (sandbox_.state_dir() / "secret").string();
  Json({"sandbox", "app", "add-secret", client_id, "--name", "guide", "--months", "12",
        "--value-file", secret_file});
  // Step 4: client ID, tenant ID, enterprise application object ID.
  json::value shown = Json({"sandbox", "app", "show", client_id});
  std::string sp_object_id = JsonString(shown, "servicePrincipalObjectId").value_or("");
  EXPECT_FALSE(JsonString(shown, "tenantId").value_or("").empty());
  ASSERT_FALSE(sp_object_id.empty());
  EXPECT_NE(sp_object_id, JsonString(shown, "objectId").value_or(""));
  // Steps 5 and 6: the mailbox exists; its primary SMTP address is the User ID.
  json::value mailbox = Exo({"Get-Mailbox", "references@company.com"});
  ASSERT_EQ(mailbox.as_array().size(), 1u);
  EXPECT_EQ(JsonString(mailbox.as_array()[0], "PrimarySmtpAddress"), "references@company.com");
  // Step 7: group, service principal, scope on the group's DN, role assignment.
  Exo({"New-DistributionGroup", "-Name", "SlapFive Email Senders", "-Type", "Security"});
  Exo({"Add-DistributionGroupMember", "-Identity", "SlapFive Email Senders", "-Member",
       "references@company.com"});
  Exo({"Add-DistributionGroupMember", "-Identity", "SlapFive Email Senders", "-Member",
       "advocacy@company.com"});
  Exo({"New-DistributionGroup", "-Name", "Inner Team", "-Type", "Security", "-Members",
       "nested@company.com"});
  Exo({"Add-DistributionGroupMember", "-Identity", "SlapFive Email Senders", "-Member",
       "Inner Team"});
  Exo({"New-ServicePrincipal", "-AppId", client_id, "-ObjectId", sp_object_id});
  json::value group = Exo({"Get-Group", "SlapFive Email Senders"});
  std::string dn = JsonString(group.as_array()[0], "DistinguishedName").value_or("");
  std::string email = JsonString(group.as_array()[0], "WindowsEmailAddress").value_or("");
  ASSERT_NE(dn.find("CN="), std::string::npos);
  Exo({"New-ManagementScope", "-Name", "SlapFive Email Senders Scope",
       "-RecipientRestrictionFilter", "MemberOfGroup -eq '" + dn + "'"});
  Exo({"New-ManagementRoleAssignment", "-Name", "SlapFive Mail.Send", "-Role",
       "Application Mail.Send", "-App", client_id, "-CustomResourceScope",
       "SlapFive Email Senders Scope"});

  EXPECT_EQ(InScope(client_id, "references@company.com"), "True");
  EXPECT_EQ(InScope(client_id, "advocacy@company.com"), "True");
  EXPECT_EQ(InScope(client_id, "pat@company.com"), "False");     // not a member
  EXPECT_EQ(InScope(client_id, "nested@company.com"), "False");  // member of a member group only

  // The troubleshooting case: a scope written with the group's email address parses but matches
  // nothing.
  Exo({"Remove-ManagementRoleAssignment", "-Identity", "SlapFive Mail.Send", "-Confirm:$false"});
  Exo({"New-ManagementScope", "-Name", "Senders By Email", "-RecipientRestrictionFilter",
       "MemberOfGroup -eq '" + email + "'"});
  Exo({"New-ManagementRoleAssignment", "-Name", "By Email", "-Role", "Application Mail.Send",
       "-App", client_id, "-CustomResourceScope", "Senders By Email"});
  EXPECT_EQ(InScope(client_id, "references@company.com"), "False");
}

TEST_F(WalkthroughTest, NewServicePrincipalTwiceFailsLikeExchange) {
  Json({"sandbox", "tenant", "create", "--name", "Company", "--domain-prefix", "company"});
  json::value app = Json({"sandbox", "app", "register", "--name", "Twice"});
  std::string client_id = JsonString(app, "appId").value_or("");
  std::string sp = JsonString(app, "servicePrincipalObjectId").value_or("");
  Exo({"New-ServicePrincipal", "-AppId", client_id, "-ObjectId", sp});

  CliResult again = sandbox_.Cli(
      {"sandbox", "exo", "New-ServicePrincipal", "-AppId", client_id, "-ObjectId", sp});

  EXPECT_NE(again.exit_code, 0);
  EXPECT_FALSE(again.err.empty());
}

TEST_F(WalkthroughTest, FilterThatDoesNotParseIsRefusedWithItsPosition) {
  Json({"sandbox", "tenant", "create", "--name", "Company", "--domain-prefix", "company"});

  CliResult r = sandbox_.Cli({"sandbox", "exo", "New-ManagementScope", "-Name", "Bad",
                              "-RecipientRestrictionFilter", "MemberOfGroup -eq"});

  EXPECT_EQ(r.exit_code, 6);  // invalid input
  EXPECT_NE(r.err.find("position"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace graphpost::testing
