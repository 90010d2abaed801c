// setup/plan.hpp — the one model of the setup guide's steps (docs/setup.md "The plan"). A Plan is
// an ordered list of Steps; the renderers (setup/powershell.hpp, setup/runbook.hpp) turn it into
// the runbook's scripts and README, and the sandbox runner (setup/sandbox_runner.hpp) executes
// the very same steps against the sandbox's admin API, so a rehearsal runs what the admin will.
//
// The guide's traps cannot be expressed (docs/setup.md "Traps the plan cannot express"):
//  - a management scope has no filter parameter: its filter is always `MemberOfGroup -eq <DN>`
//    with the DN read from the group by an earlier kReadGroupDn step, never an e-mail address;
//  - kEnsureExchangeServicePrincipal has no object ID parameter: it always uses the Enterprise
//    application's (service principal's) object ID bound by kEnsureServicePrincipal, never the
//    App registration's;
//  - group members are only the mailboxes that kCheckMailbox verified to be a UserMailbox or
//    SharedMailbox (by primary SMTP address), added directly: never a group (nesting is out of
//    scope for RBAC), never an alias.
// Plain values; pure functions; thread-compatible.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "setup/answers.hpp"

namespace graphpost::setup {

enum class StepKind {
  // --- Entra ID (Microsoft Graph PowerShell, or the portal) ---------------------------------
  kEnsureApplication,       // single-tenant app registration `name` (guide step 1)
  kEnsureServicePrincipal,  // its Enterprise application; binds its object ID (step 4)
  kAddClientSecret,         // a client secret named `name` for `months` (step 3)
  kAddCertificate,          // upload the locally made certificate (public part only)
  kEnsureGraphPermission,   // application permission `name` on Microsoft Graph (step 2)
  kGrantAdminConsent,       // app role assignment for permission `name` (step 2's consent)
  kRemoveGraphPermission,   // migration: permission `name` off the registration
  kRevokeAdminConsent,      // migration: the app role assignment of permission `name`
  // --- Exchange Online PowerShell -------------------------------------------------------------
  kCheckMailbox,       // Get-Mailbox `mailbox`: exists, user or shared; binds its primary
                       // SMTP address (steps 5 and 6)
  kEnsureGroup,        // mail-enabled security group `name` (step 7)
  kEnsureGroupMember,  // `mailbox` (by its bound primary address) a direct member of `name`
  kReadGroupDn,        // binds the DN of group `name` (step 7, troubleshooting)
  kEnsureExchangeServicePrincipal,  // New-ServicePrincipal -AppId -ObjectId (step 7)
  kEnsureManagementScope,           // scope `name` = MemberOfGroup -eq <bound DN> (step 7)
  kEnsureRoleAssignment,            // assignment `name` of role `role` to the app in scope `scope`
  kTestAuthorization,   // Test-ServicePrincipalAuthorization -Resource `mailbox`: InScope
  kRemoveAccessPolicy,  // migration: every Application Access Policy of the app
};

// Stable spelling of a kind ("ensure-application", ...), for JSON and logs.
std::string_view StepKindName(StepKind kind);
// True for the kinds run with Microsoft Graph PowerShell (entra.ps1), false for Exchange's.
bool IsEntraStep(StepKind kind);

struct Step {
  StepKind kind;
  std::string title;       // one line, e.g. "Register the app 'X' (single tenant)"
  std::string guide_step;  // "Step 7", or "" when the guide has no such step
  std::string hint;        // the guide's troubleshooting advice when this step fails
  std::string name;        // app / permission / group / scope / assignment / secret name
  std::string mailbox;     // as typed (kCheckMailbox, kEnsureGroupMember, kTestAuthorization)
  std::string role;        // kEnsureRoleAssignment: "Application Mail.Send"
  std::string scope;       // kEnsureRoleAssignment: the scope's name
  int months = 0;          // kAddClientSecret / kAddCertificate: validity
};

struct Plan {
  Answers answers;  // what the plan was built from (names, domains, cloud)
  std::vector<Step> steps;
  // A migration's existing app: its Application (client) ID, which the migration's scripts use
  // (a setup's scripts learn it from the app registration step). Empty for a setup plan.
  std::string app_id;
};

// The setup guide's steps for `answers` (validated by ValidateAnswers first; its error otherwise):
// Entra: application, service principal, credential, then in as-the-guide mode Mail.Send and
// Mail.ReadWrite with consent. Exchange: each mailbox checked, the group, its direct members, the
// DN, the Exchange service principal, the scope, the "Application Mail.Send" assignment, a test
// per mailbox.
[[nodiscard]] Result<Plan> BuildSetupPlan(const Answers& answers);

// What a migration to RBAC only starts from (setup/migration.hpp finds it out).
struct MigrationInput {
  Answers answers;  // tenant, cloud, domains, app_name, group_name, the connections' mailboxes
  std::string app_id;
  std::vector<std::string> granted_mail_roles;  // e.g. {"Mail.Send", "Mail.ReadWrite"}
  bool has_access_policy = false;               // a legacy Application Access Policy exists
};

// The move to least privilege (docs/setup.md "Migrating"): the Exchange side first (mailboxes
// checked, group and direct members, DN, service principal, scope, assignment, a test per
// mailbox), then the Entra consent revoked and the permissions removed, then the access
// policies removed. Propagation waits and verification are not steps: the caller runs them
// between the phases (PhaseOf).
[[nodiscard]] Result<Plan> BuildMigrationPlan(const MigrationInput& input);

// The migration's phases, in order: 1 add the RBAC scope, 2 remove the Entra grant, 3 remove the
// access policy. Setup plans are all phase 1.
int PhaseOf(const Step& step);

}  // namespace graphpost::setup
