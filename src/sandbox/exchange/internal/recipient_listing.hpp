// sandbox/exchange/internal/recipient_listing.hpp — the shared body of the Get- recipient cmdlets:
// one recipient by -Identity, or all accepted ones narrowed by -RecipientTypeDetails and
// -ResultSize. Pure functions over a locked Tenant.
#pragma once

#include <vector>

#include "core/result.hpp"
#include "sandbox/exchange/internal/cmdlet_args.hpp"
#include "sandbox/exchange/internal/recipient_lookup.hpp"

namespace graphpost::sandbox::exchange::internal {

// The recipients a Get- cmdlet prints, in tenant order. kNotFound when -Identity names no
// accepted recipient; kInvalidArgument for a bad -RecipientTypeDetails or -ResultSize.
[[nodiscard]] Result<std::vector<const Recipient*>> ListRecipients(const Tenant& tenant,
                                                                   const CmdletArgs& args,
                                                                   RecipientFilter filter);

}  // namespace graphpost::sandbox::exchange::internal
