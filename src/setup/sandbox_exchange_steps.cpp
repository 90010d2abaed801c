// The Exchange steps of a plan as Exchange Online cmdlets on the sandbox (POST
// tenants/{t}/exchange), as exchange.ps1 runs them: look before create, bind what is learnt.
#include <boost/json.hpp>

#include "core/ascii.hpp"
#include "core/json.hpp"
#include "setup/internal/sandbox_steps.hpp"

namespace graphpost::setup::internal {
namespace {

namespace json = boost::json;

Result<json::array> Cmdlet(StepContext& ctx, std::string_view name, const CmdletParams& params) {
  return RunCmdlet(ctx.admin, ctx.bindings.tenant_id, name, params);
}

// A Get- cmdlet's objects; an unknown identity is an empty list, not an error.
Result<json::array> Lookup(StepContext& ctx, std::string_view name, const CmdletParams& params) {
  auto found = Cmdlet(ctx, name, params);
  if (!found && found.error().code == ErrorCode::kNotFound) return json::array{};
  return found;
}

std::string Field(const json::value& object, std::string_view key) {
  return JsonString(object, key).value_or("");
}

Result<StepDone> CheckMailbox(StepContext& ctx, const Step& step) {
  auto found = Lookup(ctx, "Get-Mailbox", {{"Identity", step.mailbox}});
  if (!found) return Fail(found.error());
  if (found->empty()) {
    return Fail(ErrorCode::kFailedPrecondition, "no mailbox has the address " + step.mailbox);
  }
  if (found->size() > 1) {
    return Fail(ErrorCode::kFailedPrecondition,
                "the address " + step.mailbox + " matches more than one mailbox");
  }
  const json::value& box = found->front();
  std::string type = Field(box, "RecipientTypeDetails");
  if (type != "UserMailbox" && type != "SharedMailbox") {
    return Fail(ErrorCode::kFailedPrecondition,
                step.mailbox + " is a " + type + ", not a user or shared mailbox");
  }
  std::string primary = Field(box, "PrimarySmtpAddress");
  ctx.bindings.primary[AsciiLower(step.mailbox)] = primary;
  std::string detail = type + ", primary address " + primary;
  if (!AsciiIEquals(primary, step.mailbox)) detail += " (" + step.mailbox + " is an alias)";
  return StepDone{false, detail};
}

Result<StepDone> EnsureGroup(StepContext& ctx, const Step& step) {
  auto found = Lookup(ctx, "Get-DistributionGroup", {{"Identity", step.name}});
  if (!found) return Fail(found.error());
  if (!found->empty()) {
    std::string type = Field(found->front(), "RecipientTypeDetails");
    if (type != "MailUniversalSecurityGroup") {
      return Fail(ErrorCode::kFailedPrecondition, "'" + step.name + "' exists as a " + type +
                                                      ", not a mail-enabled security group");
    }
    return StepDone{false, "already exists"};
  }
  auto made =
      Cmdlet(ctx, "New-DistributionGroup",
             {{"Name", step.name}, {"Alias", GroupAlias(ctx.plan.answers)}, {"Type", "Security"}});
  if (!made) return Fail(made.error());
  return StepDone{true, "created"};
}

Result<StepDone> EnsureGroupMember(StepContext& ctx, const Step& step) {
  auto primary = BoundPrimary(ctx.bindings, step.mailbox);
  if (!primary) return Fail(primary.error());
  auto members = Cmdlet(ctx, "Get-DistributionGroupMember", {{"Identity", step.name}});
  if (!members) return Fail(members.error());
  for (const auto& m : *members) {
    if (AsciiIEquals(Field(m, "PrimarySmtpAddress"), *primary))
      return StepDone{false, "already a member"};
  }
  auto added =
      Cmdlet(ctx, "Add-DistributionGroupMember", {{"Identity", step.name}, {"Member", *primary}});
  if (!added && added.error().code == ErrorCode::kAlreadyExists)
    return StepDone{false, "already a member"};
  if (!added) return Fail(added.error());
  return StepDone{true, *primary + " added"};
}

Result<StepDone> ReadGroupDn(StepContext& ctx, const Step& step) {
  auto found = Cmdlet(ctx, "Get-DistributionGroup", {{"Identity", step.name}});
  if (!found) return Fail(found.error());
  std::string dn = found->empty() ? "" : Field(found->front(), "DistinguishedName");
  if (dn.empty()) {
    return Fail(ErrorCode::kFailedPrecondition, "the group '" + step.name + "' has no DN");
  }
  ctx.bindings.group_dn = dn;
  return StepDone{false, dn};
}

Result<StepDone> EnsureExchangeServicePrincipal(StepContext& ctx) {
  if (auto ok = RequireApp(ctx); !ok) return Fail(ok.error());
  const Bindings& b = ctx.bindings;
  // Get-ServicePrincipal lists them all for an unknown identity, so match the AppId.
  auto all = Lookup(ctx, "Get-ServicePrincipal", {{"Identity", b.app_id}});
  if (!all) return Fail(all.error());
  for (const auto& sp : *all) {
    if (!AsciiIEquals(Field(sp, "AppId"), b.app_id)) continue;
    if (!AsciiIEquals(Field(sp, "ObjectId"), b.sp_object_id)) {
      return Fail(ErrorCode::kFailedPrecondition,
                  "Exchange's service principal for app " + b.app_id + " has ObjectId " +
                      Field(sp, "ObjectId") + ", not the Enterprise application's " +
                      b.sp_object_id + "; remove it with Remove-ServicePrincipal and run again");
    }
    return StepDone{false, "already registered in Exchange"};
  }
  auto made = Cmdlet(ctx, "New-ServicePrincipal",
                     {{"AppId", b.app_id},
                      {"ObjectId", b.sp_object_id},
                      {"DisplayName", ctx.plan.answers.app_name}});
  if (!made) return Fail(made.error());
  return StepDone{true, "registered with ObjectId " + b.sp_object_id};
}

Result<StepDone> EnsureManagementScope(StepContext& ctx, const Step& step) {
  if (ctx.bindings.group_dn.empty()) {
    return Fail(ErrorCode::kFailedPrecondition,
                "the group's DN is not known (the step that reads it must run first)");
  }
  std::string filter = "MemberOfGroup -eq '" + ctx.bindings.group_dn + "'";
  auto found = Lookup(ctx, "Get-ManagementScope", {{"Identity", step.name}});
  if (!found) return Fail(found.error());
  if (found->empty()) {
    auto made = Cmdlet(ctx, "New-ManagementScope",
                       {{"Name", step.name}, {"RecipientRestrictionFilter", filter}});
    if (!made) return Fail(made.error());
    return StepDone{true, filter};
  }
  if (Field(found->front(), "RecipientFilter") == filter) return StepDone{false, filter};
  // A scope written with the group's address (or another group) matches the wrong mailboxes.
  auto set = Cmdlet(ctx, "Set-ManagementScope",
                    {{"Identity", step.name}, {"RecipientRestrictionFilter", filter}});
  if (!set) return Fail(set.error());
  return StepDone{true,
                  "filter was " + Field(found->front(), "RecipientFilter") + ", now " + filter};
}

Result<StepDone> EnsureRoleAssignment(StepContext& ctx, const Step& step) {
  if (auto ok = RequireApp(ctx); !ok) return Fail(ok.error());
  auto found = Lookup(ctx, "Get-ManagementRoleAssignment", {{"Identity", step.name}});
  if (!found) return Fail(found.error());
  if (found->empty()) {
    auto made = Cmdlet(ctx, "New-ManagementRoleAssignment",
                       {{"Name", step.name},
                        {"Role", step.role},
                        {"App", ctx.bindings.sp_object_id},
                        {"CustomResourceScope", step.scope}});
    if (!made) return Fail(made.error());
    return StepDone{true, step.role + " in scope " + step.scope};
  }
  const json::value& a = found->front();
  if (!AsciiIEquals(Field(a, "Role"), step.role) ||
      !AsciiIEquals(Field(a, "RoleAssignee"), ctx.bindings.sp_object_id)) {
    return Fail(ErrorCode::kFailedPrecondition,
                "an assignment named '" + step.name + "' gives " + Field(a, "Role") + " to " +
                    Field(a, "RoleAssigneeName") + "; remove it or choose another app name");
  }
  if (AsciiIEquals(Field(a, "CustomResourceScope"), step.scope)) {
    return StepDone{false, step.role + " in scope " + step.scope};
  }
  auto set = Cmdlet(ctx, "Set-ManagementRoleAssignment",
                    {{"Identity", step.name}, {"CustomResourceScope", step.scope}});
  if (!set) return Fail(set.error());
  return StepDone{true, "scope changed to " + step.scope};
}

Result<StepDone> TestAuthorization(StepContext& ctx, const Step& step) {
  if (auto ok = RequireApp(ctx); !ok) return Fail(ok.error());
  auto primary = BoundPrimary(ctx.bindings, step.mailbox);
  if (!primary) return Fail(primary.error());
  auto rows = Cmdlet(ctx, "Test-ServicePrincipalAuthorization",
                     {{"Identity", ctx.bindings.app_id}, {"Resource", *primary}});
  if (!rows) return Fail(rows.error());
  // One row per role assignment; as exchange.ps1, only an Application Mail.Send row counts (a
  // Mail.Read assignment in scope does not let the app send).
  for (const auto& row : *rows) {
    if (!AsciiIEquals(Field(row, "RoleName"), "Application Mail.Send")) continue;
    const json::value* in_scope =
        row.is_object() ? row.get_object().if_contains("InScope") : nullptr;
    if (in_scope != nullptr && in_scope->is_bool() && in_scope->get_bool()) {
      return StepDone{false, "InScope True (" + Field(row, "RoleName") + ")"};
    }
  }
  return Fail(ErrorCode::kFailedPrecondition, rows->empty()
                                                  ? "the app has no role assignment in Exchange"
                                                  : "InScope is False for " + *primary);
}

// The app is the bound one, else the step's name (the migration names the app ID there).
Result<StepDone> RemoveAccessPolicy(StepContext& ctx, const Step& step) {
  const std::string& app_id = ctx.bindings.app_id.empty() ? step.name : ctx.bindings.app_id;
  if (app_id.empty()) return Fail(ErrorCode::kFailedPrecondition, "no app is known yet");
  auto policies = Cmdlet(ctx, "Get-ApplicationAccessPolicy", {});
  if (!policies) return Fail(policies.error());
  int removed = 0;
  for (const auto& p : *policies) {
    // Split's pieces point into `ids`: it must outlive the loop (a temporary in the range-for's
    // initializer would not, before C++23).
    const std::string ids = Field(p, "AppId");
    bool ours = false, shared = false;
    for (auto id : Split(ids, ',')) {
      if (AsciiIEquals(TrimAscii(id), app_id))
        ours = true;
      else if (!TrimAscii(id).empty())
        shared = true;
    }
    if (!ours) continue;
    if (shared) {
      return Fail(
          ErrorCode::kFailedPrecondition,
          "the access policy " + Field(p, "Identity") + " also names other apps (" + ids +
              "); removing it would change what they may reach, so remove this app from "
              "it by hand (Remove-ApplicationAccessPolicy, then New-ApplicationAccessPolicy "
              "for the others)");
    }
    auto gone = Cmdlet(ctx, "Remove-ApplicationAccessPolicy", {{"Identity", Field(p, "Guid")}});
    if (!gone) return Fail(gone.error());
    ++removed;
  }
  if (removed == 0) return StepDone{false, "no access policy for the app"};
  return StepDone{true, std::to_string(removed) + " access policy(ies) removed"};
}

}  // namespace

Result<StepDone> RunExchangeStep(StepContext& ctx, const Step& step) {
  switch (step.kind) {
    case StepKind::kCheckMailbox:
      return CheckMailbox(ctx, step);
    case StepKind::kEnsureGroup:
      return EnsureGroup(ctx, step);
    case StepKind::kEnsureGroupMember:
      return EnsureGroupMember(ctx, step);
    case StepKind::kReadGroupDn:
      return ReadGroupDn(ctx, step);
    case StepKind::kEnsureExchangeServicePrincipal:
      return EnsureExchangeServicePrincipal(ctx);
    case StepKind::kEnsureManagementScope:
      return EnsureManagementScope(ctx, step);
    case StepKind::kEnsureRoleAssignment:
      return EnsureRoleAssignment(ctx, step);
    case StepKind::kTestAuthorization:
      return TestAuthorization(ctx, step);
    case StepKind::kRemoveAccessPolicy:
      return RemoveAccessPolicy(ctx, step);
    default:
      return Fail(ErrorCode::kInternal, "not an Exchange step");
  }
}

}  // namespace graphpost::setup::internal
