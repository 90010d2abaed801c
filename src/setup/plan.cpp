// The setup guide's steps as data (setup/plan.hpp). Titles, guide step numbers and hints are
// written here once; the scripts, the README and the sandbox runner all read them from the plan.
#include "setup/plan.hpp"

#include <string>
#include <utility>

namespace graphpost::setup {
namespace {

// The name given to the client secret or certificate in Entra. The guide suggests a descriptive
// name; a date would need a clock, and a fixed name keeps the plan a pure function.
constexpr const char* kCredentialName = "graphpost";
constexpr const char* kSendRole = "Application Mail.Send";

// The guide's troubleshooting advice, per step (docs/setup.md "When a step fails").
constexpr const char* kHintApplication =
    "Registering an app needs the Application Administrator (or Cloud Application Administrator) "
    "role; choose 'Accounts in this organizational directory only (Single tenant)' and leave the "
    "redirect URI blank.";
constexpr const char* kHintServicePrincipal =
    "The Enterprise application (service principal) has its own object ID, different from the "
    "App registration's; Exchange needs the Enterprise application's (Entra admin center > "
    "Enterprise applications > the app > Overview > Object ID).";
constexpr const char* kHintSecret =
    "The secret's value is shown only once: if it was not saved, delete the secret and make a new "
    "one. A secret expires after its months; make a new one before then and give it to the "
    "connection.";
constexpr const char* kHintCertificate =
    "Upload only the certificate (app-cert.pem, the public part); the private key never leaves "
    "this machine. A certificate expires after its months; make a new one with `graphpost "
    "connection rotate-certificate`.";
constexpr const char* kHintPermission =
    "Choose Microsoft Graph > Application permissions (not Delegated): client credentials use "
    "application permissions only.";
constexpr const char* kHintConsent =
    "Admin consent needs a Global Administrator or Privileged Role Administrator; without it the "
    "permission is listed but not granted and Graph refuses the token ('Need admin approval').";
constexpr const char* kHintRemovePermission =
    "Remove the permission from the App registration (API permissions > ... > Remove permission); "
    "the RBAC assignment added in phase 1 keeps the mailboxes in the group sending.";
constexpr const char* kHintRevokeConsent =
    "Revoking consent needs a Global Administrator or Privileged Role Administrator; until it is "
    "revoked the token keeps the tenant-wide role and the app can send as any mailbox.";
constexpr const char* kHintMailbox =
    "If Get-Mailbox returns nothing or an error, the address is not a mailbox Microsoft Graph can "
    "use: an Entra user without an Exchange Online mailbox (licence), a distribution list or a "
    "mail contact cannot send, and a shared mailbox must be mail-enabled. An alias is resolved to "
    "its mailbox; the connection uses the mailbox's primary SMTP address as its user ID.";
constexpr const char* kHintGroup =
    "The group must be a mail-enabled security group (New-DistributionGroup -Type Security); a "
    "Microsoft 365 group or a plain distribution list does not scope RBAC.";
constexpr const char* kHintMember =
    "Add each mailbox directly to the group: members of a nested group are out of the scope, and "
    "a group is never a sender.";
constexpr const char* kHintGroupDn =
    "The MemberOfGroup filter needs the group's distinguished name (DN), not its e-mail address: "
    "Get-Group '<group>' | Format-List DistinguishedName.";
constexpr const char* kHintExchangeSp =
    "The service principal may already exist in Exchange Online if the app was registered before: "
    "Get-ServicePrincipal -Identity <client ID>; if it returns one, skip New-ServicePrincipal. "
    "-ObjectId is the Enterprise application's object ID, not the App registration's.";
constexpr const char* kHintScope =
    "If New-ManagementScope fails with a filter error, the filter must use the group's "
    "distinguished name (DN), not its e-mail address: MemberOfGroup -eq '<DN>'.";
constexpr const char* kHintAssignment =
    "If sending fails with 403 Forbidden later: the sender must be a mailbox in Exchange Online, a "
    "direct member of the group, the user ID must be its primary SMTP address, and the assignment "
    "needs time to propagate (30 minutes to 2 hours; the guide says at least 60 minutes).";
constexpr const char* kHintTest =
    "InScope False: check that the mailbox is a direct (not nested) member of the group and that "
    "the scope's filter uses the group's DN rather than its e-mail address; then wait, changes "
    "take 30 minutes to 2 hours to reach Exchange and Graph.";
constexpr const char* kHintAccessPolicy =
    "Remove the Application Access Policy only after the RBAC scope is verified (phase 1 and the "
    "wait): RBAC for Applications replaces it. Get-ApplicationAccessPolicy lists what is left.";

Step MakeStep(StepKind kind, std::string title, const char* guide_step, const char* hint) {
  Step step{.kind = kind};
  step.title = std::move(title);
  step.guide_step = guide_step;
  step.hint = hint;
  return step;
}

Step Named(StepKind kind, std::string title, const char* guide_step, const char* hint,
           std::string name) {
  Step step = MakeStep(kind, std::move(title), guide_step, hint);
  step.name = std::move(name);
  return step;
}

void AddEntraBase(const Answers& answers, std::vector<Step>& steps) {
  const std::string& app = answers.app_name;
  steps.push_back(Named(StepKind::kEnsureApplication,
                        "Register the app '" + app + "' (single tenant)", "Step 1",
                        kHintApplication, app));
  steps.push_back(Named(StepKind::kEnsureServicePrincipal,
                        "Create the Enterprise application of '" + app + "' and note its object ID",
                        "Step 4", kHintServicePrincipal, app));
  const bool secret = answers.credential == CredentialKind::kClientSecret;
  Step credential =
      secret ? Named(StepKind::kAddClientSecret,
                     "Add a client secret '" + std::string(kCredentialName) + "' valid for " +
                         std::to_string(answers.credential_months) + " months",
                     "Step 3", kHintSecret, kCredentialName)
             : Named(StepKind::kAddCertificate,
                     "Upload the certificate '" + std::string(kCredentialName) + "' (valid for " +
                         std::to_string(answers.credential_months) + " months)",
                     "Step 3", kHintCertificate, kCredentialName);
  credential.months = answers.credential_months;
  steps.push_back(std::move(credential));
}

void AddGuideGrant(std::vector<Step>& steps) {
  for (const char* permission : {"Mail.Send", "Mail.ReadWrite"}) {
    steps.push_back(
        Named(StepKind::kEnsureGraphPermission,
              std::string("Add the Microsoft Graph application permission ") + permission, "Step 2",
              kHintPermission, permission));
  }
  for (const char* permission : {"Mail.Send", "Mail.ReadWrite"}) {
    steps.push_back(Named(StepKind::kGrantAdminConsent,
                          std::string("Grant admin consent for ") + permission, "Step 2",
                          kHintConsent, permission));
  }
}

Step ForMailbox(StepKind kind, std::string title, const char* guide_step, const char* hint,
                const std::string& mailbox, std::string name) {
  Step step = Named(kind, std::move(title), guide_step, hint, std::move(name));
  step.mailbox = mailbox;
  return step;
}

// The Exchange side, the same for a setup and a migration's phase 1.
void AddExchange(const Answers& answers, std::vector<Step>& steps) {
  const std::string group = GroupName(answers);
  const std::string scope = ScopeName(answers);
  for (const MailboxAnswer& m : answers.mailboxes) {
    steps.push_back(ForMailbox(
        StepKind::kCheckMailbox,
        "Check that '" + m.address + "' is a user or shared mailbox and read its primary address",
        "Step 5", kHintMailbox, m.address, ""));
  }
  steps.push_back(Named(StepKind::kEnsureGroup,
                        "Create the mail-enabled security group '" + group + "'", "Step 7",
                        kHintGroup, group));
  for (const MailboxAnswer& m : answers.mailboxes) {
    steps.push_back(
        ForMailbox(StepKind::kEnsureGroupMember,
                   "Make the mailbox of '" + m.address + "' a direct member of '" + group + "'",
                   "Step 7", kHintMember, m.address, group));
  }
  steps.push_back(Named(StepKind::kReadGroupDn,
                        "Read the distinguished name (DN) of '" + group + "'", "Step 7",
                        kHintGroupDn, group));
  steps.push_back(
      Named(StepKind::kEnsureExchangeServicePrincipal,
            "Register '" + answers.app_name + "' as a service principal in Exchange Online",
            "Step 7", kHintExchangeSp, answers.app_name));
  steps.push_back(
      Named(StepKind::kEnsureManagementScope,
            "Create the management scope '" + scope + "' (members of '" + group + "' by DN)",
            "Step 7", kHintScope, scope));
  Step assignment = Named(StepKind::kEnsureRoleAssignment,
                          "Assign '" + std::string(kSendRole) + "' to the app in '" + scope + "'",
                          "Step 7", kHintAssignment, AssignmentName(answers));
  assignment.role = kSendRole;
  assignment.scope = scope;
  steps.push_back(std::move(assignment));
  for (const MailboxAnswer& m : answers.mailboxes) {
    steps.push_back(ForMailbox(StepKind::kTestAuthorization,
                               "Test that the app may send as '" + m.address + "' (InScope)",
                               "Step 7", kHintTest, m.address, ""));
  }
}

Status CheckMigrationInput(const MigrationInput& input) {
  if (input.app_id.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "migration: app_id: empty");
  }
  for (const std::string& role : input.granted_mail_roles) {
    if (role.empty() || role.find_first_of("'\"` \t\r\n") != std::string::npos) {
      return Fail(ErrorCode::kInvalidArgument,
                  "migration: granted_mail_roles: '" + role + "' is not a permission name");
    }
  }
  return Ok();
}

}  // namespace

