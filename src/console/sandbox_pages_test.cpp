// The Sandbox tenants and tenant pages against the real sandbox (the setup guide's tenant).
#include <chrono>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "console/sandbox_pages_test_support.hpp"

namespace graphpost::console {
namespace {

using ::testing::HasSubstr;
using testing::kTenant;
using ::testing::Not;
using testing::SandboxPagesTest;

const std::string kTenantUrl = "/ui/sandbox/" + std::string(kTenant);

TEST(SandboxRoutesTest, WithoutAnEmbeddedSandboxNoSandboxRouteExists) {
  ::graphpost::testing::FakeClock clock;
  ::graphpost::testing::FakeRandom random;
  RouteTable routes;
  ::graphpost::testing::TempDir dir;
  auto outbox = outbox::SqliteOutboxStore::Open(dir.path() / "o.db", {}, clock);
  auto vault = connections::SecretVault::FromMasterKey(Base64Encode(std::string(32, 'k')), "t");
  ASSERT_TRUE(outbox && vault);
  auto store = connections::ConnectionStore::Open(":memory:", std::move(*vault), clock);
  ASSERT_TRUE(store);
  ConsoleDeps deps{.clock = clock,
                   .random = random,
                   .outbox = **outbox,
                   .connections = **store,
                   .engine_stats = {},
                   .notify = {},
                   .run_doctor = {},
                   .sandbox = {},
                   .options = {}};

  RegisterSandboxRoutes(routes, deps);

  EXPECT_EQ(routes.Find("GET", {"sandbox"}), nullptr);
  EXPECT_EQ(routes.Find("GET", {"sandbox", kTenant}), nullptr);
}

TEST_F(SandboxPagesTest, TheTenantsPageListsTheGuideTenant) {
  PageAnswer page = Get("/ui/sandbox");

  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.section, "sandbox");
  EXPECT_THAT(page.body, HasSubstr("<table id=\"tenants\" class=\"data\"><caption>"));
  EXPECT_THAT(page.body, HasSubstr("<tr data-tenant=\"" + std::string(kTenant) + "\">"));
  EXPECT_THAT(page.body, HasSubstr("<a href=\"" + kTenantUrl + "\">Company</a>"));
  EXPECT_THAT(page.body, HasSubstr("company.onmicrosoft.com, company.com"));
}

TEST_F(SandboxPagesTest, TheTenantPageShowsAppsWithPermissionsConsentAndCredentialExpiry) {
  PageAnswer page = Get(kTenantUrl);

  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.title, "Tenant Company");
  EXPECT_THAT(page.body, HasSubstr("<section id=\"apps\""));
  EXPECT_THAT(page.body, HasSubstr("<tr data-app=\"8d2c4b6a-1e3f-4a5b-9c7d-0e1f2a3b4c5d\">"));
  EXPECT_THAT(page.body, HasSubstr("SlapFive Email Automation"));
  EXPECT_THAT(page.body, HasSubstr("<code>Mail.Send</code> (Application): <span "
                                   "class=\"consent\">Granted</span>"));
  EXPECT_THAT(page.body, HasSubstr("Client secret “graphpost”: <span class=\"expiry\">"));
  EXPECT_THAT(page.body, HasSubstr("2027-11-27 09:00:00 UTC"));  // the scenario's 12 months
}

TEST_F(SandboxPagesTest, ASecretWithinThirtyDaysOfExpiryIsMarkedSoonAndAPastOneExpired) {
  now_ = std::chrono::sys_days{std::chrono::year{2027} / 11 / 10};
  PageAnswer soon = Get(kTenantUrl);
  now_ = std::chrono::sys_days{std::chrono::year{2027} / 12 / 1};
  PageAnswer expired = Get(kTenantUrl);

  EXPECT_THAT(soon.body, HasSubstr("<span class=\"expiry expiry-soon\">"));
  EXPECT_THAT(soon.body, HasSubstr("(expires in 17 days)"));
  EXPECT_THAT(expired.body, HasSubstr("<span class=\"expiry expiry-expired\">"));
  EXPECT_THAT(expired.body, HasSubstr("(expired 3 days ago)"));
}

