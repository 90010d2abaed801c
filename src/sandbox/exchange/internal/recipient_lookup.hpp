// sandbox/exchange/internal/recipient_lookup.hpp — resolving a cmdlet's -Identity/-Member value to
// exactly one recipient, with Exchange's error texts, plus the address checks New-/Set- cmdlets
// share. Pure functions over a Tenant the caller keeps alive and locked.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "sandbox/state/tenant.hpp"

namespace graphpost::sandbox::exchange::internal {

// Which recipients a cmdlet accepts.
enum class RecipientFilter { kAny, kMailbox, kGroup, kMemberCandidate, kContact };

bool Accepts(RecipientFilter filter, const Recipient& recipient);

// "The operation couldn't be performed because object '<x>' couldn't be found on '<server>'."
Error NotFoundOnServer(std::string_view identity);
// "Couldn't find object "<x>". Please make sure that it was spelled correctly or specify a
// different object."
Error CouldntFindObject(std::string_view identity);

// The id of the one accepted recipient `identity` names. kNotFound (NotFoundOnServer) when none,
// kInvalidArgument when several match.
[[nodiscard]] Result<std::string> ResolveRecipientId(const Tenant& tenant,
                                                     std::string_view identity,
                                                     RecipientFilter filter);

// Checks an SMTP address a cmdlet wants to give `owner_id` ("" for a new recipient): well formed
// (an "smtp:" prefix is allowed and ignored), in an accepted domain when `require_accepted_domain`,
// and not used by another recipient. Returns the bare address.
[[nodiscard]] Result<std::string> CheckNewAddress(const Tenant& tenant, std::string_view address,
                                                  std::string_view owner_id,
                                                  bool require_accepted_domain);

// Fails with kAlreadyExists when another recipient (not `owner_id`) has this Name or alias.
[[nodiscard]] Status CheckNameAndAliasFree(const Tenant& tenant, std::string_view name,
                                           std::string_view alias, std::string_view owner_id);

// An alias derived from a name: the characters Exchange allows in an alias, spaces dropped.
std::string AliasFromName(std::string_view name);
// kInvalidArgument unless `alias` is non-empty and uses only characters Exchange allows.
[[nodiscard]] Status CheckAlias(std::string_view alias);

}  // namespace graphpost::sandbox::exchange::internal
