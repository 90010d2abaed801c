// The fix texts quote the setup guide ("Connect to Outlook with Client
// Credentials-based auth") step by step, so a reader can follow them without the guide open.
#include "doctor/internal/fix_text.hpp"

namespace graphpost::doctor::internal {
namespace {

// Placeholders for what the connection does not record; explained where they appear.
constexpr char kGroup[] = "<group>";
constexpr char kScope[] = "<scope>";

std::string PlaceholderNote() {
  return std::string("(") + kGroup +
         " is the mail-enabled security group of Step 7 that holds the sending mailboxes; " +
         kScope + " is the management scope built on it.)";
}

}  // namespace

std::string AppRegistrationPath(const connections::Connection& c) {
  return "Microsoft Entra ID > App registrations > the app whose Application (client) ID is " +
         c.client_id;
}

std::string RotateSecretCommand(const connections::Connection& c) {
  // The new value comes from stdin, never argv; its expiry feeds the credential-expiry check.
  return "graphpost connection rotate-secret " + c.name +
         " --secret-stdin --secret-expires <YYYY-MM-DD>";
}

std::string NewSecretFix(const connections::Connection& c) {
  return "Step 3: " + AppRegistrationPath(c) +
         " > Certificates & secrets > Client secrets > + New client secret. Copy the secret's "
         "Value immediately (it is shown only once; the Secret ID column is not the secret), "
         "then store it with:\n  " +
         RotateSecretCommand(c) +
         "\nand delete the old secret. A certificate credential avoids this yearly chore.";
}

std::string Step7Commands(const connections::Connection& c) {
  return "Step 7 (Exchange Online PowerShell; ENTERPRISE_APP_OBJECT_ID is the Object ID under "
         "Microsoft Entra ID > Enterprise applications > the app > Overview, not the App "
         "registration's):\n"
         "  Connect-ExchangeOnline -UserPrincipalName <admin@domain.com>\n"
         "  New-ServicePrincipal -AppId " +
         c.client_id +
         " -ObjectId <ENTERPRISE_APP_OBJECT_ID>\n"
         "  Add-DistributionGroupMember -Identity \"" +
         kGroup + "\" -Member " + c.user_id +
         "\n"
         "  Get-Group \"" +
         kGroup +
         "\" | Format-List DistinguishedName\n"
         "  New-ManagementScope -Name \"" +
         kScope +
         "\" -RecipientRestrictionFilter \"MemberOfGroup -eq '<the group's DN>'\"\n"
         "  New-ManagementRoleAssignment -Role \"Application Mail.Send\" -App " +
         c.client_id + " -CustomResourceScope \"" + kScope +
         "\"\n"
         "  Test-ServicePrincipalAuthorization -Identity " +
         c.client_id + " -Resource " + c.user_id + "   # expect InScope = True\n" +
         PlaceholderNote() +
         "\nExchange takes 30 minutes to 2 hours to apply the assignment to Graph.";
}

std::string ScopeFix(const connections::Connection& c) {
  return "1. Make " + c.user_id +
         " a DIRECT member of the group (a member of a nested group is out of scope):\n"
         "  Add-DistributionGroupMember -Identity \"" +
         kGroup + "\" -Member " + c.user_id +
         "\n"
         "2. The scope filter must name the group by its distinguished name (DN), not its e-mail "
         "address (an address is accepted but matches nothing):\n"
         "  Get-Group \"" +
         kGroup +
         "\" | Format-List DistinguishedName\n"
         "  Set-ManagementScope -Identity \"" +
         kScope +
         "\" -RecipientRestrictionFilter \"MemberOfGroup -eq '<the group's DN>'\"\n"
         "3. Check Exchange's view, which ignores caches; InScope must be True:\n"
         "  Test-ServicePrincipalAuthorization -Identity " +
         c.client_id + " -Resource " + c.user_id +
         "\nIf no \"Application Mail.Send\" row appears, the role assignment of Step 7 is "
         "missing:\n"
         "  New-ManagementRoleAssignment -Role \"Application Mail.Send\" -App " +
         c.client_id + " -CustomResourceScope \"" + kScope +
         "\"\n"
         "4. Wait: changes reach Graph after 30 minutes to 2 hours, even when the test above "
         "already says True.\n" +
         PlaceholderNote();
}

std::string AccessPolicyFix(const connections::Connection& c) {
  return "Check the policy's verdict for this mailbox:\n"
         "  Test-ApplicationAccessPolicy -Identity " +
         c.user_id + " -AppId " + c.client_id +
         "\nIf AccessCheckResult is Denied, add the mailbox to the policy's mail-enabled security "
         "group (shared mailboxes too, as group members):\n"
         "  Add-DistributionGroupMember -Identity \"<policy group>\" -Member " +
         c.user_id +
         "\nPolicy changes can take more than an hour to reach Graph. Application Access Policies "
         "are legacy: Step 7 (RBAC for Applications) replaces them; after it, remove the Entra "
         "Mail.Send grant and the policy.";
}

std::string PrimarySmtpCommand(const connections::Connection& c) {
  return "Get-Mailbox " + c.user_id + " | Format-List PrimarySmtpAddress";
}

std::string CloudHint(const connections::Connection& c) {
  std::string login = EffectiveLoginUrl(c);
  std::string graph = EffectiveGraphUrl(c);
  return "The connection uses cloud '" + c.cloud + "' (sign-in " +
         (login.empty() ? std::string("unknown") : login) + ", Graph " +
         (graph.empty() ? std::string("unknown") : graph) + ").";
}

}  // namespace graphpost::doctor::internal
