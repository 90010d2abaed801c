// The cmdlet dispatcher: finds the cmdlet, binds its parameters and runs it on a draft copy of the
// tenant, which replaces the tenant only when the cmdlet succeeds — so every cmdlet is atomic.
#include "sandbox/exchange/cmdlets.hpp"

#include "core/ascii.hpp"
#include "sandbox/exchange/internal/cmdlet_registry.hpp"

namespace graphpost::sandbox::exchange {
namespace {

using internal::CmdletSpec;

const std::vector<CmdletSpec>& AllSpecs() {
  static const std::vector<CmdletSpec> kSpecs = [] {
    std::vector<CmdletSpec> all;
    for (auto part : {internal::RecipientCmdletSpecs, internal::GroupCmdletSpecs,
                      internal::ServicePrincipalCmdletSpecs, internal::RoleAssignmentCmdletSpecs,
                      internal::PolicyCmdletSpecs}) {
      for (CmdletSpec& spec : part()) all.push_back(std::move(spec));
    }
    return all;
  }();
  return kSpecs;
}

const CmdletSpec* FindSpec(std::string_view name) {
  for (const CmdletSpec& spec : AllSpecs()) {
    if (AsciiIEquals(spec.name, name)) return &spec;
  }
  return nullptr;
}

}  // namespace

Result<CmdletOutput> RunCmdlet(Tenant& tenant, const CmdletCall& call, Random& random,
                               WallTime now) {
  const CmdletSpec* spec = FindSpec(TrimAscii(call.name));
  if (spec == nullptr) {
    return Fail(ErrorCode::kNotFound,
                "The term '" + call.name +
                    "' is not recognized as the name of a cmdlet, function, script file, or "
                    "operable program. Check the spelling of the name, or if a path was "
                    "included, verify that the path is correct and try again.");
  }
  auto args = internal::CmdletArgs::Bind(spec->params, spec->positional, call);
  if (!args) return Fail(args.error());
  if (!spec->changes_authorization) {
    internal::CmdletContext context{tenant, random, now};
    return spec->run(context, *args);
  }
  Tenant draft = tenant;
  internal::CmdletContext context{draft, random, now};
  auto output = spec->run(context, *args);
  if (output) tenant = std::move(draft);
  return output;
}

bool CmdletChangesAuthorization(std::string_view name) {
  const CmdletSpec* spec = FindSpec(TrimAscii(name));
  return spec != nullptr && spec->changes_authorization;
}

std::vector<std::string_view> CmdletNames() {
  std::vector<std::string_view> names;
  for (const CmdletSpec& spec : AllSpecs()) names.push_back(spec.name);
  return names;
}

}  // namespace graphpost::sandbox::exchange
