#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "setup/answers.hpp"

namespace graphpost::setup {
namespace {

std::string ErrorOf(std::string_view text) {
  auto parsed = ParseAnswersToml(text, "answers.toml");
  if (parsed) return "";
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  return parsed.error().message;
}

void ExpectSame(const Answers& a, const Answers& b) {
  EXPECT_EQ(a.tenant, b.tenant);
  EXPECT_EQ(a.domains, b.domains);
  EXPECT_EQ(a.cloud, b.cloud);
  EXPECT_EQ(a.app_name, b.app_name);
  EXPECT_EQ(a.group_name, b.group_name);
  EXPECT_EQ(a.credential, b.credential);
  EXPECT_EQ(a.credential_months, b.credential_months);
  EXPECT_EQ(a.mode, b.mode);
  EXPECT_EQ(a.admin_upn, b.admin_upn);
  ASSERT_EQ(a.mailboxes.size(), b.mailboxes.size());
  for (size_t i = 0; i < a.mailboxes.size(); ++i) {
    EXPECT_EQ(a.mailboxes[i].address, b.mailboxes[i].address);
    EXPECT_EQ(a.mailboxes[i].kind, b.mailboxes[i].kind);
    EXPECT_EQ(a.mailboxes[i].alias_of, b.mailboxes[i].alias_of);
    EXPECT_EQ(a.mailboxes[i].connection, b.mailboxes[i].connection);
  }
}

TEST(AnswersTomlTest, ReadsEveryKey) {
  auto a = ParseAnswersToml(R"(
tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
domains = ["company.com", "company.de"]
cloud = "usgov"
app_name = "Mailer"
group_name = "Mailer Group"
credential = "certificate"
credential_months = 6
mode = "as-the-guide"
admin_upn = "admin@company.onmicrosoft.com"

[[mailbox]]
address = "references@company.com"
kind = "shared"
connection = "refs"

[[mailbox]]
address = "invoices@company.com"
kind = "alias"
alias_of = "billing@company.com"
)",
                            "answers.toml");
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->tenant, "72f988bf-86f1-41af-91ab-2d7cd011db47");
  EXPECT_EQ(a->domains, (std::vector<std::string>{"company.com", "company.de"}));
  EXPECT_EQ(a->cloud, "usgov");
  EXPECT_EQ(a->app_name, "Mailer");
  EXPECT_EQ(a->group_name, "Mailer Group");
  EXPECT_EQ(a->credential, CredentialKind::kCertificate);
  EXPECT_EQ(a->credential_months, 6);
  EXPECT_EQ(a->mode, Mode::kAsTheGuide);
  EXPECT_EQ(a->admin_upn, "admin@company.onmicrosoft.com");
  ASSERT_EQ(a->mailboxes.size(), 2u);
  EXPECT_EQ(a->mailboxes[0].kind, MailboxKind::kShared);
  EXPECT_EQ(a->mailboxes[0].connection, "refs");
  EXPECT_EQ(a->mailboxes[1].kind, MailboxKind::kAlias);
  EXPECT_EQ(a->mailboxes[1].alias_of, "billing@company.com");
  EXPECT_TRUE(ValidateAnswers(*a));
}

TEST(AnswersTomlTest, MissingKeysKeepTheDefaults) {
  auto a = ParseAnswersToml("tenant = \"company.com\"\n", "answers.toml");
  ASSERT_TRUE(a);
  Answers defaults;
  defaults.tenant = "company.com";
  ExpectSame(*a, defaults);
}

