// Entra users and their Exchange Online license (a licensed user has a mailbox).
#include <algorithm>

#include "core/ascii.hpp"
#include "core/ids.hpp"
#include "sandbox/identity/directory_admin.hpp"

namespace graphpost::sandbox::identity {
namespace {

bool IsLocalPartCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("._-'+!#^~").find(c) != std::string_view::npos;
}

Status CheckUpn(const Tenant& tenant, std::string_view upn) {
  std::size_t at = upn.find('@');
  std::string_view local = upn.substr(0, at);
  bool well_formed = at != std::string_view::npos &&
                     upn.find('@', at + 1) == std::string_view::npos && !local.empty() &&
                     local.size() <= 64 && local.front() != '.' && local.back() != '.' &&
                     local.find("..") == std::string_view::npos &&
                     std::all_of(local.begin(), local.end(), IsLocalPartCharacter);
  if (!well_formed) {
    return Fail(ErrorCode::kInvalidArgument,
                "'" + std::string(upn) + "' is not a user principal name (name@domain)");
  }
  std::string_view domain = upn.substr(at + 1);
  if (!tenant.HasDomain(domain)) {
    std::string domains;
    for (const std::string& d : tenant.domains) domains += (domains.empty() ? "" : ", ") + d;
    return Fail(ErrorCode::kInvalidArgument,
                "'" + std::string(domain) + "' is not a domain of this tenant (" + domains + ")");
  }
  if (tenant.ResolveRecipient(upn) != nullptr) {
    return Fail(ErrorCode::kAlreadyExists,
                "a recipient with address " + std::string(upn) + " already exists");
  }
  return Ok();
}

// Exchange keeps aliases unique by appending a number.
std::string UniqueAlias(const Tenant& tenant, std::string_view local_part) {
  auto taken = [&](std::string_view alias) {
    return std::any_of(tenant.recipients.begin(), tenant.recipients.end(),
                       [&](const Recipient& r) { return AsciiIEquals(r.alias, alias); });
  };
  std::string alias(local_part);
  for (int n = 2; taken(alias); ++n) alias = std::string(local_part) + std::to_string(n);
  return alias;
}

// Exchange stamps every mailbox with alias@<initial .onmicrosoft.com domain> as a secondary
// (lower-case "smtp:") proxy address, whatever its primary address is; an address another
// recipient already holds is skipped, as Exchange's email address policy does.
void AddInitialDomainProxy(const Tenant& tenant, Recipient& user) {
  if (tenant.domains.empty() || user.alias.empty()) return;
  std::string proxy = user.alias + "@" + tenant.domains.front();
  if (AsciiIEquals(proxy, user.primary_smtp_address)) return;
  for (const std::string& a : user.secondary_smtp_addresses) {
    if (AsciiIEquals(a, proxy)) return;
  }
  const Recipient* holder = tenant.ResolveRecipient(proxy);
  if (holder != nullptr && holder->id != user.id) return;
  user.secondary_smtp_addresses.push_back(std::move(proxy));
}

void GiveMailbox(const Tenant& tenant, Recipient& user) {
  user.type = RecipientType::kUserMailbox;
  user.licensed = true;
  if (user.primary_smtp_address.empty()) user.primary_smtp_address = user.user_principal_name;
  if (user.distinguished_name.empty()) {
    user.distinguished_name = MailboxDistinguishedName(tenant, user.alias);
  }
  AddInitialDomainProxy(tenant, user);
}

}  // namespace

std::string MailboxDistinguishedName(const Tenant& tenant, std::string_view alias) {
  std::string initial = tenant.domains.empty() ? tenant.id : tenant.domains.front();
  return "CN=" + std::string(alias) + ",OU=" + initial +
         ",OU=Microsoft Exchange Hosted Organizations,DC=NAMPR00A001,DC=prod,DC=outlook,DC=com";
}

Result<std::string> AddUser(Tenant& tenant, std::string_view user_principal_name,
                            std::string display_name, bool licensed, Random& random) {
  std::string_view upn = TrimAscii(user_principal_name);
  if (auto ok = CheckUpn(tenant, upn); !ok) return Fail(ok.error());
  std::string_view local = upn.substr(0, upn.find('@'));
  Recipient user;
  user.id = NewGuid(random);
  user.type = RecipientType::kUser;
  user.licensed = false;
  user.display_name =
      TrimAscii(display_name).empty() ? std::string(local) : std::move(display_name);
  user.alias = UniqueAlias(tenant, local);
  user.user_principal_name = std::string(upn);
  user.distinguished_name = MailboxDistinguishedName(tenant, user.alias);
  if (licensed) GiveMailbox(tenant, user);
  tenant.recipients.push_back(std::move(user));
  return tenant.recipients.back().id;
}

Status SetUserLicense(Tenant& tenant, std::string_view user, bool licensed) {
  const Recipient* found = tenant.ResolveRecipient(TrimAscii(user));
  if (found == nullptr) {
    return Fail(ErrorCode::kNotFound, "no user '" + std::string(user) + "' in this tenant");
  }
  Recipient& r = *tenant.FindRecipient(found->id);
  if (r.type != RecipientType::kUser && r.type != RecipientType::kUserMailbox) {
    return Fail(ErrorCode::kFailedPrecondition, "'" + std::string(user) + "' is a " +
                                                    std::string(RecipientTypeName(r.type)) +
                                                    ", which takes no license");
  }
  if (licensed) {
    GiveMailbox(tenant, r);
  } else {
    r.licensed = false;  // the mailbox stays but is disabled, as after Exchange's grace period
  }
  return Ok();
}

}  // namespace graphpost::sandbox::identity
