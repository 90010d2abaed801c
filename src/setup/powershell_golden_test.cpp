// Golden-file tests of the runbook (Done-when 3): every file rendered for fixed answers is
// compared byte for byte with src/setup/testdata/<case>/<file>. After an intended change of the
// output, rewrite the golden files and review the diff:
//   GRAPHPOST_UPDATE_GOLDEN=1 build/src/setup/setup_test --gtest_filter='Golden*'
// Every generated script also passes CheckScript against the table in
// docs/powershell-reference.md, and the guide's traps never appear in a script.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "setup/cmdlet_table.hpp"
#include "setup/plan.hpp"
#include "setup/powershell.hpp"
#include "setup/runbook.hpp"

namespace graphpost::setup {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = GRAPHPOST_SOURCE_DIR;

Answers BaseAnswers() {
  Answers a;
  a.tenant = "company.com";
  a.domains = {"company.com"};
  a.app_name = "SlapFive Email Automation";
  a.group_name = "SlapFive Email Senders";
  a.mailboxes = {
      {.address = "references@company.com", .kind = MailboxKind::kShared},
      {.address = "advocacy@company.com", .kind = MailboxKind::kUser},
      {.address = "news@company.com",
       .kind = MailboxKind::kAlias,
       .alias_of = "marketing@company.com",
       .connection = "news"},
  };
  return a;
}

Plan SetupPlan(Mode mode, CredentialKind credential) {
  Answers answers = BaseAnswers();
  answers.mode = mode;
  answers.credential = credential;
  if (credential == CredentialKind::kCertificate) {
    answers.credential_months = 24;
    answers.admin_upn = "admin@company.com";
  }
  Result<Plan> plan = BuildSetupPlan(answers);
  EXPECT_TRUE(plan) << plan.error().message;
  return plan ? *plan : Plan{};
}

Plan MigrationPlan(bool policy) {
  MigrationInput input;
  input.answers = BaseAnswers();
  input.answers.mailboxes.pop_back();
  input.app_id = "8d2c4b6a-1e3f-4a5b-9c7d-0e1f2a3b4c5d";
  input.granted_mail_roles = {"Mail.Send", "Mail.ReadWrite"};
  input.has_access_policy = policy;
  Result<Plan> plan = BuildMigrationPlan(input);
  EXPECT_TRUE(plan) << plan.error().message;
  return plan ? *plan : Plan{};
}

struct Case {
  std::string dir;
  std::vector<RunbookFile> files;
};

std::vector<Case> Cases() {
  ConnectionLineInputs inputs;
  ConnectionLineInputs cert_inputs;
  cert_inputs.private_key_file = "/home/admin/.local/share/graphpost/setup-keys/app.key";
  const std::string pem = "-----BEGIN CERTIFICATE-----\nTUlJ\n-----END CERTIFICATE-----\n";
  std::vector<Case> cases = {
      {"recommended-secret",
       SetupRunbook(SetupPlan(Mode::kRecommended, CredentialKind::kClientSecret), inputs, "")},
      {"guide-certificate",
       SetupRunbook(SetupPlan(Mode::kAsTheGuide, CredentialKind::kCertificate), cert_inputs, pem)},
      {"migrate-policy", MigrationRunbook(MigrationPlan(true))},
      {"migrate-no-policy", MigrationRunbook(MigrationPlan(false))},
  };
  // answers.toml is the answers module's format (tested there) and app-cert.pem is an input.
  for (Case& c : cases) {
    std::erase_if(c.files, [](const RunbookFile& f) {
      return f.name == "answers.toml" || f.name == "app-cert.pem";
    });
  }
  return cases;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool Updating() {
  const char* update = std::getenv("GRAPHPOST_UPDATE_GOLDEN");
  return update != nullptr && std::string(update) == "1";
}

TEST(Golden, EveryRunbookFileMatchesItsGoldenFile) {
  for (const Case& c : Cases()) {
    const fs::path dir = kSource / "src/setup/testdata" / c.dir;
    for (const RunbookFile& file : c.files) {
      const fs::path path = dir / file.name;
      if (Updating()) {
        fs::create_directories(dir);
        std::ofstream(path, std::ios::binary) << file.content;
        continue;
      }
      ASSERT_TRUE(fs::exists(path)) << path << " is missing; see the header of this test";
      EXPECT_EQ(file.content, ReadFile(path))
          << c.dir << "/" << file.name << " differs; see the header of this test";
    }
  }
}

TEST(Golden, TheCasesCoverEveryScript) {
  std::vector<std::string> names;
  for (const Case& c : Cases()) {
    for (const RunbookFile& f : c.files) names.push_back(c.dir + "/" + f.name);
  }
  for (const char* want :
       {"recommended-secret/entra.ps1", "recommended-secret/exchange.ps1",
        "recommended-secret/connections.sh", "guide-certificate/entra.ps1",
        "migrate-policy/migrate-1-exchange.ps1", "migrate-policy/migrate-2-entra.ps1",
        "migrate-policy/migrate-3-exchange.ps1", "migrate-no-policy/README.md"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;
  }
  for (const std::string& name : names) {
    EXPECT_NE(name, "migrate-no-policy/migrate-3-exchange.ps1");
  }
}

TEST(Golden, EveryScriptUsesOnlyDocumentedCmdletsAndParameters) {
  Result<std::map<std::string, CmdletSyntax>> table =
      ParseCmdletTable(ReadFile(kSource / "docs/powershell-reference.md"));
  ASSERT_TRUE(table) << table.error().message;
  if (table->empty()) GTEST_SKIP() << "docs/powershell-reference.md has no table yet";
  for (const Case& c : Cases()) {
    for (const RunbookFile& file : c.files) {
      if (!file.name.ends_with(".ps1")) continue;
      for (const std::string& problem : CheckScript(file.content, *table)) {
        ADD_FAILURE() << c.dir << "/" << file.name << ": " << problem;
      }
    }
  }
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The guide's traps (docs/setup.md "Traps the plan cannot express") never reach a script.
TEST(Golden, NoScriptHoldsAGuideTrap) {
  int checked = 0;
  for (const Case& c : Cases()) {
    for (const RunbookFile& file : c.files) {
      if (!file.name.ends_with(".ps1")) continue;
      for (const std::string& line : Lines(file.content)) {
        const std::string where = c.dir + "/" + file.name + ": " + line;
        if (line.find("$filter = ") != std::string::npos) {
          ++checked;
          EXPECT_EQ(line.find('@'), std::string::npos) << "scope on an address: " << where;
          EXPECT_NE(line.find("MemberOfGroup -eq '\" + $groupDn"), std::string::npos) << where;
        }
        if (line.find("New-ManagementScope -Name") != std::string::npos) {
          EXPECT_NE(line.find("-RecipientRestrictionFilter $filter"), std::string::npos) << where;
        }
        if (line.find("New-ServicePrincipal ") != std::string::npos) {
          ++checked;
          EXPECT_NE(line.find("-ObjectId $ServicePrincipalObjectId"), std::string::npos) << where;
          EXPECT_EQ(line.find("$app.Id"), std::string::npos) << where;
        }
        if (line.find("Add-DistributionGroupMember") != std::string::npos) {
          ++checked;
          EXPECT_NE(line.find("-Member $member"), std::string::npos) << where;
        }
        if (line.find("$member = ") != std::string::npos) {
          EXPECT_NE(line.find("$member = $primary["), std::string::npos) << where;
        }
      }
    }
  }
  // Four runbooks, each with a scope and a service principal; members: 3 + 3 + 2 + 2.
  EXPECT_EQ(checked, 4 + 4 + 10);
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Stop on the first error: every step is in its own try whose catch prints the hint and exits.
TEST(Golden, EveryStepStopsTheScriptWithItsHint) {
  for (const Case& c : Cases()) {
    for (const RunbookFile& file : c.files) {
      if (!file.name.ends_with(".ps1")) continue;
      const std::string& s = file.content;
      EXPECT_EQ(Count(s, "\n$ErrorActionPreference = 'Stop'\n"), 1u) << file.name;
      EXPECT_GT(Count(s, "\ntry {\n"), 1u) << file.name;
      EXPECT_EQ(Count(s, "\ntry {\n"), Count(s, "} catch {\n  StepFailed $step $hint $_\n}\n"))
          << c.dir << "/" << file.name;
      EXPECT_EQ(Count(s, "\ntry {\n"), Count(s, "\n$hint = '")) << file.name;
    }
  }
}

TEST(Golden, TheSecretIsNeverPrinted) {
  for (const Case& c : Cases()) {
    for (const RunbookFile& file : c.files) {
      for (const std::string& line : Lines(file.content)) {
        if (line.find("SecretText") == std::string::npos) continue;
        EXPECT_NE(line.find("Set-Content -Path $secretFile"), std::string::npos)
            << c.dir << "/" << file.name << ": " << line;
      }
    }
  }
}

TEST(PsQuote, DoublesSingleQuotes) {
  EXPECT_EQ(PsQuote("it's"), "'it''s'");
  EXPECT_EQ(PsQuote(""), "''");
  EXPECT_EQ(PsQuote("$x `y` \"z\""), "'$x `y` \"z\"'");
}

// PowerShell closes a single-quoted string at U+2018..U+201B too: a name with one must not end
// the literal and run the rest as code.
TEST(PsQuote, DoublesTypographicSingleQuotes) {
  EXPECT_EQ(PsQuote("a\u2019; calc; \u2018b"), "'a\u2019\u2019; calc; \u2018\u2018b'");
  EXPECT_EQ(PsQuote("\u201A\u201B"), "'\u201A\u201A\u201B\u201B'");
  EXPECT_EQ(PsQuote("\u201C\u2017\u2020"), "'\u201C\u2017\u2020'");  // not single quotes
  EXPECT_EQ(PsQuote("\xE2\x80"), "'\xE2\x80'");                      // cut short: kept as is
}

TEST(RenderExchangeScript, AnswersAreLiteralsNotExpanded) {
  Answers answers = BaseAnswers();
  answers.app_name = "Mail $(Remove-Item) sender";
  Result<Plan> plan = BuildSetupPlan(answers);
  ASSERT_TRUE(plan) << plan.error().message;
  for (const std::string& script : {RenderExchangeScript(*plan), RenderEntraScript(*plan)}) {
    for (const std::string& line : Lines(script)) {
      if (line.find("$(Remove-Item)") == std::string::npos || line.starts_with("#")) continue;
      // Only ever inside a single-quoted literal.
      EXPECT_NE(line.find("'Mail $(Remove-Item) sender"), std::string::npos) << line;
      EXPECT_EQ(line.find("\"Mail $(Remove-Item)"), std::string::npos) << line;
    }
  }
}

// Test-ServicePrincipalAuthorization gives one row per role assignment: an app with a second
// Application Mail.Send assignment (out of scope) listed first is still in scope.
TEST(RenderExchangeScript, InScopeWhenAnyMailSendRowIsInScope) {
  Result<Plan> plan = BuildSetupPlan(BaseAnswers());
  ASSERT_TRUE(plan) << plan.error().message;
  const std::string script = RenderExchangeScript(*plan);
  EXPECT_EQ(script.find("$results[0]"), std::string::npos);
  EXPECT_NE(script.find("@($results | Where-Object { [string]$_.InScope -eq 'True' }).Count -eq 0"),
            std::string::npos);
}

// A rerun after the group (so the scope) changed moves the existing assignment to the new scope,
// as the rehearsal's step does, instead of saying "exists" and leaving it in the old one.
TEST(RenderExchangeScript, AnExistingAssignmentIsMovedToTheScope) {
  Result<Plan> plan = BuildSetupPlan(BaseAnswers());
  ASSERT_TRUE(plan) << plan.error().message;
  const std::string script = RenderExchangeScript(*plan);
  const size_t get = script.find("$assignment = Get-ManagementRoleAssignment -Identity ");
  ASSERT_NE(get, std::string::npos);
  const size_t set = script.find("Set-ManagementRoleAssignment -Identity ", get);
  ASSERT_NE(set, std::string::npos);
  EXPECT_NE(script.substr(set, script.find('\n', set) - set).find(" -CustomResourceScope '"),
            std::string::npos);
  EXPECT_NE(script.find("if ([string]$assignment.Role -ne 'Application Mail.Send')", get),
            std::string::npos);
}

// An Application Access Policy that names other apps too is refused before any is removed (the
// rehearsal refuses it as well): removing it would change what those apps may reach.
TEST(RenderExchangeScript, AnAccessPolicySharedWithOtherAppsIsNotRemoved) {
  int seen = 0;
  for (const Case& c : Cases()) {
    for (const RunbookFile& file : c.files) {
      const std::string& s = file.content;
      const size_t remove = s.find("Remove-ApplicationAccessPolicy -Identity");
      if (remove == std::string::npos) continue;
      ++seen;
      const size_t refuse = s.find("if ($others.Count -gt 0) { throw ");
      ASSERT_NE(refuse, std::string::npos) << c.dir << "/" << file.name;
      EXPECT_LT(refuse, remove) << c.dir << "/" << file.name;
      EXPECT_EQ(s.find("Where-Object { $_.AppId -eq $AppId }"), std::string::npos);
    }
  }
  EXPECT_GT(seen, 0);
}

// A client-secret.txt left by a run for another app (app-ids.json names it) is not kept for this
// app: its connections would get the other app's secret.
TEST(RenderEntraScript, AClientSecretOfAnotherAppIsNotKept) {
  Result<Plan> plan = BuildSetupPlan(BaseAnswers());
  ASSERT_TRUE(plan) << plan.error().message;
  const std::string script = RenderEntraScript(*plan);
  const size_t check = script.find("if ($earlierApp -and $earlierApp -ne $app.AppId) { throw ");
  const size_t kept = script.find("kept: client-secret.txt exists");
  ASSERT_NE(check, std::string::npos);
  ASSERT_NE(kept, std::string::npos);
  EXPECT_LT(check, kept);
}

// exchange.ps1 prints the connection add lines with the primary address Exchange gave, which may
// hold a quote: it is printed shell-quoted ('o'\''brien@...') so the pasted line works.
TEST(RenderExchangeScript, ThePrintedConnectionLinesQuoteThePrimaryAddress) {
  Result<Plan> plan = BuildSetupPlan(BaseAnswers());
  ASSERT_TRUE(plan) << plan.error().message;
  const std::string script = RenderExchangeScript(*plan);
  EXPECT_NE(script.find("' --user-id ''' + ([string]$primary['references@company.com'])"
                        ".Replace(\"'\", \"'\\''\") + '''' + "),
            std::string::npos);
}

}  // namespace
}  // namespace graphpost::setup
