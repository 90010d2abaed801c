#include "sandbox/exchange/recipients.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/ascii.hpp"

namespace graphpost::sandbox::exchange {
namespace {

std::string_view StripSmtpPrefix(std::string_view address) {
  return AsciiIStartsWith(address, "smtp:") ? address.substr(5) : address;
}

bool HasAddress(const Recipient& r, std::string_view address) {
  if (!r.primary_smtp_address.empty() && AsciiIEquals(r.primary_smtp_address, address)) {
    return true;
  }
  return std::any_of(r.secondary_smtp_addresses.begin(), r.secondary_smtp_addresses.end(),
                     [&](const std::string& a) { return AsciiIEquals(a, address); });
}

bool NamedBy(const Recipient& r, std::string_view identity) {
  auto same = [&](const std::string& field) {
    return !field.empty() && AsciiIEquals(field, identity);
  };
  return same(r.id) || same(r.distinguished_name) || same(r.display_name) || same(r.alias) ||
         same(r.user_principal_name) || HasAddress(r, StripSmtpPrefix(identity));
}

bool TransitiveMember(const Tenant& tenant, std::string_view group_id, std::string_view member_id,
                      std::vector<std::string_view>& visited) {
  if (std::find(visited.begin(), visited.end(), group_id) != visited.end()) return false;
  visited.push_back(group_id);
  const Recipient* group = tenant.FindRecipient(group_id);
  if (group == nullptr || !IsGroup(group->type)) return false;
  for (const std::string& id : group->member_ids) {
    if (AsciiIEquals(id, member_id)) return true;
    if (TransitiveMember(tenant, id, member_id, visited)) return true;
  }
  return false;
}

}  // namespace

std::string MakeDistinguishedName(const Tenant& tenant, std::string_view cn) {
  std::string ou = tenant.domains.empty() ? tenant.id : tenant.domains.front();
  return "CN=" + std::string(cn) + ",OU=" + ou +
         ",OU=Microsoft Exchange Hosted Organizations,DC=NAMPR00A001,DC=prod,DC=outlook,DC=com";
}

std::string GroupCommonName(std::string_view alias, WallTime created) {
  auto days = std::chrono::floor<std::chrono::days>(created);
  std::chrono::year_month_day ymd{days};
  std::chrono::hh_mm_ss hms{std::chrono::floor<std::chrono::seconds>(created - days)};
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "%04d%02u%02u%02d%02d%02d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return std::string(alias) + stamp;
}

void EnsureDistinguishedNames(Tenant& tenant, WallTime now) {
  for (Recipient& r : tenant.recipients) {
    if (!r.distinguished_name.empty()) continue;
    std::string cn = r.alias.empty() ? r.id : r.alias;
    if (IsGroup(r.type)) cn = GroupCommonName(cn, now);
    r.distinguished_name = MakeDistinguishedName(tenant, cn);
  }
}

std::string_view ExchangeName(const Recipient& recipient) {
  return recipient.display_name.empty() ? std::string_view(recipient.alias)
                                        : std::string_view(recipient.display_name);
}

bool IsMailboxEnabled(const Recipient& recipient) {
  return recipient.type == RecipientType::kSharedMailbox ||
         (recipient.type == RecipientType::kUserMailbox && recipient.licensed);
}

std::vector<std::string> SmtpAddresses(const Recipient& recipient) {
  std::vector<std::string> out;
  if (!recipient.primary_smtp_address.empty()) out.push_back(recipient.primary_smtp_address);
  for (const std::string& a : recipient.secondary_smtp_addresses) out.push_back(a);
  return out;
}

std::vector<std::string> ProxyAddresses(const Recipient& recipient) {
  std::vector<std::string> out;
  if (!recipient.primary_smtp_address.empty()) {
    out.push_back("SMTP:" + recipient.primary_smtp_address);
  }
  for (const std::string& a : recipient.secondary_smtp_addresses) out.push_back("smtp:" + a);
  return out;
}

bool IsDirectMember(const Recipient& group, std::string_view member_id) {
  return std::any_of(group.member_ids.begin(), group.member_ids.end(),
                     [&](const std::string& id) { return AsciiIEquals(id, member_id); });
}

bool IsTransitiveMember(const Tenant& tenant, std::string_view group_id,
                        std::string_view member_id) {
  std::vector<std::string_view> visited;
  return TransitiveMember(tenant, group_id, member_id, visited);
}

std::vector<const Recipient*> FindRecipients(const Tenant& tenant, std::string_view identity) {
  std::vector<const Recipient*> out;
  identity = TrimAscii(identity);
  if (identity.empty()) return out;
  for (const Recipient& r : tenant.recipients) {
    if (NamedBy(r, identity)) out.push_back(&r);
  }
  return out;
}

}  // namespace graphpost::sandbox::exchange
