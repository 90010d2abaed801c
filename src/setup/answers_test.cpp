#include "setup/answers.hpp"

#include <gtest/gtest.h>

namespace graphpost::setup {
namespace {

MailboxAnswer Box(std::string address, MailboxKind kind = MailboxKind::kUser,
                  std::string alias_of = "") {
  return {.address = std::move(address), .kind = kind, .alias_of = std::move(alias_of)};
}

Answers Good() {
  Answers a;
  a.tenant = "company.com";
  a.mailboxes = {Box("references@company.com", MailboxKind::kShared), Box("pat@company.com"),
                 Box("invoices@company.com", MailboxKind::kAlias, "billing@company.com")};
  return a;
}

std::string MessageOf(const Status& s) { return s ? "" : s.error().message; }

TEST(CheckTenantTest, AcceptsGuidsAndDomainNames) {
  EXPECT_TRUE(CheckTenant("72f988bf-86f1-41af-91ab-2d7cd011db47"));
  EXPECT_TRUE(CheckTenant("company.com"));
  EXPECT_TRUE(CheckTenant("company.onmicrosoft.com"));
  EXPECT_TRUE(CheckTenant("a-b.c1.co"));
}

TEST(CheckTenantTest, RefusesWhatIsNeitherSayingWhatIsAllowed) {
  auto s = CheckTenant("contoso");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.error().message,
            "tenant: 'contoso' is neither a directory (tenant) ID (a GUID) nor a domain name "
            "like contoso.com");
  for (const char* bad : {"not a tenant", "", "-a.com", "a-.com", "a..com", "a_b.com", "common",
                          "72f988bf-86f1-41af-91ab-2d7cd011db4", ".com", "com."}) {
    EXPECT_FALSE(CheckTenant(bad)) << bad;
  }
  EXPECT_FALSE(CheckTenant(std::string(64, 'a') + ".com")) << "a label of 64";
  EXPECT_TRUE(CheckTenant(std::string(63, 'a') + ".com"));
  std::string long_name;
  while (long_name.size() < 260) long_name += "abcdefghi.";
  EXPECT_FALSE(CheckTenant(long_name + "com")) << "over 253 characters";
}

TEST(CheckMailboxAddressTest, NamesTheDomainsAnAddressMayUse) {
  EXPECT_TRUE(CheckMailboxAddress("a@company.com", {"company.com"}));
  EXPECT_TRUE(CheckMailboxAddress("a@COMPANY.com", {"company.com"})) << "domains ignore case";
  EXPECT_EQ(MessageOf(CheckMailboxAddress("a@other.com", {"company.com"})),
            "mailbox 'a@other.com': the domain other.com is not one of the tenant's domains "
            "(company.com)");
  EXPECT_EQ(MessageOf(CheckMailboxAddress("a@other.com", {"company.com", "company.de"})),
            "mailbox 'a@other.com': the domain other.com is not one of the tenant's domains "
            "(company.com, company.de)");
}

TEST(CheckMailboxAddressTest, RefusesMalformedAddresses) {
  const std::vector<std::string> domains{"company.com"};
  for (const char* bad : {"", "company.com", "@company.com", "a@", "a@b@company.com",
                          "a b@company.com", "\"a\"@company.com", "a@company"}) {
    auto s = CheckMailboxAddress(bad, domains);
    ASSERT_FALSE(s) << bad;
    EXPECT_EQ(s.error().message.rfind("mailbox '", 0), 0u) << s.error().message;
  }
  EXPECT_FALSE(CheckMailboxAddress(std::string(65, 'a') + "@company.com", domains));
}

TEST(CheckMailboxAddressTest, WithoutDomainsEveryAddressIsRefused) {
  auto s = CheckMailboxAddress("a@company.com", {});
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("no mail domains"), std::string::npos);
}

TEST(EffectiveDomainsTest, DomainsElseTheTenantWhenItIsADomain) {
  Answers a;
  a.tenant = "company.com";
  EXPECT_EQ(EffectiveDomains(a), std::vector<std::string>{"company.com"});
  a.domains = {"company.de", "company.fr"};
  EXPECT_EQ(EffectiveDomains(a), a.domains);
  a.tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  a.domains.clear();
  EXPECT_TRUE(EffectiveDomains(a).empty());
}

TEST(ValidateAnswersTest, AcceptsTheThreeMailboxExample) { EXPECT_TRUE(ValidateAnswers(Good())); }

