// README.md of a runbook (setup/runbook.hpp): what to do, in order, with the portal click path
// for each step an admin may prefer to click, the script that does the same, the waits and the
// checks. Rendered from the plan, so it names exactly the steps the scripts run.
#include <string>

#include "setup/runbook.hpp"

namespace graphpost::setup {
namespace {

std::string Code(const std::string& text) { return "`" + text + "`"; }

std::string EntraPortal(const Plan& plan) {
  return plan.answers.cloud == "global" ? "Entra admin center (https://entra.microsoft.com)"
                                        : "Entra admin center of your national cloud";
}

std::string AppPage(const Plan& plan) {
  return EntraPortal(plan) + " > Identity > Applications > App registrations > " +
         Code(plan.answers.app_name);
}

std::string EntraClickPath(const Plan& plan, const Step& step) {
  const std::string months = std::to_string(step.months);
  switch (step.kind) {
    case StepKind::kEnsureApplication:
      return EntraPortal(plan) +
             " > Identity > Applications > App registrations > New registration. Name: " +
             Code(step.name) +
             "; Supported account types: Accounts in this organizational directory only "
             "(Single tenant); Redirect URI: leave blank. Register.";
    case StepKind::kEnsureServicePrincipal:
      return "Registering in the portal makes the Enterprise application too. " +
             EntraPortal(plan) + " > Identity > Applications > Enterprise applications > " +
             Code(step.name) +
             " > Overview: copy the Object ID. This is the Enterprise application object ID "
             "(exchange.ps1 -ServicePrincipalObjectId); the App registration's Overview shows "
             "another Object ID, which is the wrong one. From " +
             AppPage(plan) + " > Overview copy the Application (client) ID (-AppId).";
    case StepKind::kAddClientSecret:
      return AppPage(plan) +
             " > Certificates & secrets > Client secrets > New client secret. Description: " +
             Code(step.name) + "; Expires: " + months +
             " months. Add, then copy the Value at once (it is shown only once) into "
             "`client-secret.txt` next to this README, readable by you only (`chmod 600 "
             "client-secret.txt`).";
    case StepKind::kAddCertificate:
      return AppPage(plan) +
             " > Certificates & secrets > Certificates > Upload certificate: `app-cert.pem` "
             "(the public part; the private key stays on this machine). Add.";
    case StepKind::kEnsureGraphPermission:
      return AppPage(plan) +
             " > API permissions > Add a permission > Microsoft Graph > Application "
             "permissions > Mail > " +
             Code(step.name) + " > Add permissions.";
    case StepKind::kGrantAdminConsent:
      return AppPage(plan) + " > API permissions > Grant admin consent for <your organization> " +
             "> Yes (" + Code(step.name) + " then shows Granted).";
    case StepKind::kRemoveGraphPermission:
      return AppPage(plan) + " > API permissions > ... on the row of " + Code(step.name) +
             " > Remove permission > Yes, remove.";
    case StepKind::kRevokeAdminConsent:
      return AppPage(plan) + " > API permissions > ... on the row of " + Code(step.name) +
             " > Revoke admin consent > Yes, remove.";
    default:
      return "";
  }
}

std::string ExchangeClickPath(const Step& step) {
  const std::string eac = "Exchange admin center (https://admin.exchange.microsoft.com)";
  switch (step.kind) {
    case StepKind::kCheckMailbox:
      return eac + " > Recipients > Mailboxes: " + Code(step.mailbox) +
             " is listed as a User mailbox (licensed) or a Shared mailbox. The connection uses "
             "its primary SMTP address (`Get-Mailbox " +
             step.mailbox + " | Format-List PrimarySmtpAddress`), never an alias.";
    case StepKind::kEnsureGroup:
      return eac + " > Recipients > Groups > Add a group > Mail-enabled security. Name: " +
             Code(step.name) + ".";
    case StepKind::kEnsureGroupMember:
      return eac + " > Recipients > Groups > " + Code(step.name) +
             " > Members: add the mailbox of " + Code(step.mailbox) +
             " itself (a direct member, not through another group).";
    default:
      return "";
  }
}

std::string ClickPath(const Plan& plan, const Step& step) {
  std::string path = IsEntraStep(step.kind) ? EntraClickPath(plan, step) : ExchangeClickPath(step);
  return path.empty() ? "none: Exchange Online PowerShell only." : path;
}

std::string StepSection(const Plan& plan, const Step& step, const std::string& script) {
  std::string heading = step.guide_step.empty() ? step.title : step.guide_step + ": " + step.title;
  return "### " + heading + "\n\n- Portal: " + ClickPath(plan, step) +
         "\n- Script: " + Code(script) + "\n- If it fails: " + step.hint + "\n\n";
}

std::string Sections(const Plan& plan, bool entra, int phase, const std::string& script) {
  std::string out;
  for (const Step& step : plan.steps) {
    if (IsEntraStep(step.kind) != entra) continue;
    if (phase != 0 && PhaseOf(step) != phase) continue;
    out += StepSection(plan, step, script);
  }
  return out;
}

std::string ModeText(const Plan& plan) {
  if (plan.answers.mode == Mode::kRecommended) {
    return "Mode: **recommended**. The app gets no Microsoft Graph mail permission in Entra ID; "
           "Exchange RBAC for Applications lets it send only as the mailboxes in the group.\n";
  }
  return "Mode: **as-the-guide**. Warning: the guide's Step 2 grants Mail.Send and "
         "Mail.ReadWrite tenant-wide with admin consent, so the app can send as ANY mailbox; the "
         "RBAC scope of Step 7 does not narrow that (`graphpost connection test` warns). To move "
         "to least privilege later: `graphpost setup migrate CONNECTION`.\n";
}

constexpr const char* kWait =
    "Exchange takes 30 minutes to 2 hours to apply a new role assignment to Microsoft Graph (the "
    "guide says wait at least 60 minutes). `Test-ServicePrincipalAuthorization` says `InScope "
    "True` at once because it does not read that cache: it is not proof that a send will work "
    "yet.\n";

std::string Checks(const Plan& plan) {
  std::string out;
  for (const MailboxAnswer& mailbox : plan.answers.mailboxes) {
    out += "- `graphpost connection test " + ConnectionName(mailbox) + "` (" +
           SendingAddress(mailbox) + ")\n";
  }
  return out;
}

std::string ConnectionsText(const Plan& plan) {
  std::string credential =
      plan.answers.credential == CredentialKind::kClientSecret
          ? "the secret from `client-secret.txt`"
          : "the certificate `app-cert.pem` and the private key, which stays in graphpost's data "
            "directory (never in this folder)";
  return "`sh ./connections.sh` adds one connection per mailbox, each sending as the mailbox's "
         "primary SMTP address, with " +
         credential +
         " read from its file (never from the command line); then it tests each. Run the tests "
         "again at any time:\n\n";
}

std::string SetupReadme(const Plan& plan) {
  std::string out = "# Setup runbook: " + Code(plan.answers.app_name) + " in " +
                    Code(plan.answers.tenant) + "\n\nWritten by `graphpost setup`. " +
                    ModeText(plan);
  out +=
      "\n## What to do, in order\n\n"
      "1. Entra ID: `pwsh ./entra.ps1` (Microsoft Graph PowerShell), or click the steps below. "
      "It writes `app-ids.json` (IDs only) and, for a client secret, `client-secret.txt`.\n"
      "2. Exchange Online: `pwsh ./exchange.ps1` (Exchange Online PowerShell). If you clicked "
      "through the Entra steps instead, give it `-AppId <Application (client) ID> "
      "-ServicePrincipalObjectId <Enterprise "
      "application object ID>`.\n"
      "3. Wait. " +
      std::string(kWait) +
      "4. `sh ./connections.sh`: adds the connections (the guide's Step 8) and tests each.\n"
      "\nEach script looks before it creates, so it can be run again after a failure; it stops "
      "at the first error and prints the guide's advice for that step.\n"
      "\n## 1. Entra ID (`entra.ps1`)\n\n" +
      Sections(plan, true, 0, "entra.ps1") + "## 2. Exchange Online (`exchange.ps1`)\n\n" +
      Sections(plan, false, 0, "exchange.ps1") + "## 3. Wait\n\n" + kWait +
      "\n## 4. Connections (`connections.sh`)\n\n" + ConnectionsText(plan) + Checks(plan);
  return out;
}

std::string MigrationReadme(const Plan& plan) {
  bool policy = false;
  for (const Step& step : plan.steps) policy = policy || step.kind == StepKind::kRemoveAccessPolicy;
  std::string out = "# Migration runbook: " + Code(plan.answers.app_name) + " (" +
                    Code(plan.app_id) + ") to Exchange RBAC only\n\nWritten by `graphpost setup " +
                    "migrate`. The app keeps sending from the mailboxes below while its " +
                    "tenant-wide rights are taken away, in this order. Rehearse it first with " +
                    "`--rehearse` against the sandbox.\n";
  out += "\n## Phase 1: add the RBAC scope (`pwsh ./migrate-1-exchange.ps1`)\n\n" +
         Sections(plan, false, 1, "migrate-1-exchange.ps1") + "## Wait for propagation\n\n" +
         kWait +
         "\nWait at least that long before phase 2. While the Entra grant is still there every "
         "connection passes either way, so a passing `graphpost connection test` does not prove "
         "that the scope is in effect; removing the grant before Exchange applies the scope stops "
         "the app sending.\n" +
         "\n## Phase 2: remove the Entra grant (`pwsh ./migrate-2-entra.ps1`)\n\n" +
         Sections(plan, true, 2, "migrate-2-entra.ps1");
  if (policy) {
    out += "## Phase 3: remove the access policy (`pwsh ./migrate-3-exchange.ps1`)\n\n" +
           Sections(plan, false, 3, "migrate-3-exchange.ps1");
  }
  out += "## Verify\n\nEvery connection still passes, and `permissions` no longer warns:\n\n" +
         Checks(plan) +
         "\nA mailbox outside the group must now be refused (403) when the app sends as it.\n";
  return out;
}

}  // namespace

std::string RenderReadme(const Plan& plan) {
  return plan.app_id.empty() ? SetupReadme(plan) : MigrationReadme(plan);
}

}  // namespace graphpost::setup
