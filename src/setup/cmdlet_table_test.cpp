// setup/cmdlet_table_test.cpp — the table of documented syntax (docs/powershell-reference.md) and
// the checker the golden-file tests run on every generated script.
#include "setup/cmdlet_table.hpp"

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace graphpost::setup {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string ReadReference() {
  std::ifstream in(std::string(GRAPHPOST_SOURCE_DIR) + "/docs/powershell-reference.md");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::map<std::string, CmdletSyntax> RealTable() {
  auto table = ParseCmdletTable(ReadReference());
  EXPECT_TRUE(table.has_value()) << (table ? "" : table.error().message);
  return table ? *table : std::map<std::string, CmdletSyntax>{};
}

constexpr const char* kSmallTable = R"(# Reference

| module | cmdlet | parameters | reference |
|---|---|---|---|
| Ignored | Not-Cmdlets | A | https://example.invalid/x |

## Cmdlets

| module | cmdlet | parameters (comma-separated, without '-') | reference |
|--------|--------|---------|-----------|
| ExchangeOnlineManagement | `Get-Mailbox` | `Identity`, `ResultSize` | https://learn.microsoft.com/powershell/module/exchange/get-mailbox |
| ExchangeOnlineManagement | New-ManagementScope | Name, RecipientRestrictionFilter | https://learn.microsoft.com/powershell/module/exchange/new-managementscope |
| Microsoft.PowerShell.Utility | Write-Host | Object, ForegroundColor | https://learn.microsoft.com/powershell/module/microsoft.powershell.utility/write-host |
| Microsoft.PowerShell.Core | ForEach-Object | Process | https://learn.microsoft.com/powershell/module/microsoft.powershell.core/foreach-object |
| Microsoft.PowerShell.Core | Where-Object | FilterScript | https://learn.microsoft.com/powershell/module/microsoft.powershell.core/where-object |

```powershell
# Get-Nothing | a code block is not a heading and not a row
```

## Common parameters

| module | cmdlet | parameters | reference |
|---|---|---|---|
| Microsoft.PowerShell.Core | (every cmdlet) | ErrorAction, Verbose | https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_commonparameters |

## Notes
| Ignored | Not-Either | B | https://example.invalid/y |
)";

std::map<std::string, CmdletSyntax> SmallTable() {
  auto table = ParseCmdletTable(kSmallTable);
  EXPECT_TRUE(table.has_value()) << (table ? "" : table.error().message);
  return table ? *table : std::map<std::string, CmdletSyntax>{};
}

std::vector<std::string> Names(const std::vector<CmdletUse>& uses) {
  std::vector<std::string> out;
  for (const CmdletUse& use : uses) out.push_back(use.cmdlet);
  return out;
}

// ---- ParseCmdletTable -------------------------------------------------------------------------

TEST(ParseCmdletTable, ReadsRowsOnlyUnderTheCmdletsHeadingAndAddsCommonParameters) {
  const auto table = SmallTable();
  ASSERT_EQ(table.size(), 5u);
  const CmdletSyntax& scope = table.at("New-ManagementScope");
  EXPECT_EQ(scope.module, "ExchangeOnlineManagement");
  EXPECT_EQ(scope.reference,
            "https://learn.microsoft.com/powershell/module/exchange/new-managementscope");
  EXPECT_EQ(scope.parameters, (std::set<std::string>{"Name", "RecipientRestrictionFilter",
                                                     "ErrorAction", "Verbose"}));
  EXPECT_EQ(table.at("Get-Mailbox").parameters.count("Identity"), 1u);  // `code` marks dropped
  EXPECT_EQ(table.count("Not-Cmdlets"), 0u);
  EXPECT_EQ(table.count("Not-Either"), 0u);
}

TEST(ParseCmdletTable, RefusesAMalformedRowWithItsLineNumber) {
  const std::string head = "## Cmdlets\n| module | cmdlet | parameters | reference |\n|-|-|-|-|\n";
  auto three_cells = ParseCmdletTable(head + "| M | Get-X | A |\n");
  ASSERT_FALSE(three_cells.has_value());
  EXPECT_EQ(three_cells.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(three_cells.error().message.rfind("line 4: ", 0), 0u) << three_cells.error().message;

  auto not_verb_noun = ParseCmdletTable(head + "| M | GetX | A | https://x.invalid |\n");
  ASSERT_FALSE(not_verb_noun.has_value());
  EXPECT_NE(not_verb_noun.error().message.find("line 4: 'GetX'"), std::string::npos);

  auto bad_parameter = ParseCmdletTable(head + "| M | Get-X | A, B C | https://x.invalid |\n");
  ASSERT_FALSE(bad_parameter.has_value());
  EXPECT_NE(bad_parameter.error().message.find("'B C'"), std::string::npos);

  auto no_reference = ParseCmdletTable(head + "| M | Get-X | A | see the docs |\n");
  ASSERT_FALSE(no_reference.has_value());
  EXPECT_NE(no_reference.error().message.find("line 4"), std::string::npos);

  auto twice = ParseCmdletTable(head + "| M | Get-X | A | https://x.invalid |\n" +
                                "| M | Get-X | B | https://x.invalid |\n");
  ASSERT_FALSE(twice.has_value());
  EXPECT_NE(twice.error().message.find("line 5: Get-X is listed twice"), std::string::npos);
}

TEST(ParseCmdletTable, RefusesATextWithoutTheCmdletsTable) {
  EXPECT_FALSE(ParseCmdletTable("").has_value());
  EXPECT_FALSE(ParseCmdletTable("# Title\n| M | Get-X | A | https://x.invalid |\n").has_value());
  EXPECT_FALSE(ParseCmdletTable("## Cmdlets\n\nnothing yet\n").has_value());
}

// ---- the real table ---------------------------------------------------------------------------

TEST(PowerShellReference, ListsTheExchangeCmdletsOfTheRunbookWithTheirKeyParameters) {
  const auto table = RealTable();
  const std::map<std::string, std::vector<std::string>> expected = {
      {"Connect-ExchangeOnline", {"UserPrincipalName", "ExchangeEnvironmentName", "ShowBanner"}},
      {"New-DistributionGroup", {"Name", "Type", "PrimarySmtpAddress", "Members"}},
      {"Add-DistributionGroupMember", {"Identity", "Member"}},
      {"Get-DistributionGroupMember", {"Identity", "ResultSize"}},
      {"Get-Group", {"Identity"}},
      {"Get-Mailbox", {"Identity"}},
      {"New-ServicePrincipal", {"AppId", "ObjectId", "DisplayName"}},
      {"Get-ServicePrincipal", {"Identity"}},
      {"New-ManagementScope", {"Name", "RecipientRestrictionFilter"}},
      {"Get-ManagementScope", {"Identity"}},
      {"New-ManagementRoleAssignment", {"App", "Role", "CustomResourceScope", "Name"}},
      {"Get-ManagementRoleAssignment", {"Identity"}},
      {"Remove-ManagementRoleAssignment", {"Identity", "Confirm", "Force"}},
      {"Test-ServicePrincipalAuthorization", {"Identity", "Resource"}},
      {"Get-ApplicationAccessPolicy", {"Identity"}},
      {"Remove-ApplicationAccessPolicy", {"Identity", "Confirm"}},
  };
  for (const auto& [cmdlet, parameters] : expected) {
    ASSERT_EQ(table.count(cmdlet), 1u) << cmdlet;
    EXPECT_EQ(table.at(cmdlet).module, "ExchangeOnlineManagement") << cmdlet;
    for (const std::string& p : parameters) {
      EXPECT_EQ(table.at(cmdlet).parameters.count(p), 1u) << cmdlet << " -" << p;
    }
  }
}

TEST(PowerShellReference, ListsTheGraphCmdletsOfTheRunbookWithTheirKeyParameters) {
  const auto table = RealTable();
  const std::map<std::string, std::vector<std::string>> expected = {
      {"Connect-MgGraph", {"TenantId", "Scopes", "Environment", "NoWelcome"}},
      {"Get-MgApplication", {"Filter", "ApplicationId"}},
      {"New-MgApplication", {"DisplayName", "SignInAudience", "KeyCredentials"}},
      {"Add-MgApplicationPassword", {"ApplicationId", "PasswordCredential"}},
      {"New-MgServicePrincipalAppRoleAssignment",
       {"ServicePrincipalId", "PrincipalId", "ResourceId", "AppRoleId"}},
  };
  for (const auto& [cmdlet, parameters] : expected) {
    ASSERT_EQ(table.count(cmdlet), 1u) << cmdlet;
    EXPECT_EQ(table.at(cmdlet).module.rfind("Microsoft.Graph", 0), 0u) << cmdlet;
    for (const std::string& p : parameters) {
      EXPECT_EQ(table.at(cmdlet).parameters.count(p), 1u) << cmdlet << " -" << p;
    }
  }
}

TEST(PowerShellReference, AcceptsTheCommonParametersOnEveryCmdlet) {
  for (const auto& [name, syntax] : RealTable()) {
    EXPECT_EQ(syntax.parameters.count("ErrorAction"), 1u) << name;
    EXPECT_EQ(syntax.parameters.count("Verbose"), 1u) << name;
    EXPECT_EQ(syntax.reference.rfind("https://learn.microsoft.com/", 0), 0u) << name;
  }
}

TEST(PowerShellReference, ListsTheBuiltInsTheScriptsMayUse) {
  const auto table = RealTable();
  for (const char* cmdlet :
       {"Write-Host",     "Write-Warning",  "Write-Error",      "Where-Object",   "Select-Object",
        "ForEach-Object", "ConvertTo-Json", "ConvertFrom-Json", "Get-Content",    "Set-Content",
        "Out-File",       "Out-Null",       "Join-Path",        "Test-Path",      "Start-Sleep",
        "Get-Date",       "Import-Module",  "Get-Module",       "Install-Module", "Read-Host",
        "New-Object"}) {
    EXPECT_EQ(table.count(cmdlet), 1u) << cmdlet;
  }
  EXPECT_EQ(table.at("Set-Content").parameters.count("NoNewline"), 1u);
  EXPECT_EQ(table.at("Where-Object").parameters.count("FilterScript"), 1u);
  EXPECT_EQ(table.at("Get-MgContext").parameters.count("ErrorAction"), 1u);  // "(none)" + common
}

// A script in the shape the runbook generates, checked against the real table: the checker and
// the table agree on the syntax the scripts actually use.
TEST(PowerShellReference, AcceptsARunbookShapedScript) {
  const char* script = R"ps(param([string]$AppId = '')
$ErrorActionPreference = 'Stop'
function StepFailed([string]$Step, [string]$Hint, $Failure) {
  Write-Host "FAILED: $Step"
  exit 1
}
Connect-ExchangeOnline -UserPrincipalName 'admin@contoso.com' -ExchangeEnvironmentName O365Default -ShowBanner:$false
$ids = Get-Content -Path (Join-Path $PSScriptRoot 'app-ids.json') -Raw | ConvertFrom-Json
try {
  $group = Get-DistributionGroup -Identity 'Graphpost Senders' -ErrorAction SilentlyContinue
  if (-not $group) { $null = New-DistributionGroup -Name 'Graphpost Senders' -Type Security }
  $members = @((Get-DistributionGroupMember -Identity 'Graphpost Senders' -ResultSize Unlimited).PrimarySmtpAddress)
  Add-DistributionGroupMember -Identity 'Graphpost Senders' -Member 'a@contoso.com'
  $groupDn = [string](Get-Group -Identity 'Graphpost Senders').DistinguishedName
  $null = New-ServicePrincipal -AppId $ids.appId -ObjectId $ids.servicePrincipalObjectId `
    -DisplayName 'graphpost'
  $null = New-ManagementScope -Name 'graphpost scope' -RecipientRestrictionFilter "MemberOfGroup -eq '$groupDn'"
  $null = New-ManagementRoleAssignment -Name 'graphpost send' -App $ids.appId -Role 'Application Mail.Send' -CustomResourceScope 'graphpost scope'
  $results = @(Test-ServicePrincipalAuthorization -Identity $ids.appId -Resource 'a@contoso.com' | Where-Object { $_.RoleName -eq 'Application Mail.Send' })
  Get-ApplicationAccessPolicy | ForEach-Object { Remove-ApplicationAccessPolicy -Identity $_.Identity -Confirm:$false }
  Start-Sleep -Seconds 30
} catch {
  StepFailed 'step' 'hint' $_
}
)ps";
  EXPECT_THAT(CheckScript(script, RealTable()), IsEmpty());
}

// ---- FindCmdletUses ---------------------------------------------------------------------------

TEST(FindCmdletUses, FindsEachCallWithItsLineAndParameters) {
  const auto uses = FindCmdletUses(
      "$ErrorActionPreference = 'Stop'\n"
      "$group = Get-Group -Identity 'Graphpost Senders' -ErrorAction:SilentlyContinue\n"
      "New-ManagementScope -Name $name -RecipientRestrictionFilter \"MemberOfGroup -eq '$dn'\"\n");
  ASSERT_EQ(uses.size(), 2u);
  EXPECT_EQ(uses[0].line, 2);
  EXPECT_EQ(uses[0].cmdlet, "Get-Group");
  EXPECT_THAT(uses[0].parameters, ElementsAre("Identity", "ErrorAction"));
  EXPECT_EQ(uses[1].line, 3);
  EXPECT_THAT(uses[1].parameters, ElementsAre("Name", "RecipientRestrictionFilter"));
}

TEST(FindCmdletUses, SkipsCommentsStringsAndHereStrings) {
  const auto uses = FindCmdletUses(
      "# Remove-Mailbox -Identity ceo\n"
      "<# Remove-MgApplication\n   -ApplicationId x #>\n"
      "Write-Host 'Remove-Mailbox -Identity it''s' \"Set-Mailbox -X `\"q`\" \"\"\"\"\"\n"
      "$text = @'\nRemove-Mailbox -Identity a\n'@\n"
      "$more = @\"\nSet-Mailbox -Identity b\n\"@\n"
      "Get-Date -Format o # Get-Mailbox\n");
  EXPECT_THAT(Names(uses), ElementsAre("Write-Host", "Get-Date"));
  EXPECT_THAT(uses[0].parameters, IsEmpty());
  EXPECT_EQ(uses[1].line, 11);
  EXPECT_THAT(uses[1].parameters, ElementsAre("Format"));
}

TEST(FindCmdletUses, JoinsBacktickContinuations) {
  const auto uses = FindCmdletUses(
      "New-ManagementRoleAssignment -Name $n `\n"
      "  -App $sp.AppId `\r\n"
      "  -Role 'Application Mail.Send' -CustomResourceScope $scope\n"
      "-Bogus\n");
  ASSERT_EQ(uses.size(), 1u);
  EXPECT_EQ(uses[0].line, 1);
  EXPECT_THAT(uses[0].parameters, ElementsAre("Name", "App", "Role", "CustomResourceScope"));
}

TEST(FindCmdletUses, SplitsPipelinesAndStatements) {
  const auto uses = FindCmdletUses(
      "Get-Mailbox -ResultSize Unlimited | Where-Object { $_.Alias -eq 'x' } |\n"
      "  Select-Object -First 1; Get-Date\n");
  EXPECT_THAT(Names(uses), ElementsAre("Get-Mailbox", "Where-Object", "Select-Object", "Get-Date"));
  EXPECT_THAT(uses[0].parameters, ElementsAre("ResultSize"));
  EXPECT_THAT(uses[1].parameters, IsEmpty());  // -eq belongs to the script block's expression
  EXPECT_THAT(uses[2].parameters, ElementsAre("First"));
  EXPECT_EQ(uses[2].line, 2);
}

TEST(FindCmdletUses, FindsCallsInsideSubexpressionsAndScriptBlocks) {
  const auto uses = FindCmdletUses(
      "$dn = (Get-Group -Identity $g).DistinguishedName\n"
      "Write-Host \"scope for $((Get-Recipient -Identity $m).PrimarySmtpAddress) done\" "
      "-NoNewline\n"
      "if (-not (Get-ServicePrincipal -Identity $id -ErrorAction SilentlyContinue)) {\n"
      "  New-ServicePrincipal -AppId $app -ObjectId $obj -DisplayName $name\n"
      "} else { Write-Host 'exists' }\n"
      "$mailboxes | ForEach-Object -Process { Test-ServicePrincipalAuthorization "
      "-Identity $id -Resource $_ }\n"
      "foreach ($m in @(Get-DistributionGroupMember -Identity $g)) { $x = Get-Mailbox $m }\n");
  EXPECT_THAT(Names(uses), ElementsAre("Get-Group", "Write-Host", "Get-Recipient",
                                       "Get-ServicePrincipal", "New-ServicePrincipal", "Write-Host",
                                       "ForEach-Object", "Test-ServicePrincipalAuthorization",
                                       "Get-DistributionGroupMember", "Get-Mailbox"));
  EXPECT_THAT(uses[1].parameters, ElementsAre("NoNewline"));  // not the inner call's
  EXPECT_THAT(uses[2].parameters, ElementsAre("Identity"));
  EXPECT_THAT(uses[3].parameters, ElementsAre("Identity", "ErrorAction"));
  EXPECT_THAT(uses[6].parameters, ElementsAre("Process"));
  EXPECT_THAT(uses[7].parameters, ElementsAre("Identity", "Resource"));
  EXPECT_EQ(uses[8].line, 7);
}

TEST(FindCmdletUses, IgnoresNumbersVariablesOperatorsAndDefinitions) {
  const auto uses = FindCmdletUses(
      "function Invoke-Step { param([string]$Name, [scriptblock]$Body) & $Body }\n"
      "$count = $list.Count - 1; $i -= 1\n"
      "Start-Sleep -Seconds 5 -1 $x-y\n"
      "$m = $Get-Mailbox\n"
      "Invoke-Step -Name 'group' -Body { Get-Group -Identity $g }\n"
      "$h = @{ Name = 'Get-Thing'; Expression = { Get-Date } }\n"
      "[string]::IsNullOrEmpty($a) -and $b -eq -3\n");
  EXPECT_THAT(Names(uses), ElementsAre("Start-Sleep", "Invoke-Step", "Get-Group", "Get-Date"));
  EXPECT_THAT(uses[0].parameters, ElementsAre("Seconds"));
  EXPECT_THAT(uses[1].parameters, ElementsAre("Name", "Body"));
}

TEST(FindCmdletUses, FindsTheCollectionOfAForeachAndReadsWindowsLineEnds) {
  const auto uses = FindCmdletUses(
      "foreach ($m in Get-Mailbox -ResultSize 10) { Write-Host $m }\r\n"
      "$t = @'\r\nRemove-Mailbox\r\n'@\r\n"
      "Get-Date `\r\n  -Format o\r\n");
  EXPECT_THAT(Names(uses), ElementsAre("Get-Mailbox", "Write-Host", "Get-Date"));
  EXPECT_THAT(uses[0].parameters, ElementsAre("ResultSize"));
  EXPECT_EQ(uses[2].line, 5);
  EXPECT_THAT(uses[2].parameters, ElementsAre("Format"));
}

TEST(FindCmdletUses, ToleratesUnterminatedInput) {
  EXPECT_THAT(Names(FindCmdletUses("Get-Date -Format 'o")), ElementsAre("Get-Date"));
  EXPECT_THAT(Names(FindCmdletUses("Write-Host \"$(Get-Date")),
              ElementsAre("Write-Host", "Get-Date"));
  EXPECT_THAT(Names(FindCmdletUses("$x = @'\nGet-Date\n")), IsEmpty());
  EXPECT_THAT(Names(FindCmdletUses(")))} Get-Date <# x")), ElementsAre("Get-Date"));
  EXPECT_THAT(Names(FindCmdletUses("`\rGet-Date ` ")), IsEmpty());
  EXPECT_THAT(FindCmdletUses(""), IsEmpty());
}

// ---- CheckScript ------------------------------------------------------------------------------

TEST(CheckScript, AcceptsAScriptThatUsesOnlyDocumentedSyntax) {
  EXPECT_THAT(CheckScript("get-mailbox -identity a -ERRORACTION Stop | Write-Host\n"
                          "New-ManagementScope -Name s -RecipientRestrictionFilter:\"x\"\n",
                          SmallTable()),
              IsEmpty());
}

TEST(CheckScript, RefusesAnUndocumentedCmdletWithItsLine) {
  EXPECT_THAT(CheckScript("Write-Host hi\n\nSet-Mailbox -Identity a\n", SmallTable()),
              ElementsAre("line 3: Set-Mailbox: not in docs/powershell-reference.md"));
}

TEST(CheckScript, RefusesAnUndocumentedParameterWithItsLine) {
  EXPECT_THAT(CheckScript("Get-Mailbox -Identity a\n"
                          "Get-Mailbox -Identity a `\n -Filter x -Ident b\n",
                          SmallTable()),
              ElementsAre("line 2: Get-Mailbox -Filter: not a documented parameter",
                          "line 2: Get-Mailbox -Ident: not a documented parameter"));
}

}  // namespace
}  // namespace graphpost::setup
