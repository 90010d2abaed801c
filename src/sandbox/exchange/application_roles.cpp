#include "sandbox/exchange/application_roles.hpp"

#include <algorithm>

#include "core/ascii.hpp"

namespace graphpost::sandbox::exchange {
namespace {

const std::vector<ApplicationRole>& Roles() {
  static const std::vector<ApplicationRole> kRoles = {
      {"Application Mail.Read", {"Mail.Read"}, "Read mail in all mailboxes in scope."},
      {"Application Mail.ReadBasic",
       {"Mail.ReadBasic"},
       "Read mail without body and attachments in all mailboxes in scope."},
      {"Application Mail.ReadWrite",
       {"Mail.ReadWrite"},
       "Read and write mail in all mailboxes in scope. Doesn't include send."},
      {"Application Mail.Send", {"Mail.Send"}, "Send mail as any mailbox in scope."},
      {"Application MailboxSettings.Read",
       {"MailboxSettings.Read"},
       "Read mailbox settings in all mailboxes in scope."},
      {"Application MailboxSettings.ReadWrite",
       {"MailboxSettings.ReadWrite"},
       "Read and write mailbox settings in all mailboxes in scope."},
      {"Application Calendars.Read", {"Calendars.Read"}, "Read calendars in scope."},
      {"Application Calendars.ReadWrite",
       {"Calendars.ReadWrite"},
       "Read and write calendars in scope."},
      {"Application Contacts.Read", {"Contacts.Read"}, "Read contacts in scope."},
      {"Application Contacts.ReadWrite",
       {"Contacts.ReadWrite"},
       "Read and write contacts in scope."},
      {"Application MailboxFolder.Read",
       {"MailboxFolder.Read.All"},
       "Read mailbox folders in scope."},
      {"Application MailboxFolder.ReadWrite",
       {"MailboxFolder.ReadWrite.All"},
       "Read and write mailbox folders in scope."},
      {"Application MailboxItem.Read", {"MailboxItem.Read.All"}, "Read mailbox items in scope."},
      {"Application MailboxItem.ReadWrite",
       {"MailboxItem.ReadWrite.All"},
       "Read and write mailbox items in scope."},
      {"Application MailboxItem.Export",
       {"MailboxItem.Export.All"},
       "Export mailbox items in scope."},
      {"Application MailboxItem.ImportExport",
       {"MailboxItem.ImportExport.All"},
       "Import and export mailbox items in scope."},
      {"Application Mail Full Access",
       {"Mail.ReadWrite", "Mail.Send"},
       "Read, write and send mail in all mailboxes in scope."},
      {"Application Exchange Full Access",
       {"Mail.ReadWrite", "Mail.Send", "MailboxSettings.ReadWrite", "Calendars.ReadWrite",
        "Contacts.ReadWrite"},
       "Full access to mail, mailbox settings, calendars and contacts in scope."},
      {"Application EWS.AccessAsApp", {"EWS.AccessAsApp"}, "Use EWS as the application."},
      {"Application SMTP.SendAsApp", {"SMTP.SendAsApp"}, "Send through SMTP AUTH as the app."},
      {"Application MailboxConfigItem.Read",
       {"MailboxConfigItem.Read"},
       "Read mailbox configuration items in scope."},
      {"Application MailboxConfigItem.ReadWrite",
       {"MailboxConfigItem.ReadWrite"},
       "Read and write mailbox configuration items in scope."},
      {"Application MailTips.ReadBasic.All", {"MailTips.ReadBasic.All"}, "Read MailTips."},
      {"Application Mail-Advanced.ReadWrite.All",
       {"Mail-Advanced.ReadWrite.All"},
       "Read and write advanced mail properties in scope."},
  };
  return kRoles;
}

struct Implication {
  std::string_view from;
  std::string_view to;
};
// Direct implications; PermissionImplies follows them transitively.
constexpr Implication kImplications[] = {
    {"Mail.ReadWrite", "Mail.Read"},
    {"Mail.Read", "Mail.ReadBasic"},
    {"Mail.Read", "Mail.ReadBasic.All"},
    {"Mail.ReadBasic.All", "Mail.ReadBasic"},
    {"MailboxSettings.ReadWrite", "MailboxSettings.Read"},
    {"Calendars.ReadWrite", "Calendars.Read"},
    {"Contacts.ReadWrite", "Contacts.Read"},
    {"MailboxFolder.ReadWrite.All", "MailboxFolder.Read.All"},
    {"MailboxItem.ReadWrite.All", "MailboxItem.Read.All"},
    {"MailboxConfigItem.ReadWrite", "MailboxConfigItem.Read"},
};

constexpr std::string_view kGoverned[] = {
    "Mail.Read",
    "Mail.ReadBasic",
    "Mail.ReadBasic.All",
    "Mail.ReadWrite",
    "Mail.Send",
    "MailboxSettings.Read",
    "MailboxSettings.ReadWrite",
    "Calendars.Read",
    "Calendars.ReadWrite",
    "Contacts.Read",
    "Contacts.ReadWrite",
    "full_access_as_app",
};

}  // namespace

std::span<const ApplicationRole> ApplicationRoles() { return Roles(); }

const ApplicationRole* FindApplicationRole(std::string_view name) {
  for (const ApplicationRole& role : Roles()) {
    if (AsciiIEquals(role.name, name)) return &role;
  }
  return nullptr;
}

bool PermissionImplies(std::string_view granted, std::string_view wanted) {
  if (AsciiIEquals(granted, wanted)) return true;
  for (const Implication& i : kImplications) {
    if (AsciiIEquals(i.from, granted) && PermissionImplies(i.to, wanted)) return true;
  }
  return false;
}

bool AnyPermissionImplies(std::span<const std::string> granted, std::string_view wanted) {
  return std::any_of(granted.begin(), granted.end(),
                     [&](const std::string& g) { return PermissionImplies(g, wanted); });
}

bool AnyPermissionImplies(std::span<const std::string_view> granted, std::string_view wanted) {
  return std::any_of(granted.begin(), granted.end(),
                     [&](std::string_view g) { return PermissionImplies(g, wanted); });
}

bool AccessPolicyGoverns(std::string_view permission) {
  return std::any_of(std::begin(kGoverned), std::end(kGoverned),
                     [&](std::string_view p) { return AsciiIEquals(p, permission); });
}

}  // namespace graphpost::sandbox::exchange
