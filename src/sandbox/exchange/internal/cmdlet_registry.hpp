// sandbox/exchange/internal/cmdlet_registry.hpp — how cmdlets are declared: a name, its
// parameters, which parameter is positional, whether it changes authorization, and the function
// that runs it. Each *_cmdlets.cpp file contributes one list. Constant data; thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "core/random.hpp"
#include "core/result.hpp"
#include "sandbox/exchange/cmdlets.hpp"
#include "sandbox/exchange/internal/cmdlet_args.hpp"

namespace graphpost::sandbox::exchange::internal {

// What a running cmdlet may use. `tenant` is a draft the caller commits only on success.
struct CmdletContext {
  Tenant& tenant;
  Random& random;
  WallTime now;
};

using CmdletHandler = Result<CmdletOutput> (*)(CmdletContext& context, const CmdletArgs& args);

struct CmdletSpec {
  std::string_view name;
  std::vector<ParamSpec> params;
  std::string_view positional;  // the parameter a nameless argument binds to; empty: none
  bool changes_authorization = false;
  CmdletHandler run = nullptr;
};

std::vector<CmdletSpec> RecipientCmdletSpecs();         // recipient_cmdlets.cpp
std::vector<CmdletSpec> GroupCmdletSpecs();             // group_cmdlets.cpp
std::vector<CmdletSpec> ServicePrincipalCmdletSpecs();  // service_principal_cmdlets.cpp
std::vector<CmdletSpec> RoleAssignmentCmdletSpecs();    // role_assignment_cmdlets.cpp
std::vector<CmdletSpec> PolicyCmdletSpecs();            // policy_cmdlets.cpp

}  // namespace graphpost::sandbox::exchange::internal
