// entra.ps1 and migrate-2-entra.ps1 (setup/powershell.hpp): the Entra steps of a plan as a
// Microsoft Graph PowerShell script.
#include <string>

#include "setup/internal/powershell_common.hpp"
#include "setup/powershell.hpp"

namespace graphpost::setup {
namespace {

using internal::StepBlock;

std::string GraphEnvironment(const std::string& cloud) {
  if (cloud == "usgov") return "USGov";
  if (cloud == "usgov-dod") return "USGovDoD";
  if (cloud == "china") return "China";
  return "Global";
}

bool HasKind(const std::vector<const Step*>& steps, StepKind kind) {
  for (const Step* step : steps) {
    if (step->kind == kind) return true;
  }
  return false;
}

bool NeedsGraphRoles(const std::vector<const Step*>& steps) {
  return HasKind(steps, StepKind::kEnsureGraphPermission) ||
         HasKind(steps, StepKind::kGrantAdminConsent) ||
         HasKind(steps, StepKind::kRemoveGraphPermission) ||
         HasKind(steps, StepKind::kRevokeAdminConsent);
}

// Functions for the permission steps: the Graph app role by name, its listing on the
// registration, and its consent (an app role assignment), each set to present or absent.
constexpr const char* kGraphRoleFunctions = R"PS(
$graphAppId = '00000003-0000-0000-c000-000000000000'  # Microsoft Graph, the same in every tenant

# The Microsoft Graph application permission (app role) called $Value.
function GraphRole([string]$Value) {
  $graph = Get-MgServicePrincipal -Filter "appId eq '$graphAppId'"
  $role = $graph.AppRoles | Where-Object { $_.Value -eq $Value -and $_.AllowedMemberTypes -contains 'Application' }
  if (-not $role) { throw "Microsoft Graph has no application permission $Value" }
  return @{ Role = $role; GraphId = $graph.Id }
}

# Lists ($Listed) or unlists the permission $Value on the app registration, keeping the others.
function SetGraphPermission($App, [string]$Value, [bool]$Listed) {
  $role = (GraphRole $Value).Role
  $current = Get-MgApplication -ApplicationId $App.Id
  $others = @($current.RequiredResourceAccess | Where-Object { $_.ResourceAppId -ne $graphAppId })
  $access = @($current.RequiredResourceAccess | Where-Object { $_.ResourceAppId -eq $graphAppId } | ForEach-Object { $_.ResourceAccess })
  $has = @($access | Where-Object { $_.Id -eq $role.Id }).Count -gt 0
  if ($has -eq $Listed) { Write-Host '  already so'; return }
  $kept = @($access | Where-Object { $_.Id -ne $role.Id })
  if ($Listed) { $kept += @{ Id = $role.Id; Type = 'Role' } }
  if ($kept.Count -gt 0) { $others += @{ ResourceAppId = $graphAppId; ResourceAccess = $kept } }
  Update-MgApplication -ApplicationId $App.Id -RequiredResourceAccess $others
  Write-Host '  done'
}

# Grants ($Granted) or revokes the admin consent for permission $Value (an app role assignment).
function SetGraphConsent($Sp, [string]$Value, [bool]$Granted) {
  $found = GraphRole $Value
  $assignments = @(Get-MgServicePrincipalAppRoleAssignment -ServicePrincipalId $Sp.Id | Where-Object { $_.AppRoleId -eq $found.Role.Id -and $_.ResourceId -eq $found.GraphId })
  if (($assignments.Count -gt 0) -eq $Granted) { Write-Host '  already so'; return }
  if ($Granted) {
    $null = New-MgServicePrincipalAppRoleAssignment -ServicePrincipalId $Sp.Id -PrincipalId $Sp.Id -ResourceId $found.GraphId -AppRoleId $found.Role.Id
  } else {
    foreach ($assignment in $assignments) {
      Remove-MgServicePrincipalAppRoleAssignment -ServicePrincipalId $Sp.Id -AppRoleAssignmentId $assignment.Id
    }
  }
  Write-Host '  done'
}
)PS";

std::string EnsureApplication() {
  return "$found = @(Get-MgApplication -Filter \"displayName eq '$appName'\")\n"
         "if ($found.Count -gt 1) { throw \"more than one app registration is named '$appName': "
         "rename or delete the others\" }\n"
         "if ($found.Count -eq 1) {\n"
         "  $app = $found[0]\n"
         "  Write-Host \"  exists: Application (client) ID $($app.AppId)\"\n"
         "} else {\n"
         "  $app = New-MgApplication -DisplayName $appName -SignInAudience 'AzureADMyOrg'\n"
         "  Write-Host \"  created: Application (client) ID $($app.AppId)\"\n"
         "}\n"
         "if ($app.SignInAudience -ne 'AzureADMyOrg') { throw \"'$appName' is not single tenant "
         "(SignInAudience $($app.SignInAudience))\" }\n";
}

std::string EnsureServicePrincipal() {
  return "$sp = Get-MgServicePrincipal -Filter \"appId eq '$($app.AppId)'\"\n"
         "if ($sp) { Write-Host '  exists' } else { $sp = New-MgServicePrincipal -AppId "
         "$app.AppId; Write-Host '  created' }\n"
         "Write-Host \"  Enterprise application object ID: $($sp.Id) (exchange.ps1 needs this "
         "one, not the App registration's $($app.Id))\"\n";
}

// An existing client-secret.txt is kept, unless app-ids.json (written at the end of an earlier
// run) says it was made for another app: a runbook rewritten for another app name in the same
// folder would otherwise hand that app's secret to this app's connections.
std::string AddClientSecret(const Step& step) {
  return "$secretFile = Join-Path $PSScriptRoot 'client-secret.txt'\n"
         "$earlierIds = Join-Path $PSScriptRoot 'app-ids.json'\n"
         "if ((Test-Path -Path $secretFile) -and (Test-Path -Path $earlierIds)) {\n"
         "  $earlierApp = [string](Get-Content -Path $earlierIds -Raw | ConvertFrom-Json).appId\n"
         "  if ($earlierApp -and $earlierApp -ne $app.AppId) { throw \"client-secret.txt was made "
         "for the app $earlierApp, not this one: delete client-secret.txt (and that app's secret) "
         "to make one for this app\" }\n"
         "}\n"
         "if (Test-Path -Path $secretFile) {\n"
         "  Write-Host '  kept: client-secret.txt exists (delete it to make a new secret)'\n"
         "} else {\n"
         "  $credential = @{ DisplayName = " +
         PsQuote(step.name) + "; EndDateTime = (Get-Date).AddMonths(" +
         std::to_string(step.months) +
         ") }\n"
         "  $password = Add-MgApplicationPassword -ApplicationId $app.Id -PasswordCredential "
         "$credential\n"
         "  Set-Content -Path $secretFile -Value '' -NoNewline\n"
         "  if ($IsLinux -or $IsMacOS) { chmod 600 $secretFile }\n"
         "  Set-Content -Path $secretFile -Value $password.SecretText -NoNewline\n"
         "  Write-Host \"  written to client-secret.txt (never shown), expires "
         "$($password.EndDateTime)\"\n"
         "  Write-Host '  keep it readable by you only (on Windows: icacls client-secret.txt "
         "/inheritance:r /grant:r \"%USERNAME%:R\")'\n"
         "}\n";
}

std::string AddCertificate(const Step& step) {
  return "$certFile = Join-Path $PSScriptRoot 'app-cert.pem'\n"
         "$cert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($certFile)"
         "\n"
         "$app = Get-MgApplication -ApplicationId $app.Id\n"
         "$uploaded = @($app.KeyCredentials | Where-Object { $_.CustomKeyIdentifier -and "
         "[System.Convert]::ToHexString($_.CustomKeyIdentifier) -eq $cert.Thumbprint })\n"
         "if ($uploaded.Count -gt 0) {\n"
         "  Write-Host \"  exists: certificate $($cert.Thumbprint)\"\n"
         "} else {\n"
         "  # Sets the app's certificates to this one (public part only; the key stays local).\n"
         "  $key = @{ Type = 'AsymmetricX509Cert'; Usage = 'Verify'; Key = $cert.RawData; "
         "DisplayName = " +
         PsQuote(step.name) +
         " }\n"
         "  Update-MgApplication -ApplicationId $app.Id -KeyCredentials @($key)\n"
         "  Write-Host \"  uploaded: certificate $($cert.Thumbprint), valid until "
         "$($cert.NotAfter)\"\n"
         "}\n";
}

std::string EntraStepBody(const Step& step) {
  switch (step.kind) {
    case StepKind::kEnsureApplication:
      return EnsureApplication();
    case StepKind::kEnsureServicePrincipal:
      return EnsureServicePrincipal();
    case StepKind::kAddClientSecret:
      return AddClientSecret(step);
    case StepKind::kAddCertificate:
      return AddCertificate(step);
    case StepKind::kEnsureGraphPermission:
      return "SetGraphPermission $app " + PsQuote(step.name) + " $true\n";
    case StepKind::kRemoveGraphPermission:
      return "SetGraphPermission $app " + PsQuote(step.name) + " $false\n";
    case StepKind::kGrantAdminConsent:
      return "SetGraphConsent $sp " + PsQuote(step.name) + " $true\n";
    case StepKind::kRevokeAdminConsent:
      return "SetGraphConsent $sp " + PsQuote(step.name) + " $false\n";
    default:
      return "throw 'not an Entra step'\n";
  }
}

// A migration's script finds the existing app and its Enterprise application by $AppId.
std::string FindExistingApp() {
  return internal::SetupBlock(
      "Find the app registration and its Enterprise application",
      "Run this as an admin of the tenant the app is registered in; -AppId is the Application "
      "(client) ID.",
      "$app = Get-MgApplication -Filter \"appId eq '$AppId'\"\n"
      "$sp = Get-MgServicePrincipal -Filter \"appId eq '$AppId'\"\n"
      "if (-not $app -or -not $sp) { throw \"no app registration with its Enterprise application "
      "has the Application (client) ID $AppId\" }\n");
}

std::string WriteAppIds() {
  return internal::SetupBlock(
      "Write app-ids.json for exchange.ps1",
      "The IDs are not secret; app-ids.json must sit next to exchange.ps1.",
      "$ids = [ordered]@{ tenantId = (Get-MgContext).TenantId; appId = $app.AppId; "
      "applicationObjectId = $app.Id; servicePrincipalObjectId = $sp.Id }\n"
      "Set-Content -Path (Join-Path $PSScriptRoot 'app-ids.json') -Value ($ids | ConvertTo-Json)\n"
      "Write-Host \"  Application (client) ID: $($app.AppId)\"\n"
      "Write-Host \"  Enterprise application object ID: $($sp.Id)\"\n");
}

std::string Connect(const Plan& plan) {
  const char* scopes = "'Application.ReadWrite.All', 'AppRoleAssignment.ReadWrite.All'";
  return internal::SetupBlock(
      "Connect to Microsoft Graph",
      "Install the module first (Install-Module Microsoft.Graph -Scope CurrentUser) and sign in "
      "as an admin who may register apps and grant admin consent.",
      "Connect-MgGraph -TenantId " + PsQuote(plan.answers.tenant) + " -Environment " +
          GraphEnvironment(plan.answers.cloud) + " -Scopes " + scopes + " -NoWelcome\n");
}

}  // namespace