TEST(AnswersTomlTest, RoundTripsThroughTheWriter) {
  Answers a;
  a.tenant = "company.com";
  a.domains = {"company.com"};
  a.app_name = "Quote \" back\\slash\ttab é";
  a.group_name = "";
  a.credential = CredentialKind::kCertificate;
  a.credential_months = 24;
  a.mode = Mode::kAsTheGuide;
  a.mailboxes = {{.address = "pat@company.com"},
                 {.address = "invoices@company.com",
                  .kind = MailboxKind::kAlias,
                  .alias_of = "billing@company.com",
                  .connection = "invoices"}};
  const std::string text = AnswersToToml(a);
  auto back = ParseAnswersToml(text, "answers.toml");
  ASSERT_TRUE(back) << back.error().message << "\n" << text;
  ExpectSame(a, *back);
  EXPECT_EQ(AnswersToToml(*back), text);
}

TEST(AnswersTomlTest, TheWrittenFileHasACommentPerKey) {
  Answers a;
  a.tenant = "company.com";
  const std::string text = AnswersToToml(a);
  for (const char* key : {"tenant", "domains", "cloud", "app_name", "group_name", "credential",
                          "credential_months", "mode", "admin_upn"}) {
    auto at = text.find("\n" + std::string(key) + " = ");
    ASSERT_NE(at, std::string::npos) << key;
    auto comment = text.rfind("\n# ", at);
    EXPECT_EQ(text.find('\n', comment + 1), at) << key << ": no comment right above";
  }
}

TEST(AnswersTomlTest, SyntaxErrorsGiveFileLineAndColumn) {
  EXPECT_EQ(ErrorOf("tenant = \"company.com\"\ncloud = global\n").rfind("answers.toml:2:", 0), 0u)
      << ErrorOf("tenant = \"company.com\"\ncloud = global\n");
}

// toml++ 3.3 would assert on these (a table header without a key); they get a clean error.
TEST(AnswersTomlTest, HeaderBracketsWithoutAKeyAreSyntaxErrors) {
  EXPECT_EQ(ErrorOf("tenant = \"a.com\"\n  [[[mailbox]]]\n"),
            "answers.toml:2:5: expected a table name after '[', like [[mailbox]]");
  EXPECT_EQ(ErrorOf("[=\n").rfind("answers.toml:1:2: ", 0), 0u);
  EXPECT_EQ(ErrorOf("[[ #\n").rfind("answers.toml:1:4: ", 0), 0u);
  EXPECT_EQ(ErrorOf("[\n").rfind("answers.toml:1:2: ", 0), 0u);
  EXPECT_EQ(ErrorOf("[[\r\n").rfind("answers.toml:1:3: ", 0), 0u);
  EXPECT_NE(ErrorOf("[ [a]]\n"), "") << "toml++'s own error";
}

// toml++ 3.3 would reach an unreachable point on these (Latin letters outside quotes).
TEST(AnswersTomlTest, NonAsciiOutsideQuotesIsASyntaxError) {
  EXPECT_EQ(ErrorOf("app_name = \"Müller\" ß\n"),
            "answers.toml:1:21: a character outside ASCII belongs inside quotes or a comment");
  EXPECT_EQ(ErrorOf("m ß\n").rfind("answers.toml:1:3: ", 0), 0u);
  const std::string strings_and_comments = R"(# Grüße
app_name = "Müller \" ß" # é
group_name = '''
[=ß
'''
admin_upn = """a""ß"""
"ключ" = 1
)";
  EXPECT_EQ(ErrorOf(strings_and_comments).rfind("answers.toml:7:10: ключ: unknown key", 0), 0u)
      << ErrorOf(strings_and_comments) << ": strings and comments pass the scan";
}

TEST(AnswersTomlTest, TypeErrorsNameLineColumnAndKey) {
  EXPECT_EQ(ErrorOf("tenant = \"company.com\"\ncredential_months = \"six\"\n"),
            "answers.toml:2:21: credential_months: must be a whole number of months (1 to 24)");
  EXPECT_EQ(ErrorOf("tenant = 5\n"),
            "answers.toml:1:10: tenant: must be a string (in double quotes)");
  EXPECT_EQ(ErrorOf("domains = \"company.com\"\n").rfind("answers.toml:1:11: domains: ", 0), 0u);
  EXPECT_EQ(ErrorOf("domains = [\"a.com\", 3]\n").rfind("answers.toml:1:21: domains[1]: ", 0), 0u);
  EXPECT_EQ(ErrorOf("credential_months = 99999999999\n").rfind("answers.toml:1:21: ", 0), 0u);
  EXPECT_EQ(ErrorOf("mailbox = \"a@b.com\"\n").rfind("answers.toml:1:11: mailbox: ", 0), 0u);
}