TEST(ValidateAnswersTest, NamesTheFieldAtFault) {
  struct Case {
    void (*change)(Answers&);
    std::string prefix;
  };
  const std::vector<Case> cases = {
      {[](Answers& a) { a.tenant = "x"; }, "tenant: "},
      {[](Answers& a) {
         a.domains = {"company.com", "bad"};
       },
       "domains[1]: 'bad'"},
      {[](Answers& a) { a.tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"; }, "domains: "},
      {[](Answers& a) { a.cloud = "mars"; }, "cloud: 'mars' is not one of global"},
      {[](Answers& a) { a.app_name = ""; }, "app_name: "},
      {[](Answers& a) { a.app_name = "a\"b"; }, "app_name: "},
      {[](Answers& a) { a.app_name = std::string(65, 'x'); }, "app_name: "},
      {[](Answers& a) { a.app_name = "Mail\xC2\x85Remove-Item x"; }, "app_name: has a control"},
      {[](Answers& a) { a.group_name = "Senders\xE2\x80\xA8x"; }, "group_name: has a control"},
      {[](Answers& a) { a.mailboxes[1].address = "pat\xE2\x80\xA9@company.com"; },
       "mailboxes[1].address: "},
      {[](Answers& a) { a.app_name = std::string(60, 'x'); }, "app_name: is longer than 54"},
      {[](Answers& a) { a.group_name = "it's"; }, "group_name: "},
      {[](Answers& a) { a.mailboxes.clear(); }, "mailboxes: "},
      {[](Answers& a) { a.mailboxes[1].address = "pat@other.com"; },
       "mailboxes[1].address: 'pat@other.com': the domain other.com"},
      {[](Answers& a) { a.mailboxes[1].address = "REFERENCES@company.com"; },
       "mailboxes[1].address: 'REFERENCES@company.com' is given twice"},
      {[](Answers& a) { a.mailboxes[2].alias_of = ""; }, "mailboxes[2].alias_of: "},
      {[](Answers& a) { a.mailboxes[2].alias_of = "billing@other.com"; },
       "mailboxes[2].alias_of: 'billing@other.com'"},
      {[](Answers& a) { a.mailboxes[1].alias_of = "x@company.com"; }, "mailboxes[1].alias_of: "},
      {[](Answers& a) { a.mailboxes[1].connection = "bad name"; }, "mailboxes[1].connection: "},
      {[](Answers& a) { a.mailboxes[1].connection = "references"; },
       "mailboxes[1].connection: 'references'"},
      {[](Answers& a) { a.credential_months = 0; }, "credential_months: 0 is outside 1 to 24"},
      {[](Answers& a) { a.credential_months = 25; }, "credential_months: "},
      {[](Answers& a) { a.admin_upn = "admin"; }, "admin_upn: "},
  };
  for (const auto& c : cases) {
    Answers a = Good();
    c.change(a);
    auto s = ValidateAnswers(a);
    ASSERT_FALSE(s) << c.prefix;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(s.error().message.rfind(c.prefix, 0), 0u) << s.error().message;
  }
}

// Exchange refuses a role assignment name over 64 characters, and the assignment is named
// "<app name> Mail.Send": a longer app name would fail in exchange.ps1 (and the rehearsal).
TEST(ValidateAnswersTest, TheAppNameLeavesRoomForTheRoleAssignmentName) {
  Answers a = Good();
  a.group_name = "Senders";
  a.app_name = std::string(54, 'x');
  EXPECT_TRUE(ValidateAnswers(a));
  a.app_name = std::string(53, 'x') + "\xC3\xA9";  // 54 characters, 55 bytes
  EXPECT_TRUE(ValidateAnswers(a));
  a.app_name = std::string(55, 'x');
  auto s = ValidateAnswers(a);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message.rfind("app_name: is longer than 54 characters", 0), 0u)
      << s.error().message;
}

TEST(QuoteValueTest, CutsAHugeValueAndNamesItsLength) {
  EXPECT_EQ(QuoteValue("company.com"), "'company.com'");
  EXPECT_EQ(QuoteValue(std::string(64, 'x')), "'" + std::string(64, 'x') + "'");
  EXPECT_EQ(QuoteValue(std::string(65, 'x')), "'" + std::string(64, 'x') + "...' (65 characters)");
  // Cut between characters, never inside one.
  std::string accents;
  for (int i = 0; i < 70; ++i) accents += "\xC3\xA9";
  std::string shown;
  for (int i = 0; i < 64; ++i) shown += "\xC3\xA9";
  EXPECT_EQ(QuoteValue(accents), "'" + shown + "...' (70 characters)");
}

// A huge value is named, not echoed whole: the message stays one short line.
TEST(ValidateAnswersTest, AHugeValueDoesNotFloodTheMessage) {
  Answers a = Good();
  a.tenant = std::string(100000, 'b') + ".com";
  auto s = ValidateAnswers(a);
  ASSERT_FALSE(s);
  EXPECT_LT(s.error().message.size(), 300u) << s.error().message.substr(0, 300);
  EXPECT_NE(s.error().message.find("(100004 characters)"), std::string::npos);
  a = Good();
  a.mailboxes[0].address = "a@" + std::string(100000, 'b');
  s = ValidateAnswers(a);
  ASSERT_FALSE(s);
  EXPECT_LT(s.error().message.size(), 400u) << s.error().message.substr(0, 400);
  EXPECT_FALSE(ParseMode(std::string(100000, 'g')));
  EXPECT_LT(ParseMode(std::string(100000, 'g')).error().message.size(), 300u);
}

// Exchange names the management scope "<group name> Scope" and refuses names over 64
// characters: a group name over 58, given or derived from the app name, failed in exchange.ps1.
TEST(ValidateAnswersTest, TheGroupNameLeavesRoomForTheScopeName) {
  Answers a = Good();
  a.group_name = std::string(58, 'g');
  EXPECT_TRUE(ValidateAnswers(a));
  a.group_name = std::string(59, 'g');
  auto s = ValidateAnswers(a);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message.rfind("group_name: is longer than 58 characters", 0), 0u)
      << s.error().message;

  a.group_name = "";
  a.app_name = std::string(51, 'x');  // "<51> Senders" is 59 characters
  s = ValidateAnswers(a);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("(derived from app_name; give a shorter group_name)"),
            std::string::npos)
      << s.error().message;
  a.app_name = std::string(50, 'x');
  EXPECT_TRUE(ValidateAnswers(a));
}

TEST(ValidateAnswersTest, AGuidTenantUsesItsDomains) {
  Answers a = Good();
  a.tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  a.domains = {"company.com"};
  EXPECT_TRUE(ValidateAnswers(a));
}

}  // namespace
}  // namespace graphpost::setup
