// sandbox/exchange/cmdlets.hpp — the Exchange Online PowerShell cmdlets the sandbox offers
// (protocol.md §6.2; recipients, groups, RBAC for Applications, Application Access Policies),
// run against one tenant. Same cmdlet and parameter names as Exchange Online, the same default
// table columns and Exchange-like error text. A failing cmdlet leaves the tenant unchanged.
// Not thread-safe: the caller holds World::mu and, when CmdletChangesAuthorization(name) is true,
// calls Authorizer::Snapshot after a successful run.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>

#include "core/random.hpp"
#include "core/result.hpp"
#include "sandbox/state/tenant.hpp"

namespace graphpost::sandbox::exchange {

// One cmdlet invocation. Parameter names come without '-' and match case-insensitively (an
// unambiguous prefix is enough, as in PowerShell); a parameter with an empty name is a positional
// argument (e.g. `Get-Mailbox references@contoso.com`). Switches have the value "true" ("false" or
// "$false" turn them off). Values are already unquoted; lists are comma-separated ("a,b").
struct CmdletCall {
  std::string name;
  std::vector<std::pair<std::string, std::string>> params;
};

// What a cmdlet prints: `columns` are its default table columns, `objects` the full records (one
// JSON object per output object; Set-/Remove-/Add- cmdlets print nothing).
struct CmdletOutput {
  std::vector<std::string> columns;
  boost::json::array objects;
};

// Runs the cmdlet. Errors: kNotFound (unknown cmdlet or object), kAlreadyExists,
// kInvalidArgument (parameters, filters), kFailedPrecondition (object in use); the message is
// Exchange-like.
[[nodiscard]] Result<CmdletOutput> RunCmdlet(Tenant& tenant, const CmdletCall& call, Random& random,
                                             WallTime now);

// True when a successful run of the cmdlet may change what the Authorizer decides.
bool CmdletChangesAuthorization(std::string_view name);

// Every cmdlet name, in a stable order.
std::vector<std::string_view> CmdletNames();

}  // namespace graphpost::sandbox::exchange
