#include "setup/prompts.hpp"

#include <sstream>

#include <gtest/gtest.h>

namespace graphpost::setup {
namespace {

struct Run {
  Result<Answers> answers;
  std::string output;
};

Run Ask(const std::string& typed, const Answers& defaults = {}) {
  std::istringstream in(typed);
  std::ostringstream out;
  auto answers = AskAnswers(in, out, defaults);
  return {std::move(answers), out.str()};
}

size_t Count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// tenant, cloud, app, mailboxes..., "", group, credential, months, mode, summary.
std::string Typed(const std::string& tenant, const std::string& mailboxes) {
  return tenant + "\n\n\n" + mailboxes + "\n\n\n\n\n\n\n";
}

TEST(AskAnswersTest, EnterTakesTheDefaults) {
  auto run = Ask(Typed("company.com", "pat@company.com"));
  ASSERT_TRUE(run.answers) << run.answers.error().message << "\n" << run.output;
  EXPECT_EQ(run.answers->tenant, "company.com");
  EXPECT_EQ(run.answers->cloud, "global");
  EXPECT_EQ(run.answers->app_name, "graphpost mail sender");
  EXPECT_EQ(run.answers->group_name, "");
  EXPECT_EQ(run.answers->credential, CredentialKind::kClientSecret);
  EXPECT_EQ(run.answers->credential_months, 12);
  EXPECT_EQ(run.answers->mode, Mode::kRecommended);
  ASSERT_EQ(run.answers->mailboxes.size(), 1u);
  EXPECT_EQ(run.answers->mailboxes[0].address, "pat@company.com");
  EXPECT_NE(run.output.find("[global]"), std::string::npos);
  EXPECT_NE(run.output.find("Write the runbook? [Y/n]"), std::string::npos);
}

TEST(AskAnswersTest, ABadTenantIsRefusedWithItsReasonThenAskedAgain) {
  auto run = Ask("not a tenant\n" + Typed("company.com", "pat@company.com"));
  ASSERT_TRUE(run.answers) << run.output;
  EXPECT_EQ(run.answers->tenant, "company.com");
  EXPECT_NE(run.output.find("tenant: 'not a tenant' is neither a directory (tenant) ID (a GUID) "
                            "nor a domain name like contoso.com\n"),
            std::string::npos)
      << run.output;
  EXPECT_EQ(Count(run.output, "Tenant: "), 2u);
}

TEST(AskAnswersTest, AnAddressOutsideTheDomainsIsAskedAgain) {
  auto run = Ask(Typed("company.com",
                       "pat@other.com\npat@company.com\nrefs@company.com shared\n"
                       "invoices@company.com alias billing@company.com"));
  ASSERT_TRUE(run.answers) << run.output;
  EXPECT_NE(run.output.find("mailbox 'pat@other.com': the domain other.com is not one of the "
                            "tenant's domains (company.com)\n"),
            std::string::npos)
      << run.output;
  EXPECT_EQ(Count(run.output, "Mailbox 1: "), 2u);
  ASSERT_EQ(run.answers->mailboxes.size(), 3u);
  EXPECT_EQ(run.answers->mailboxes[1].kind, MailboxKind::kShared);
  EXPECT_EQ(run.answers->mailboxes[2].kind, MailboxKind::kAlias);
  EXPECT_EQ(run.answers->mailboxes[2].alias_of, "billing@company.com");
}

TEST(AskAnswersTest, MailboxLinesThatAreWrongAreRefused) {
  auto run = Ask(Typed("company.com",
                       "\npat@company.com\npat@company.com\nx@company.com room\n"
                       "x@company.com alias\nx@company.com user y@company.com\n"
                       "pat@company.de\nx@company.com"));
  ASSERT_TRUE(run.answers) << run.output;
  EXPECT_NE(run.output.find("mailboxes: give at least one sending mailbox"), std::string::npos);
  EXPECT_NE(run.output.find("'pat@company.com': is in the list already"), std::string::npos);
  EXPECT_NE(run.output.find("kind: 'room' is not one of"), std::string::npos);
  EXPECT_NE(run.output.find("an alias needs the address of its mailbox"), std::string::npos);
  EXPECT_NE(run.output.find("only an alias is followed"), std::string::npos);
  EXPECT_EQ(run.answers->mailboxes.size(), 2u);
}

TEST(AskAnswersTest, AGuidTenantIsAskedForItsDomains) {
  auto run = Ask("72f988bf-86f1-41af-91ab-2d7cd011db47\nnot-a-domain\ncompany.com, company.de\n" +
                 std::string("\n\nx@company.de\n\n\n\n\n\n\n"));
  ASSERT_TRUE(run.answers) << run.output;
  EXPECT_EQ(run.answers->domains, (std::vector<std::string>{"company.com", "company.de"}));
  EXPECT_NE(run.output.find("domains: 'not-a-domain' is not a domain name"), std::string::npos);
}

TEST(AskAnswersTest, OtherAnswersAreCheckedToo) {
  auto run =
      Ask("company.com\nmars\nusgov\nbad \"name\"\nMailer\npat@company.com\n\n"
          "Mailer Group\npassword\ncertificate\n0\n24\nfast\nrecommended\nmaybe\ny\n");
  ASSERT_TRUE(run.answers) << run.output;
  EXPECT_NE(run.output.find("cloud: 'mars' is not one of"), std::string::npos);
  EXPECT_NE(run.output.find("app_name: "), std::string::npos);
  EXPECT_NE(run.output.find("credential: 'password'"), std::string::npos);
  EXPECT_NE(run.output.find("credential_months: '0'"), std::string::npos);
  EXPECT_NE(run.output.find("mode: 'fast'"), std::string::npos);
  EXPECT_NE(run.output.find("answer y (yes) or n (no)"), std::string::npos);
  EXPECT_EQ(run.answers->cloud, "usgov");
  EXPECT_EQ(run.answers->app_name, "Mailer");
  EXPECT_EQ(run.answers->group_name, "Mailer Group");
  EXPECT_EQ(run.answers->credential, CredentialKind::kCertificate);
  EXPECT_EQ(run.answers->credential_months, 24);
}

TEST(AskAnswersTest, AsTheGuideIsAcceptedOnlyAfterTheWarning) {
  const std::string start = "company.com\n\n\npat@company.com\n\n\n\n\n";
  auto declined = Ask(start + "as-the-guide\nn\nrecommended\n\n");
  ASSERT_TRUE(declined.answers) << declined.output;
  EXPECT_EQ(declined.answers->mode, Mode::kRecommended);
  EXPECT_NE(declined.output.find("send as ANY mailbox in the tenant"), std::string::npos);
  EXPECT_NE(declined.output.find("does not narrow an Entra grant"), std::string::npos);

  auto accepted = Ask(start + "as-the-guide\ny\n\n");
  ASSERT_TRUE(accepted.answers) << accepted.output;
  EXPECT_EQ(accepted.answers->mode, Mode::kAsTheGuide);
}

TEST(AskAnswersTest, FlagsFillTheBrackets) {
  Answers d;
  d.tenant = "company.com";
  d.app_name = "Mailer";
  d.mailboxes = {{.address = "pat@company.com"}};
  d.mode = Mode::kRecommended;
  auto run = Ask("\n\n\n\n\n\n\n\n\n", d);
  ASSERT_TRUE(run.answers) << run.output;
  EXPECT_NE(run.output.find("[company.com]"), std::string::npos);
  EXPECT_NE(run.output.find("[Mailer Senders]"), std::string::npos);
  EXPECT_NE(run.output.find("[pat@company.com]"), std::string::npos);
  ASSERT_EQ(run.answers->mailboxes.size(), 1u);
  EXPECT_EQ(run.answers->group_name, "");
}

TEST(AskAnswersTest, EndOfInputSaysWhichQuestionWasOpen) {
  auto none = Ask("");
  ASSERT_FALSE(none.answers);
  EXPECT_EQ(none.answers.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(none.answers.error().message, "input ended before the tenant");

  auto mid = Ask("company.com\n\n\npat@company.com\n");
  ASSERT_FALSE(mid.answers);
  EXPECT_EQ(mid.answers.error().message, "input ended before the sending mailboxes");

  auto bad_forever = Ask("nope\nnope\n");
  ASSERT_FALSE(bad_forever.answers);
  EXPECT_EQ(bad_forever.answers.error().message, "input ended before the tenant");
}

TEST(AskAnswersTest, NoToTheSummaryCancels) {
  auto run = Ask("company.com\n\n\npat@company.com\n\n\n\n\n\nn\n");
  ASSERT_FALSE(run.answers);
  EXPECT_EQ(run.answers.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(run.answers.error().message, "cancelled");
  EXPECT_NE(run.output.find("pat@company.com (user, connection pat)"), std::string::npos);
}

}  // namespace
}  // namespace graphpost::setup
