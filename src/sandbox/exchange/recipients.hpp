// sandbox/exchange/recipients.hpp — Exchange Online's view of the tenant's recipients: names,
// addresses, distinguished names, group membership and identity resolution, shared by the OPATH
// evaluator, the authorizer and the cmdlets (and usable by other sandbox modules). Pure functions
// over a Tenant the caller keeps alive and locked.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sandbox/state/tenant.hpp"

namespace graphpost::sandbox::exchange {

// The server name Exchange-like "couldn't be found on '<server>'" errors mention.
inline constexpr std::string_view kExchangeServerName =
    "NAMPR00A001DC01.NAMPR00A001.PROD.OUTLOOK.COM";

// "CN=<cn>,OU=<initial domain>,OU=Microsoft Exchange Hosted Organizations,DC=NAMPR00A001,
// DC=prod,DC=outlook,DC=com" — the distinguished name Exchange Online gives a recipient.
std::string MakeDistinguishedName(const Tenant& tenant, std::string_view cn);

// A group's common name: its alias followed by the creation time as yyyyMMddHHmmss (UTC), as in
// "mesga20220818210551".
std::string GroupCommonName(std::string_view alias, WallTime created);

// Gives every recipient without a distinguished name one (groups: alias + `now`; others: alias).
// For tenants seeded outside the cmdlets.
void EnsureDistinguishedNames(Tenant& tenant, WallTime now);

// Exchange's Name of a recipient: its display name, or its alias when that is empty.
std::string_view ExchangeName(const Recipient& recipient);

// True for a shared mailbox or a licensed user mailbox: Get-Mailbox finds it and Graph may open it.
bool IsMailboxEnabled(const Recipient& recipient);

// Every SMTP address, primary first.
std::vector<std::string> SmtpAddresses(const Recipient& recipient);

// EmailAddresses as Exchange prints them: "SMTP:<primary>", then "smtp:<alias>" for each alias.
std::vector<std::string> ProxyAddresses(const Recipient& recipient);

// True when `group` lists `member_id` itself (no nesting).
bool IsDirectMember(const Recipient& group, std::string_view member_id);

// True when `member_id` is in the group with id `group_id` directly or through nested groups.
// Cycles are tolerated.
bool IsTransitiveMember(const Tenant& tenant, std::string_view group_id,
                        std::string_view member_id);

// Every recipient `identity` names: object id (GUID), distinguished name, name, display name,
// alias, user principal name or any SMTP address (with or without "smtp:"); case-insensitive.
std::vector<const Recipient*> FindRecipients(const Tenant& tenant, std::string_view identity);

}  // namespace graphpost::sandbox::exchange