TEST(AnswersTomlTest, EnumErrorsSayWhatIsAllowed) {
  EXPECT_EQ(ErrorOf("mode = \"fast\"\n"),
            "answers.toml:1:8: mode: 'fast' is neither 'recommended' nor 'as-the-guide'");
  EXPECT_EQ(ErrorOf("credential = \"password\"\n").rfind("answers.toml:1:14: credential: ", 0), 0u);
  EXPECT_EQ(ErrorOf("[[mailbox]]\naddress = \"a@b.com\"\nkind = \"room\"\n"),
            "answers.toml:3:8: mailbox[0].kind: 'room' is not one of user, shared, alias");
}

TEST(AnswersTomlTest, UnknownKeysAreRefused) {
  EXPECT_EQ(ErrorOf("tenant = \"company.com\"\ntennant = \"x\"\n"),
            "answers.toml:2:11: tennant: unknown key (known: tenant, domains, cloud, app_name, "
            "group_name, credential, credential_months, mode, admin_upn, mailbox)");
  EXPECT_EQ(ErrorOf("[[mailbox]]\naddress = \"a@b.com\"\n\n[[mailbox]]\nadress = \"c@b.com\"\n")
                .rfind("answers.toml:5:10: mailbox[1].adress: unknown key (known: address, ", 0),
            0u);
  EXPECT_EQ(ErrorOf("[extra]\nx = 1\n").rfind("answers.toml:1:", 0), 0u);
}

std::string ReadSource(const std::filesystem::path& relative) {
  std::ifstream in(std::filesystem::path(GRAPHPOST_SOURCE_DIR) / relative);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(AnswersTomlTest, TheExampleFileHoldsTheThreeMailboxesOfTheRehearsal) {
  auto a = ParseAnswersToml(ReadSource("scenarios/setup-answers-example.toml"), "example.toml");
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_TRUE(ValidateAnswers(*a));
  EXPECT_EQ(a->tenant, "company.com");
  ASSERT_EQ(a->mailboxes.size(), 3u);
  EXPECT_EQ(a->mailboxes[0].address, "references@company.com");
  EXPECT_EQ(a->mailboxes[0].kind, MailboxKind::kShared);
  EXPECT_EQ(a->mailboxes[1].address, "pat@company.com");
  EXPECT_EQ(a->mailboxes[1].kind, MailboxKind::kUser);
  EXPECT_EQ(a->mailboxes[2].address, "invoices@company.com");
  EXPECT_EQ(a->mailboxes[2].kind, MailboxKind::kAlias);
  EXPECT_EQ(a->mailboxes[2].alias_of, "billing@company.com");
}

// The fuzz target's property, over its seeds: what parses is written and read back the same.
TEST(AnswersTomlTest, FuzzSeedsRoundTripOrFailCleanly) {
  int parsed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(
           std::filesystem::path(GRAPHPOST_SOURCE_DIR) / "fuzz/corpus/answers_toml_fuzz")) {
    auto a = ParseAnswersToml(ReadSource(entry.path()), "seed.toml");
    if (!a) continue;
    ++parsed;
    const std::string written = AnswersToToml(*a);
    auto again = ParseAnswersToml(written, "written.toml");
    ASSERT_TRUE(again) << entry.path() << ": " << again.error().message;
    EXPECT_EQ(AnswersToToml(*again), written) << entry.path();
  }
  EXPECT_GE(parsed, 2);
}

}  // namespace
}  // namespace graphpost::setup
