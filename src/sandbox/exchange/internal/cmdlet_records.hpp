// sandbox/exchange/internal/cmdlet_records.hpp — the JSON records Get-Mailbox, Get-Recipient and
// Get-Group print, with Exchange's property names. Pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "sandbox/exchange/cmdlets.hpp"
#include "sandbox/state/tenant.hpp"

namespace graphpost::sandbox::exchange::internal {

// RecipientType (not ...Details): a shared mailbox is a "UserMailbox".
std::string_view RecipientTypeOf(const Recipient& recipient);
// "Universal" or "Universal, SecurityEnabled".
std::string_view GroupTypeOf(const Recipient& group);

boost::json::array ToJsonArray(const std::vector<std::string>& items);

// Fields every recipient record carries: Name, DisplayName, Alias, Identity, Guid,
// ExternalDirectoryObjectId, DistinguishedName, PrimarySmtpAddress, WindowsEmailAddress,
// EmailAddresses, RecipientType, RecipientTypeDetails, Department, CustomAttribute1..15.
boost::json::object RecipientRecord(const Recipient& recipient);
// RecipientRecord plus UserPrincipalName, IsShared, ExternalEmailAddress (contacts).
boost::json::object MailboxRecord(const Recipient& recipient);
// RecipientRecord plus GroupType, Members (member names), ManagedBy.
boost::json::object GroupRecord(const Tenant& tenant, const Recipient& group);

// An output with the given default columns and records.
CmdletOutput Table(std::vector<std::string> columns, boost::json::array objects);
// An output for Set-/Remove-/Add- cmdlets, which print nothing.
CmdletOutput Nothing();

}  // namespace graphpost::sandbox::exchange::internal