TEST_F(SandboxPagesTest, TheTenantPageShowsExchangeScopesAssignmentsAndServicePrincipals) {
  PageAnswer page = Get(kTenantUrl);

  EXPECT_THAT(page.body, HasSubstr("<section id=\"service-principals\""));
  EXPECT_THAT(page.body, HasSubstr("<section id=\"scopes\""));
  EXPECT_THAT(page.body, HasSubstr("SlapFive Email Senders Scope"));
  EXPECT_THAT(page.body, HasSubstr("<code>MemberOfGroup -eq &#39;CN=slapfiveemailsenders"));
  EXPECT_THAT(page.body, HasSubstr("<section id=\"role-assignments\""));
  EXPECT_THAT(page.body, HasSubstr("<tr data-assignment=\"SlapFive Mail.Send\">"));
  EXPECT_THAT(page.body, HasSubstr("<td>Application Mail.Send</td>"));
  EXPECT_THAT(page.body, HasSubstr("<section id=\"access-policies\""));
  EXPECT_THAT(page.body, HasSubstr("No application access policies."));
}

TEST_F(SandboxPagesTest, AnApplicationAccessPolicyIsListed) {
  http::Response made = sb_.Admin(sandbox::testing::MakeRequest(
      "POST", "/_sandbox/tenants/" + std::string(kTenant) + "/exchange",
      R"({"cmdlet":"New-ApplicationAccessPolicy","params":[["AccessRight","RestrictAccess"],)"
      R"(["AppId","8d2c4b6a-1e3f-4a5b-9c7d-0e1f2a3b4c5d"],)"
      R"(["PolicyScopeGroupId","slapfiveemailsenders@company.com"],["Description","<b>only</b>"]])"
      "}"));
  ASSERT_EQ(made.status, 200) << made.body;

  PageAnswer page = Get(kTenantUrl);

  EXPECT_THAT(page.body, HasSubstr("<td>RestrictAccess</td>"));
  EXPECT_THAT(page.body, HasSubstr("<td>&lt;b&gt;only&lt;/b&gt;</td>"));
  EXPECT_THAT(page.body, Not(HasSubstr("No application access policies.")));
}

TEST_F(SandboxPagesTest, TheTenantPageListsMailboxesLinkingToThem) {
  PageAnswer page = Get(kTenantUrl);

  EXPECT_THAT(page.body, HasSubstr("<section id=\"mailboxes\""));
  EXPECT_THAT(page.body, HasSubstr("<tr data-mailbox=\"pat@company.com\">"));
  EXPECT_THAT(page.body, HasSubstr("<tr data-mailbox=\"references@company.com\">"));
  EXPECT_THAT(page.body, HasSubstr("<a href=\"" + kTenantUrl +
                                   "/mailboxes/pat%40company.com?folder=inbox\">Pat Customer "
                                   "Success</a>"));
}

TEST_F(SandboxPagesTest, ATenantCanBeNamedByDomain) {
  PageAnswer page = Get("/ui/sandbox/company.com");

  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.title, "Tenant Company");
}

TEST_F(SandboxPagesTest, AnUnknownTenantIs404) {
  EXPECT_EQ(Get("/ui/sandbox/nobody.example").status, 404);
  EXPECT_EQ(Get("/ui/sandbox/nobody.example/mailboxes/pat%40company.com").status, 404);
}

TEST_F(SandboxPagesTest, NoPageShowsTheAppSecret) {
  const std::string secret = sb_.AppSecret();
  ASSERT_GE(secret.size(), 16u);
  std::vector<std::string> ids = SendTestMail();
  const std::string attachment = AttachmentId("pat@company.com", "inbox", ids[0]);

  for (const std::string& url :
       {std::string("/ui/sandbox"), kTenantUrl, Mailbox("pat@company.com"),
        Mailbox("references@company.com") + "?folder=sentitems", Message("pat@company.com", ids[0]),
        Message("pat@company.com", ids[0]) + "/body",
        Message("pat@company.com", ids[0]) + "/attachments/" + PercentEncode(attachment)}) {
    PageAnswer page = Get(url);
    EXPECT_EQ(page.status, 200) << url;
    EXPECT_THAT(page.body, Not(HasSubstr(secret))) << url;
    EXPECT_THAT(page.raw ? page.raw->body : "", Not(HasSubstr(secret))) << url;
  }
}

}  // namespace
}  // namespace graphpost::console