std::string_view StepKindName(StepKind kind) {
  switch (kind) {
    case StepKind::kEnsureApplication:
      return "ensure-application";
    case StepKind::kEnsureServicePrincipal:
      return "ensure-service-principal";
    case StepKind::kAddClientSecret:
      return "add-client-secret";
    case StepKind::kAddCertificate:
      return "add-certificate";
    case StepKind::kEnsureGraphPermission:
      return "ensure-graph-permission";
    case StepKind::kGrantAdminConsent:
      return "grant-admin-consent";
    case StepKind::kRemoveGraphPermission:
      return "remove-graph-permission";
    case StepKind::kRevokeAdminConsent:
      return "revoke-admin-consent";
    case StepKind::kCheckMailbox:
      return "check-mailbox";
    case StepKind::kEnsureGroup:
      return "ensure-group";
    case StepKind::kEnsureGroupMember:
      return "ensure-group-member";
    case StepKind::kReadGroupDn:
      return "read-group-dn";
    case StepKind::kEnsureExchangeServicePrincipal:
      return "ensure-exchange-service-principal";
    case StepKind::kEnsureManagementScope:
      return "ensure-management-scope";
    case StepKind::kEnsureRoleAssignment:
      return "ensure-role-assignment";
    case StepKind::kTestAuthorization:
      return "test-authorization";
    case StepKind::kRemoveAccessPolicy:
      return "remove-access-policy";
  }
  return "unknown";
}

