#include "sandbox/exchange/internal/cmdlet_records.hpp"

#include "sandbox/exchange/recipients.hpp"

namespace graphpost::sandbox::exchange::internal {

std::string_view RecipientTypeOf(const Recipient& recipient) {
  if (recipient.type == RecipientType::kSharedMailbox) return "UserMailbox";
  return RecipientTypeName(recipient.type);
}

std::string_view GroupTypeOf(const Recipient& group) {
  return group.type == RecipientType::kMailUniversalSecurityGroup ? "Universal, SecurityEnabled"
                                                                  : "Universal";
}

boost::json::array ToJsonArray(const std::vector<std::string>& items) {
  boost::json::array out;
  for (const std::string& item : items) out.emplace_back(item);
  return out;
}

boost::json::object RecipientRecord(const Recipient& r) {
  boost::json::object o;
  o["Name"] = ExchangeName(r);
  o["DisplayName"] = r.display_name;
  o["Alias"] = r.alias;
  o["Identity"] = ExchangeName(r);
  o["Guid"] = r.id;
  o["ExternalDirectoryObjectId"] = r.id;
  o["DistinguishedName"] = r.distinguished_name;
  o["PrimarySmtpAddress"] = r.primary_smtp_address;
  o["WindowsEmailAddress"] = r.primary_smtp_address;
  o["EmailAddresses"] = ToJsonArray(ProxyAddresses(r));
  o["RecipientType"] = RecipientTypeOf(r);
  o["RecipientTypeDetails"] = RecipientTypeName(r.type);
  o["Department"] = r.department;
  for (std::size_t i = 0; i < r.custom_attributes.size(); ++i) {
    o["CustomAttribute" + std::to_string(i + 1)] = r.custom_attributes[i];
  }
  return o;
}

boost::json::object MailboxRecord(const Recipient& r) {
  boost::json::object o = RecipientRecord(r);
  o["UserPrincipalName"] = r.user_principal_name;
  o["IsShared"] = r.type == RecipientType::kSharedMailbox;
  if (r.type == RecipientType::kMailContact) {
    o["ExternalEmailAddress"] = "SMTP:" + r.external_email_address;
  }
  return o;
}

boost::json::object GroupRecord(const Tenant& tenant, const Recipient& group) {
  boost::json::object o = RecipientRecord(group);
  o["GroupType"] = GroupTypeOf(group);
  boost::json::array members;
  for (const std::string& id : group.member_ids) {
    const Recipient* m = tenant.FindRecipient(id);
    members.emplace_back(m ? std::string(ExchangeName(*m)) : id);
  }
  o["Members"] = std::move(members);
  o["ManagedBy"] = boost::json::array();
  return o;
}

CmdletOutput Table(std::vector<std::string> columns, boost::json::array objects) {
  return CmdletOutput{std::move(columns), std::move(objects)};
}

CmdletOutput Nothing() { return CmdletOutput{}; }

}  // namespace graphpost::sandbox::exchange::internal
