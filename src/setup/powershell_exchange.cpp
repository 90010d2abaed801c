// exchange.ps1, migrate-1-exchange.ps1 and migrate-3-exchange.ps1 (setup/powershell.hpp): the
// Exchange steps of a plan as an Exchange Online PowerShell script. The guide's traps have no
// input here: the scope's filter is built from $groupDn (read by Get-Group), New-ServicePrincipal
// gets the Enterprise application's object ID from app-ids.json or -ServicePrincipalObjectId, and
// only addresses Get-Mailbox resolved ($primary) are added to the group.
#include <string>

#include "setup/internal/powershell_common.hpp"
#include "setup/powershell.hpp"

namespace graphpost::setup {
namespace {

using internal::StepBlock;

std::string ExchangeEnvironment(const std::string& cloud) {
  if (cloud == "usgov") return "O365USGovGCCHigh";
  if (cloud == "usgov-dod") return "O365USGovDoD";
  if (cloud == "china") return "O365China";
  return "O365Default";
}

std::string CheckMailbox(const Step& step) {
  const std::string address = PsQuote(step.mailbox);
  return "$mailbox = Get-Mailbox -Identity " + address +
         "\n"
         "$type = [string]$mailbox.RecipientTypeDetails\n"
         "if ($type -ne 'UserMailbox' -and $type -ne 'SharedMailbox') { throw \"it is a $type, "
         "not a user or shared mailbox\" }\n"
         "$primary[" +
         address +
         "] = [string]$mailbox.PrimarySmtpAddress\n"
         "Write-Host \"  $type, primary SMTP address $($primary[" +
         address + "])\"\n";
}

std::string EnsureGroup(const Step& step, const Answers& answers) {
  const std::string group = PsQuote(step.name);
  return "$group = Get-DistributionGroup -Identity " + group +
         " -ErrorAction SilentlyContinue\n"
         "if ($group) {\n"
         "  if ([string]$group.RecipientTypeDetails -ne 'MailUniversalSecurityGroup') { throw "
         "\"a group of that name exists but is a $($group.RecipientTypeDetails), not a "
         "mail-enabled security group\" }\n"
         "  Write-Host '  exists'\n"
         "} else {\n"
         "  $null = New-DistributionGroup -Name " +
         group + " -Alias " + PsQuote(GroupAlias(answers)) +
         " -Type Security\n"
         "  Write-Host '  created'\n"
         "}\n";
}

std::string EnsureGroupMember(const Step& step) {
  const std::string group = PsQuote(step.name);
  return "$member = $primary[" + PsQuote(step.mailbox) +
         "]\n"
         "$members = @((Get-DistributionGroupMember -Identity " +
         group +
         " -ResultSize Unlimited).PrimarySmtpAddress)\n"
         "if ($members -contains $member) {\n"
         "  Write-Host \"  already a direct member: $member\"\n"
         "} else {\n"
         "  Add-DistributionGroupMember -Identity " +
         group +
         " -Member $member\n"
         "  Write-Host \"  added: $member\"\n"
         "}\n";
}

std::string ReadGroupDn(const Step& step) {
  return "$groupDn = [string](Get-Group -Identity " + PsQuote(step.name) +
         ").DistinguishedName\n"
         "if (-not $groupDn) { throw 'the group has no distinguished name' }\n"
         "Write-Host \"  DN: $groupDn\"\n";
}

std::string EnsureExchangeServicePrincipal(const Step& step) {
  return "$exchangeSp = Get-ServicePrincipal -Identity $AppId -ErrorAction SilentlyContinue\n"
         "if ($exchangeSp) {\n"
         "  Write-Host '  exists'\n"
         "} else {\n"
         "  if (-not $ServicePrincipalObjectId) { throw 'the Enterprise application object ID is "
         "needed: run entra.ps1 first (it writes app-ids.json), or give "
         "-ServicePrincipalObjectId from Entra admin center > Enterprise applications > the app > "
         "Overview > Object ID (not the App registration''s object ID)' }\n"
         "  $null = New-ServicePrincipal -AppId $AppId -ObjectId $ServicePrincipalObjectId "
         "-DisplayName " +
         PsQuote(step.name) +
         "\n"
         "  Write-Host '  created'\n"
         "}\n";
}

std::string EnsureManagementScope(const Step& step) {
  const std::string scope = PsQuote(step.name);
  return "$filter = \"MemberOfGroup -eq '\" + $groupDn.Replace(\"'\", \"''\") + \"'\"\n"
         "$scope = Get-ManagementScope -Identity " +
         scope +
         " -ErrorAction SilentlyContinue\n"
         "if ($scope) {\n"
         "  if (-not ([string]$scope.RecipientFilter).Contains($groupDn)) { throw \"the scope "
         "exists with another filter ($($scope.RecipientFilter)): remove it or choose another "
         "group name\" }\n"
         "  Write-Host '  exists'\n"
         "} else {\n"
         "  $null = New-ManagementScope -Name " +
         scope +
         " -RecipientRestrictionFilter $filter\n"
         "  Write-Host \"  created: $filter\"\n"
         "}\n";
}

std::string EnsureRoleAssignment(const Step& step) {
  const std::string name = PsQuote(step.name);
  const std::string role = PsQuote(step.role), scope = PsQuote(step.scope);
  // An assignment of that name from an earlier run may be in another scope (another group):
  // it is moved to this one, as the rehearsal does; one of another role is refused.
  return "$assignment = Get-ManagementRoleAssignment -Identity " + name +
         " -ErrorAction SilentlyContinue\n"
         "if ($assignment) {\n"
         "  if ([string]$assignment.Role -ne " +
         role +
         ") { throw \"an assignment of that name gives $($assignment.Role): remove it or choose "
         "another app name\" }\n"
         "  if ([string]$assignment.CustomResourceScope -ne " +
         scope +
         ") {\n"
         "    Set-ManagementRoleAssignment -Identity " +
         name + " -CustomResourceScope " + scope +
         "\n"
         "    Write-Host \"  scope changed from $($assignment.CustomResourceScope)\"\n"
         "  } else {\n"
         "    Write-Host '  exists'\n"
         "  }\n"
         "} else {\n"
         "  $null = New-ManagementRoleAssignment -Name " +
         name + " -Role " + role + " -App $AppId -CustomResourceScope " + scope +
         "\n"
         "  Write-Host '  created'\n"
         "}\n";
}

// Test-ServicePrincipalAuthorization returns one row per role assignment of the app: the mailbox
// is in scope when any Application Mail.Send row says InScope (a bool, or its text when
// deserialized), not only the first.
std::string TestAuthorization(const Step& step) {
  return "$address = $primary[" + PsQuote(step.mailbox) +
         "]\n"
         "$results = @(Test-ServicePrincipalAuthorization -Identity $AppId -Resource $address | "
         "Where-Object { $_.RoleName -eq 'Application Mail.Send' })\n"
         "if (@($results | Where-Object { [string]$_.InScope -eq 'True' }).Count -eq 0) { throw "
         "\"InScope is not True for $address\" }\n"
         "Write-Host \"  InScope True: $address\"\n";
}

// A policy may name several apps (AppId is a list, or its comma-joined text): one that names
// another app too is not removed, since that would change what the other app may reach; every
// policy is checked before any is removed, as the rehearsal's step does.
std::string RemoveAccessPolicy() {
  return "$policies = @()\n"
         "foreach ($policy in @(Get-ApplicationAccessPolicy)) {\n"
         "  $policyApps = @((@($policy.AppId) -join ',') -split ',' | ForEach-Object { $_.Trim() } "
         "| "
         "Where-Object { $_ })\n"
         "  if ($policyApps -notcontains $AppId) { continue }\n"
         "  $others = @($policyApps | Where-Object { $_ -ne $AppId })\n"
         "  if ($others.Count -gt 0) { throw \"the access policy $($policy.Identity) also names "
         "other apps ($($others -join ', ')): removing it would change what they may reach, so "
         "remove this app from it by hand (remove the policy, then make it again for the "
         "others)\" }\n"
         "  $policies += $policy\n"
         "}\n"
         "if ($policies.Count -eq 0) { Write-Host '  none left' }\n"
         "foreach ($policy in $policies) {\n"
         "  Remove-ApplicationAccessPolicy -Identity $policy.Identity -Confirm:$false\n"
         "  Write-Host \"  removed: $($policy.Identity)\"\n"
         "}\n";
}

std::string ExchangeStepBody(const Step& step, const Answers& answers) {
  switch (step.kind) {
    case StepKind::kCheckMailbox:
      return CheckMailbox(step);
    case StepKind::kEnsureGroup:
      return EnsureGroup(step, answers);
    case StepKind::kEnsureGroupMember:
      return EnsureGroupMember(step);
    case StepKind::kReadGroupDn:
      return ReadGroupDn(step);
    case StepKind::kEnsureExchangeServicePrincipal:
      return EnsureExchangeServicePrincipal(step);
    case StepKind::kEnsureManagementScope:
      return EnsureManagementScope(step);
    case StepKind::kEnsureRoleAssignment:
      return EnsureRoleAssignment(step);
    case StepKind::kTestAuthorization:
      return TestAuthorization(step);
    case StepKind::kRemoveAccessPolicy:
      return RemoveAccessPolicy();
    default:
      return "throw 'not an Exchange step'\n";
  }
}

// -AppId and -ServicePrincipalObjectId, else app-ids.json (entra.ps1's handoff).
std::string Parameters(const Plan& plan) {
  return "param(\n"
         "  [string]$AppId = " +
         PsQuote(plan.app_id) +
         ",\n"
         "  [string]$ServicePrincipalObjectId = ''\n"
         ")\n";
}

std::string ReadAppIds() {
  return "\n$idsFile = Join-Path $PSScriptRoot 'app-ids.json'\n"
         "if (Test-Path -Path $idsFile) {\n"
         "  $ids = Get-Content -Path $idsFile -Raw | ConvertFrom-Json\n"
         "  if (-not $AppId) { $AppId = $ids.appId }\n"
         "  if (-not $ServicePrincipalObjectId) { $ServicePrincipalObjectId = "
         "$ids.servicePrincipalObjectId }\n"
         "}\n"
         "if (-not $AppId) {\n"
         "  Write-Host 'Run entra.ps1 first (it writes app-ids.json), or give -AppId <Application "
         "(client) ID> -ServicePrincipalObjectId <Enterprise application object ID>.'\n"
         "  exit 1\n"
         "}\n"
         "$primary = @{}  # each address as given -> the primary SMTP address of its mailbox\n";
}

std::string Connect(const Plan& plan) {
  std::string command =
      "Connect-ExchangeOnline -ExchangeEnvironmentName " + ExchangeEnvironment(plan.answers.cloud);
  if (!plan.answers.admin_upn.empty()) {
    command += " -UserPrincipalName " + PsQuote(plan.answers.admin_upn);
  }
  return internal::SetupBlock(
      "Connect to Exchange Online",
      "Install the module first (Install-Module ExchangeOnlineManagement -Scope CurrentUser) and "
      "sign in as an Exchange administrator.",
      command + "\n");
}

std::string ConnectionLine(const Plan& plan, const MailboxAnswer& mailbox) {
  std::string cloud = plan.answers.cloud == "global" ? "" : " --cloud " + plan.answers.cloud;
  std::string credential = plan.answers.credential == CredentialKind::kClientSecret
                               ? " --secret-file client-secret.txt"
                               : " --certificate app-cert.pem --private-key <key file>";
  // The primary address comes from Exchange and may hold a quote (o'brien@...): it is printed as
  // a POSIX shell single-quoted word, so the line can be pasted as is.
  return "Write-Host ('graphpost connection add ' + " + PsQuote(ConnectionName(mailbox)) +
         " + ' --tenant ' + " + PsQuote(plan.answers.tenant) +
         " + ' --client-id ' + $AppId + ' --user-id ''' + ([string]$primary[" +
         PsQuote(mailbox.address) + "]).Replace(\"'\", \"'\\''\") + '''' + " +
         PsQuote(credential + cloud) + ")\n";
}

// The guide's step 8 for each mailbox, with the primary addresses this run found.
std::string ConnectionLines(const Plan& plan) {
  std::string out =
      "\nWrite-Host ''\n"
      "Write-Host 'Done. Exchange takes 30 minutes to 2 hours to apply the assignment to Microsoft "
      "Graph (the guide says wait at least 60 minutes). Then add the connections (connections.sh "
      "has these lines) and test each with graphpost connection test NAME:'\n";
  for (const MailboxAnswer& mailbox : plan.answers.mailboxes) {
    out += ConnectionLine(plan, mailbox);
  }
  return out;
}

bool Has(const std::vector<const Step*>& steps, StepKind kind) {
  for (const Step* step : steps) {
    if (step->kind == kind) return true;
  }
  return false;
}

}  // namespace

std::string RenderExchangeScript(const Plan& plan, int phase) {
  const std::vector<const Step*> steps = internal::SideSteps(plan, /*entra=*/false, phase);
  const bool setup = plan.app_id.empty();
  const std::string name =
      setup ? "exchange.ps1" : "migrate-" + std::to_string(phase) + "-exchange.ps1";
  std::string out = internal::Comment(
      name + ", generated by graphpost setup: the Exchange Online part of the setup guide for\n" +
      "tenant " + plan.answers.tenant + ", app '" + plan.answers.app_name +
      "'.\n"
      "Run with Exchange Online PowerShell" +
      (setup ? " after entra.ps1" : "") + ": pwsh ./" + name +
      "\n"
      "(or give -AppId <Application (client) ID> -ServicePrincipalObjectId <Enterprise\n"
      "application object ID>, the one from Enterprise applications, e.g. after clicking).\n"
      "Each step looks before it creates, so running it again is safe; it stops at the first\n"
      "error with the guide's advice.");
  out += Parameters(plan);
  out += "\n" + internal::ScriptFrame() + ReadAppIds();
  out += Connect(plan);
  for (const Step* step : steps) out += StepBlock(*step, ExchangeStepBody(*step, plan.answers));
  if (setup && Has(steps, StepKind::kTestAuthorization)) {
    out += ConnectionLines(plan);
  } else if (!setup && phase == 1) {
    out +=
        "\nWrite-Host ''\n"
        "Write-Host 'Done. Now wait: Exchange takes 30 minutes to 2 hours to apply the assignment "
        "to Microsoft Graph. Run migrate-2-entra.ps1 only after that wait (see README.md).'\n";
  } else {
    out += "\nWrite-Host ''\nWrite-Host 'Done.'\n";
  }
  return out;
}

}  // namespace graphpost::setup