bool IsEntraStep(StepKind kind) {
  switch (kind) {
    case StepKind::kEnsureApplication:
    case StepKind::kEnsureServicePrincipal:
    case StepKind::kAddClientSecret:
    case StepKind::kAddCertificate:
    case StepKind::kEnsureGraphPermission:
    case StepKind::kGrantAdminConsent:
    case StepKind::kRemoveGraphPermission:
    case StepKind::kRevokeAdminConsent:
      return true;
    default:
      return false;
  }
}

Result<Plan> BuildSetupPlan(const Answers& answers) {
  if (Status valid = ValidateAnswers(answers); !valid) return Fail(valid.error());
  Plan plan{.answers = answers, .steps = {}, .app_id = {}};
  AddEntraBase(answers, plan.steps);
  if (answers.mode == Mode::kAsTheGuide) AddGuideGrant(plan.steps);
  AddExchange(answers, plan.steps);
  return plan;
}

Result<Plan> BuildMigrationPlan(const MigrationInput& input) {
  if (Status valid = ValidateAnswers(input.answers); !valid) return Fail(valid.error());
  if (Status valid = CheckMigrationInput(input); !valid) return Fail(valid.error());
  Plan plan{.answers = input.answers, .steps = {}, .app_id = input.app_id};
  AddExchange(input.answers, plan.steps);
  // Consent first: it is what puts the tenant-wide role in the token, and the portal offers
  // "Revoke admin consent" on the permission's row, which removing the permission takes away.
  for (const std::string& role : input.granted_mail_roles) {
    plan.steps.push_back(Named(StepKind::kRevokeAdminConsent,
                               "Revoke the admin consent for " + role, "Step 2", kHintRevokeConsent,
                               role));
  }
  for (const std::string& role : input.granted_mail_roles) {
    plan.steps.push_back(Named(StepKind::kRemoveGraphPermission,
                               "Remove the Microsoft Graph application permission " + role,
                               "Step 2", kHintRemovePermission, role));
  }
  if (input.has_access_policy) {
    plan.steps.push_back(Named(StepKind::kRemoveAccessPolicy,
                               "Remove the app's Application Access Policies", "",
                               kHintAccessPolicy, input.app_id));
  }
  return plan;
}

int PhaseOf(const Step& step) {
  switch (step.kind) {
    case StepKind::kRemoveGraphPermission:
    case StepKind::kRevokeAdminConsent:
      return 2;
    case StepKind::kRemoveAccessPolicy:
      return 3;
    default:
      return 1;
  }
}

}  // namespace graphpost::setup