std::string RenderEntraScript(const Plan& plan, int phase) {
  const std::vector<const Step*> steps = internal::SideSteps(plan, /*entra=*/true, phase);
  const bool setup = HasKind(steps, StepKind::kEnsureApplication);
  std::string out = internal::Comment(
      std::string(setup ? "entra.ps1" : "migrate-2-entra.ps1") +
      ", generated by graphpost setup: the Entra ID part of the setup guide for\n"
      "tenant " +
      plan.answers.tenant + " (cloud " + plan.answers.cloud + "), app '" + plan.answers.app_name +
      "'.\n"
      "Run with Microsoft Graph PowerShell: pwsh ./" +
      (setup ? "entra.ps1" : "migrate-2-entra.ps1") +
      "\n"
      "Each step looks before it creates, so running it again is safe; it stops at the first\n"
      "error with the guide's advice. No secret is ever printed.");
  if (!setup) out += "param([string]$AppId = " + PsQuote(plan.app_id) + ")\n";
  out += "\n" + internal::ScriptFrame();
  out += "\n$appName = " + PsQuote(plan.answers.app_name) + "\n";
  if (NeedsGraphRoles(steps)) out += kGraphRoleFunctions;
  out += Connect(plan);
  if (!setup) out += FindExistingApp();
  for (const Step* step : steps) out += StepBlock(*step, EntraStepBody(*step));
  if (setup) out += WriteAppIds();
  out += "\nWrite-Host ''\nWrite-Host 'Done.'\n";
  return out;
}

}  // namespace graphpost::setup
