// The setup guide's tenant on a real sandbox over HTTPS: a token with the generated secret, a
// message sent from references@ through sendMail, and the message where the guide says it goes.
#include <gtest/gtest.h>

#include "core/form.hpp"
#include "core/json.hpp"
#include "tests/e2e/sandbox_fixture.hpp"

namespace graphpost::testing {
namespace {

std::string TokenForm(const std::string& secret) {
  return EncodeForm({{"grant_type", "client_credentials"},
                     {"client_id", kGuideClient},
                     {"scope", "https://graph.microsoft.com/.default"},
                     {"client_secret", secret}});
}

TEST(GuideE2eTest, SendsFromReferencesToATenantInboxWithACopyInSentItems) {
  SandboxFixture sandbox;
  auto [status, token] = sandbox.Token(kGuideTenant, TokenForm(sandbox.GuideSecret()));
  ASSERT_EQ(status, 200) << ToJson(token);
  std::string access_token = JsonString(token, "access_token").value_or("");

  auto sent = sandbox.Graph(
      "POST", "/users/references@company.com/sendMail", access_token,
      R"({"message":{"subject":"Quarterly references","body":{"contentType":"Text","content":"Hi"},
                                "toRecipients":[{"emailAddress":{"address":"pat@company.com"}}]}})");

  EXPECT_EQ(sent.status, 202) << sent.body;
  EXPECT_TRUE(sent.body.empty());
  EXPECT_FALSE(sent.headers.Get("Content-Type"));
  auto inbox =
      sandbox.Graph("GET", "/users/pat@company.com/mailFolders/inbox/messages?$select=subject,from",
                    access_token);
  ASSERT_EQ(inbox.status, 200) << inbox.body;
  auto listing = ParseJson(inbox.body).value();
  ASSERT_EQ(listing.at("value").as_array().size(), 1u);
  EXPECT_EQ(JsonString(listing.at("value").at(0), "subject"), "Quarterly references");
  auto sent_items = sandbox.Graph(
      "GET", "/users/references@company.com/mailFolders/sentitems/messages", access_token);
  EXPECT_EQ(ParseJson(sent_items.body).value().at("value").as_array().size(), 1u);
}

TEST(GuideE2eTest, WrongSecretIsRefusedWith7000215) {
  SandboxFixture sandbox;

  auto [status, reply] = sandbox.Token(kGuideTenant, TokenForm("not-the-secret"));

  EXPECT_EQ(status, 401);
  EXPECT_EQ(JsonString(reply, "error"), "invalid_client");
  EXPECT_EQ(reply.at("error_codes").at(0).as_int64(), 7000215);
}

TEST(GuideE2eTest, StateSurvivesARestart) {
  SandboxFixture sandbox;
  CliResult created = sandbox.Cli({"sandbox", "exo", "New-Mailbox", "-Shared", "-Name", "Billing",
                                   "-PrimarySmtpAddress", "billing@company.com"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  sandbox.sandbox().Stop();

  SystemClock clock;
  SystemRandom random;
  auto again = sandbox::Sandbox::Start(
      {.state_dir = sandbox.state_dir() / "sandbox", .listen = false}, clock, random);

  ASSERT_TRUE(again) << again.error().message;
  std::lock_guard lock((*again)->world().mu);
  const sandbox::Tenant* tenant = (*again)->world().FindTenant("company.com");
  ASSERT_NE(tenant, nullptr);
  EXPECT_NE(tenant->ResolveRecipient("billing@company.com"), nullptr);
}

TEST(GuideE2eTest, RequestLogRecordsTheTokenRequestWithItsApp) {
  SandboxFixture sandbox;
  sandbox.Token(kGuideTenant, TokenForm(sandbox.GuideSecret()));

  CliResult log = sandbox.Cli({"sandbox", "--json", "requests"});

  ASSERT_EQ(log.exit_code, 0) << log.err;
  auto doc = ParseJson(log.out).value();
  const auto& entries = doc.at("requests").as_array();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(JsonString(entries[0], "app"), kGuideClient);
  EXPECT_EQ(JsonString(entries[0], "method"), "POST");
  EXPECT_EQ(entries[0].at("status").as_int64(), 200);
}

}  // namespace
}  // namespace graphpost::testing
