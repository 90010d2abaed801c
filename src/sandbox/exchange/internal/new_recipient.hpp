// sandbox/exchange/internal/new_recipient.hpp — what New-Mailbox, New-DistributionGroup and
// New-MailContact share: turning -Name, -DisplayName, -Alias and -PrimarySmtpAddress into a
// validated Recipient with a fresh id and distinguished name. Pure apart from the Random draw.
#pragma once

#include "core/result.hpp"
#include "sandbox/exchange/internal/cmdlet_args.hpp"
#include "sandbox/exchange/internal/cmdlet_registry.hpp"

namespace graphpost::sandbox::exchange::internal {

// A new recipient of `type`, not yet added to the tenant. The alias defaults to the local part of
// -PrimarySmtpAddress or to -Name without disallowed characters; the primary address defaults to
// alias@<initial domain>; a primary address in another domain also gets alias@<initial domain> as
// a secondary address, as Exchange Online does. Groups get "CN=<alias><yyyyMMddHHmmss>,...".
// Errors: kInvalidArgument (bad alias or address), kAlreadyExists (name, alias or address taken).
[[nodiscard]] Result<Recipient> DraftRecipient(CmdletContext& context, const CmdletArgs& args,
                                               RecipientType type);

}  // namespace graphpost::sandbox::exchange::internal
