// Role assignments for applications: New-/Get-/Set-/Remove-ManagementRoleAssignment,
// Get-ManagementRole and Test-ServicePrincipalAuthorization (RBAC only, live, protocol.md §6.2).
#include <algorithm>

#include "core/ascii.hpp"
#include "core/ids.hpp"
#include "sandbox/exchange/application_roles.hpp"
#include "sandbox/exchange/internal/cmdlet_records.hpp"
#include "sandbox/exchange/internal/cmdlet_registry.hpp"
#include "sandbox/exchange/internal/recipient_lookup.hpp"
#include "sandbox/exchange/rbac.hpp"
#include "sandbox/exchange/recipients.hpp"

namespace graphpost::sandbox::exchange::internal {
namespace {

constexpr std::size_t kMaxAssignmentNameLength = 64;

std::string JoinPermissions(const ApplicationRole& role) {
  std::string out;
  for (std::string_view p : role.permissions) out += (out.empty() ? "" : ", ") + std::string(p);
  return out;
}

std::string AssigneeName(const Tenant& t, const RoleAssignment& a) {
  for (const ExoServicePrincipal& sp : t.exchange.service_principals) {
    if (AsciiIEquals(sp.object_id, a.app_object_id)) {
      return sp.display_name.empty() ? sp.object_id : sp.display_name;
    }
  }
  return a.app_object_id;
}

boost::json::object AssignmentRecord(const Tenant& t, const RoleAssignment& a) {
  boost::json::object o;
  o["Name"] = a.name;
  o["Identity"] = a.name;
  o["Guid"] = a.id;
  o["Role"] = a.role;
  o["RoleAssignee"] = a.app_object_id;
  o["RoleAssigneeName"] = AssigneeName(t, a);
  o["RoleAssigneeType"] = "ServicePrincipal";
  o["AssignmentMethod"] = "Direct";
  o["CustomResourceScope"] = a.custom_resource_scope;
  const Recipient* group =
      a.recipient_group_scope.empty() ? nullptr : t.FindRecipient(a.recipient_group_scope);
  o["RecipientGroupScope"] = group ? std::string(ExchangeName(*group)) : a.recipient_group_scope;
  o["RecipientWriteScope"] = ScopeTypeName(AssignmentScopeType(a));
  o["Enabled"] = true;
  return o;
}

const std::vector<std::string> kAssignmentColumns = {"Name", "Role", "RoleAssigneeName",
                                                     "RoleAssigneeType", "AssignmentMethod"};

Result<const ApplicationRole*> ResolveRole(std::string_view name) {
  if (const ApplicationRole* role = FindApplicationRole(name)) return role;
  if (!AsciiIStartsWith(name, "Application ")) {
    return Fail(ErrorCode::kInvalidArgument,
                "The role \"" + std::string(name) +
                    "\" can't be assigned to a service principal. Only application roles "
                    "(\"Application ...\"; see Get-ManagementRole) can be assigned with -App.");
  }
  return Fail(CouldntFindObject(name));
}

Result<const ExoServicePrincipal*> ResolveApp(const Tenant& t, std::string_view app) {
  if (const ExoServicePrincipal* sp = FindExoServicePrincipal(t, app)) return sp;
  return Fail(ErrorCode::kNotFound,
              "Couldn't find object \"" + std::string(app) +
                  "\". No service principal in Exchange Online has this ObjectId, AppId or "
                  "DisplayName; register the app with New-ServicePrincipal first.");
}

// Fills the assignment's scope from -CustomResourceScope / -RecipientGroupScope.
Status ApplyScope(const Tenant& t, const CmdletArgs& args, RoleAssignment& a) {
  if (args.Has("RecipientAdministrativeUnitScope")) {
    return Fail(ErrorCode::kInvalidArgument,
                "-RecipientAdministrativeUnitScope isn't supported by the sandbox; use "
                "-CustomResourceScope or -RecipientGroupScope.");
  }
  if (args.Has("CustomResourceScope") && args.Has("RecipientGroupScope")) {
    return Fail(ErrorCode::kInvalidArgument,
                "Parameter set cannot be resolved using the specified named parameters.");
  }
  if (auto name = args.Find("CustomResourceScope")) {
    const ManagementScope* scope = FindManagementScope(t, *name);
    if (scope == nullptr) {
      return Fail(ErrorCode::kNotFound,
                  "The management scope \"" + *name + "\" couldn't be found.");
    }
    a.custom_resource_scope = scope->name;
    a.recipient_group_scope.clear();
  }
  if (auto group = args.Find("RecipientGroupScope")) {
    auto id = ResolveRecipientId(t, *group, RecipientFilter::kGroup);
    if (!id) return Fail(id.error());
    a.recipient_group_scope = *id;
    a.custom_resource_scope.clear();
  }
  return Ok();
}

const RoleAssignment* FindAssignment(const Tenant& t, std::string_view identity) {
  for (const RoleAssignment& a : t.exchange.role_assignments) {
    if (AsciiIEquals(a.name, identity) || AsciiIEquals(a.id, identity)) return &a;
  }
  return nullptr;
}

// "<Role>-<display name>", cut to 64 characters and made unique with a counter.
std::string DefaultAssignmentName(const Tenant& t, const ApplicationRole& role,
                                  const ExoServicePrincipal& sp) {
  std::string base =
      std::string(role.name) + "-" + (sp.display_name.empty() ? sp.app_id : sp.display_name);
  base.resize(std::min(base.size(), kMaxAssignmentNameLength));
  std::string name = base;
  for (int n = 2; FindAssignment(t, name) != nullptr; ++n) {
    std::string suffix = "-" + std::to_string(n);
    name = base.substr(0, kMaxAssignmentNameLength - suffix.size()) + suffix;
  }
  return name;
}

Status CheckAssignmentName(const Tenant& t, std::string_view name) {
  if (name.size() > kMaxAssignmentNameLength) {
    return Fail(ErrorCode::kInvalidArgument,
                "The length of the property is too long. The maximum length is 64 and the length "
                "of the value provided is " +
                    std::to_string(name.size()) + ".");
  }
  if (FindAssignment(t, name) != nullptr) {
    return Fail(ErrorCode::kAlreadyExists, "The management role assignment \"" + std::string(name) +
                                               "\" already exists. Specify a different name.");
  }
  return Ok();
}

Result<CmdletOutput> NewManagementRoleAssignment(CmdletContext& c, const CmdletArgs& args) {
  auto role = ResolveRole(args.Get("Role"));
  if (!role) return Fail(role.error());
  auto sp = ResolveApp(c.tenant, args.Get("App"));
  if (!sp) return Fail(sp.error());
  RoleAssignment a;
  a.id = NewGuid(c.random);
  a.role = std::string((*role)->name);
  a.app_object_id = (*sp)->object_id;
  if (auto ok = ApplyScope(c.tenant, args, a); !ok) return Fail(ok.error());
  a.name = args.Find("Name").value_or(DefaultAssignmentName(c.tenant, **role, **sp));
  if (auto ok = CheckAssignmentName(c.tenant, a.name); !ok) return Fail(ok.error());
  c.tenant.exchange.role_assignments.push_back(a);
  return Table(kAssignmentColumns, {AssignmentRecord(c.tenant, a)});
}

bool AssignedTo(const Tenant& t, const RoleAssignment& a, std::string_view assignee) {
  const ExoServicePrincipal* sp = FindExoServicePrincipal(t, assignee);
  return sp != nullptr && AsciiIEquals(sp->object_id, a.app_object_id);
}

Result<CmdletOutput> GetManagementRoleAssignment(CmdletContext& c, const CmdletArgs& args) {
  auto identity = args.Find("Identity");
  if (identity && FindAssignment(c.tenant, *identity) == nullptr) {
    return Fail(NotFoundOnServer(*identity));
  }
  boost::json::array objects;
  for (const RoleAssignment& a : c.tenant.exchange.role_assignments) {
    if (identity && &a != FindAssignment(c.tenant, *identity)) continue;
    if (auto role = args.Find("Role"); role && !AsciiIEquals(a.role, *role)) continue;
    if (auto who = args.Find("RoleAssignee"); who && !AssignedTo(c.tenant, a, *who)) continue;
    objects.emplace_back(AssignmentRecord(c.tenant, a));
  }
  return Table(kAssignmentColumns, std::move(objects));
}

Result<RoleAssignment*> FindAssignmentForChange(Tenant& t, std::string_view identity) {
  const RoleAssignment* found = FindAssignment(t, identity);
  if (found == nullptr) return Fail(NotFoundOnServer(identity));
  auto& all = t.exchange.role_assignments;
  return &all[static_cast<std::size_t>(found - all.data())];
}

Result<CmdletOutput> SetManagementRoleAssignment(CmdletContext& c, const CmdletArgs& args) {
  auto a = FindAssignmentForChange(c.tenant, args.Get("Identity"));
  if (!a) return Fail(a.error());
  RoleAssignment updated = **a;
  if (auto ok = ApplyScope(c.tenant, args, updated); !ok) return Fail(ok.error());
  **a = std::move(updated);
  return Nothing();
}

Result<CmdletOutput> RemoveManagementRoleAssignment(CmdletContext& c, const CmdletArgs& args) {
  auto a = FindAssignmentForChange(c.tenant, args.Get("Identity"));
  if (!a) return Fail(a.error());
  std::string id = (*a)->id;
  std::erase_if(c.tenant.exchange.role_assignments,
                [&](const RoleAssignment& r) { return r.id == id; });
  return Nothing();
}

Result<CmdletOutput> GetManagementRole(CmdletContext&, const CmdletArgs& args) {
  auto identity = args.Find("Identity");
  boost::json::array objects;
  for (const ApplicationRole& role : ApplicationRoles()) {
    if (identity && !AsciiIEquals(role.name, *identity)) continue;
    boost::json::object o;
    o["Name"] = role.name;
    o["RoleType"] = "Application";
    o["Description"] = role.description;
    o["GrantedPermissions"] = JoinPermissions(role);
    objects.emplace_back(std::move(o));
  }
  if (identity && objects.empty()) return Fail(NotFoundOnServer(*identity));
  return Table({"Name", "RoleType"}, std::move(objects));
}

// One row per assignment of the service principal; InScope says whether -Resource is covered.
Result<CmdletOutput> TestServicePrincipalAuthorization(CmdletContext& c, const CmdletArgs& args) {
  std::string identity = args.Get("Identity");
  const ExoServicePrincipal* sp = FindExoServicePrincipal(c.tenant, identity);
  if (sp == nullptr) return Fail(NotFoundOnServer(identity));
  const Recipient* resource = nullptr;
  if (auto name = args.Find("Resource")) {
    auto id = ResolveRecipientId(c.tenant, *name, RecipientFilter::kAny);
    if (!id) return Fail(id.error());
    resource = c.tenant.FindRecipient(*id);
  }
  boost::json::array objects;
  for (const RoleAssignment* a : AssignmentsOf(c.tenant, sp->object_id)) {
    const ApplicationRole* role = FindApplicationRole(a->role);
    boost::json::object o;
    o["RoleName"] = a->role;
    o["GrantedPermissions"] = role ? JoinPermissions(*role) : "";
    o["AllowedResourceScope"] = AllowedResourceScope(c.tenant, *a);
    o["ScopeType"] = ScopeTypeName(AssignmentScopeType(*a));
    // PowerShell's InScope is a Boolean ($true/$false); without -Resource nothing was tested.
    if (resource == nullptr) {
      o["InScope"] = "Not Run";
    } else {
      o["InScope"] = AssignmentCovers(c.tenant, *a, *resource);
    }
    objects.emplace_back(std::move(o));
  }
  return Table({"RoleName", "GrantedPermissions", "AllowedResourceScope", "ScopeType", "InScope"},
               std::move(objects));
}

}  // namespace

std::vector<CmdletSpec> RoleAssignmentCmdletSpecs() {
  std::vector<ParamSpec> scopes = {
      {"CustomResourceScope"}, {"RecipientGroupScope"}, {"RecipientAdministrativeUnitScope"}};
  std::vector<ParamSpec> create = {{"Name"}, {"Role", true}, {"App", true}};
  create.insert(create.end(), scopes.begin(), scopes.end());
  std::vector<ParamSpec> change = {{"Identity", true}, {"Force", false, true}};
  change.insert(change.end(), scopes.begin(), scopes.end());
  return {
      {"New-ManagementRoleAssignment", create, "Name", true, NewManagementRoleAssignment},
      {"Get-ManagementRoleAssignment",
       {{"Identity"}, {"Role"}, {"RoleAssignee"}},
       "Identity",
       false,
       GetManagementRoleAssignment},
      {"Set-ManagementRoleAssignment", change, "Identity", true, SetManagementRoleAssignment},
      {"Remove-ManagementRoleAssignment",
       {{"Identity", true}, {"Force", false, true}},
       "Identity",
       true,
       RemoveManagementRoleAssignment},
      {"Get-ManagementRole", {{"Identity"}, {"RoleType"}}, "Identity", false, GetManagementRole},
      {"Test-ServicePrincipalAuthorization",
       {{"Identity", true}, {"Resource"}},
       "Identity",
       false,
       TestServicePrincipalAuthorization},
  };
}

}  // namespace graphpost::sandbox::exchange::internal
