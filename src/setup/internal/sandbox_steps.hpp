// setup/internal/sandbox_steps.hpp — the pieces of the sandbox runner (setup/sandbox_runner.hpp):
// one function per family of steps (Entra portal steps, Exchange cmdlets) and the admin API
// calls they share. A step returns what it did, or an Error whose message says what went wrong
// (without the step's title or hint: RunPlanOnSandbox adds those). Not thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/result.hpp"
#include "setup/plan.hpp"
#include "setup/sandbox_runner.hpp"

namespace graphpost::setup::internal {

struct StepContext {
  const Plan& plan;
  AdminPort& admin;
  Bindings& bindings;
};

struct StepDone {
  bool changed = false;
  std::string detail;
};

// Entra steps (IsEntraStep): application, service principal, credentials, permissions, consent.
[[nodiscard]] Result<StepDone> RunEntraStep(StepContext& ctx, const Step& step);
// Exchange steps: mailboxes, group and members, DN, service principal, scope, assignment, test,
// access policies.
[[nodiscard]] Result<StepDone> RunExchangeStep(StepContext& ctx, const Step& step);

// "tenants/<id>" with the id percent-encoded, for admin API paths.
std::string TenantPath(std::string_view tenant_id);

using CmdletParams = std::vector<std::pair<std::string, std::string>>;
// POST tenants/{t}/exchange {"cmdlet":name,"params":[[k,v],...]}: the cmdlet's output objects.
[[nodiscard]] Result<boost::json::array> RunCmdlet(AdminPort& admin, std::string_view tenant_id,
                                                   std::string_view cmdlet,
                                                   const CmdletParams& params);

// The app's portal description (appId, objectId, servicePrincipalObjectId, permissions[],
// secrets[], certificates[]) for bindings.app_id, which must be set; binds the app's and the
// Enterprise application's object IDs when they are not bound yet.
[[nodiscard]] Result<boost::json::object> DescribeBoundApp(StepContext& ctx);

// Makes sure app_id, app_object_id and sp_object_id are bound: from the portal when app_id is
// known (a migration starts from it), else kFailedPrecondition (no earlier step registered it).
[[nodiscard]] Status RequireApp(StepContext& ctx);

// The primary address kCheckMailbox bound for `mailbox` (as typed; compared lower-case);
// kFailedPrecondition when no earlier step checked it.
[[nodiscard]] Result<std::string> BoundPrimary(const Bindings& bindings, std::string_view mailbox);

}  // namespace graphpost::setup::internal
