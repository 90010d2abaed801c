// RunPlanOnSandbox: each step of the plan in order through the admin port, stopping at the first
// failure with the step's title and hint; and the admin calls the step files share.
#include "setup/sandbox_runner.hpp"

#include <boost/json.hpp>

#include "core/ascii.hpp"
#include "core/form.hpp"
#include "core/json.hpp"
#include "setup/internal/sandbox_steps.hpp"

namespace graphpost::setup {
namespace {

namespace json = boost::json;

// "<step title>: <what>. <hint>", without a doubled full stop.
std::string StepFailure(const Step& step, std::string_view what) {
  std::string text = step.title + ": " + std::string(what);
  while (!text.empty() && (text.back() == '.' || text.back() == ' ')) text.pop_back();
  text += ".";
  if (!step.hint.empty()) text += " " + step.hint;
  return text;
}

Result<internal::StepDone> RunStep(internal::StepContext& ctx, const Step& step) {
  return IsEntraStep(step.kind) ? internal::RunEntraStep(ctx, step)
                                : internal::RunExchangeStep(ctx, step);
}

}  // namespace

Status RunPlanOnSandbox(const Plan& plan, int phase, AdminPort& admin, Bindings& bindings,
                        const std::function<void(const StepOutcome&)>& progress) {
  if (bindings.tenant_id.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "sandbox runner: no tenant to run the plan in");
  }
  internal::StepContext ctx{plan, admin, bindings};
  for (const Step& step : plan.steps) {
    if (phase != 0 && PhaseOf(step) != phase) continue;
    auto done = RunStep(ctx, step);
    if (!done) return Fail(done.error().code, StepFailure(step, done.error().message));
    if (progress) progress(StepOutcome{&step, done->changed, done->detail});
  }
  return Ok();
}

namespace internal {

std::string TenantPath(std::string_view tenant_id) { return "tenants/" + PercentEncode(tenant_id); }

Result<json::array> RunCmdlet(AdminPort& admin, std::string_view tenant_id, std::string_view cmdlet,
                              const CmdletParams& params) {
  json::array pairs;
  for (const auto& [name, value] : params)
    pairs.push_back(json::array{json::string(name), json::string(value)});
  auto reply = admin.Call("POST", TenantPath(tenant_id) + "/exchange",
                          json::object{{"cmdlet", cmdlet}, {"params", std::move(pairs)}});
  if (!reply) return Fail(reply.error().code, std::string(cmdlet) + ": " + reply.error().message);
  const json::array* objects = JsonArray(*reply, "objects");
  return objects ? *objects : json::array{};
}

Result<std::string> BoundPrimary(const Bindings& bindings, std::string_view mailbox) {
  auto it = bindings.primary.find(AsciiLower(mailbox));
  if (it == bindings.primary.end()) {
    return Fail(ErrorCode::kFailedPrecondition,
                "the mailbox " + std::string(mailbox) +
                    " was not checked (the mailbox check step must run first)");
  }
  return it->second;
}

}  // namespace internal
}  // namespace graphpost::setup
