// Service principal pointers and management scopes: New-/Get-/Set-/Remove-ServicePrincipal and
// New-/Get-/Set-/Remove-ManagementScope.
#include <algorithm>

#include "core/ascii.hpp"
#include "core/ids.hpp"
#include "sandbox/exchange/internal/cmdlet_records.hpp"
#include "sandbox/exchange/internal/cmdlet_registry.hpp"
#include "sandbox/exchange/internal/recipient_lookup.hpp"
#include "sandbox/exchange/opath.hpp"
#include "sandbox/exchange/rbac.hpp"

namespace graphpost::sandbox::exchange::internal {
namespace {

constexpr std::size_t kMaxScopeNameLength = 64;

boost::json::object SpRecord(const ExoServicePrincipal& sp) {
  boost::json::object o;
  o["DisplayName"] = sp.display_name;
  o["ObjectId"] = sp.object_id;
  o["AppId"] = sp.app_id;
  o["ServiceId"] = sp.object_id;
  o["Identity"] = sp.identity;
  o["Guid"] = sp.identity;
  return o;
}

const std::vector<std::string> kSpColumns = {"DisplayName", "ObjectId", "AppId"};

Status CheckGuid(std::string_view param, std::string_view value) {
  if (IsGuid(value)) return Ok();
  return Fail(ErrorCode::kInvalidArgument,
              "Cannot bind parameter '" + std::string(param) + "'. Cannot convert value \"" +
                  std::string(value) +
                  "\" to type \"System.Guid\". Error: \"Guid should contain "
                  "32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).\"");
}

// The Entra service principal -ObjectId must name, with a pointed message for the common mistake
// of passing the app registration's object id (Enterprise applications vs App registrations).
Result<const ServicePrincipal*> FindEntraServicePrincipal(const Tenant& t,
                                                          std::string_view object_id) {
  for (const ServicePrincipal& sp : t.service_principals) {
    if (AsciiIEquals(sp.object_id, object_id)) return &sp;
  }
  for (const Application& app : t.applications) {
    if (AsciiIEquals(app.object_id, object_id)) {
      const ServicePrincipal* sp = t.FindServicePrincipalByAppId(app.app_id);
      return Fail(ErrorCode::kInvalidArgument,
                  "The ObjectId \"" + std::string(object_id) +
                      "\" is the object ID of the app registration \"" + app.display_name +
                      "\", not of its service principal. Use the Object ID shown in Microsoft "
                      "Entra ID > Enterprise applications" +
                      (sp ? " (" + sp->object_id + ")." : "."));
    }
  }
  return Fail(ErrorCode::kNotFound, "The service principal with ObjectId \"" +
                                        std::string(object_id) +
                                        "\" couldn't be found in Microsoft Entra ID.");
}

Result<CmdletOutput> NewServicePrincipal(CmdletContext& c, const CmdletArgs& args) {
  std::string app_id = args.Get("AppId");
  std::string object_id = args.Find("ObjectId").value_or(args.Get("ServiceId"));
  if (object_id.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "Cannot process command because of one or more missing mandatory parameters: "
                "ObjectId.");
  }
  if (auto ok = CheckGuid("AppId", app_id); !ok) return Fail(ok.error());
  if (auto ok = CheckGuid("ObjectId", object_id); !ok) return Fail(ok.error());
  for (const ExoServicePrincipal& sp : c.tenant.exchange.service_principals) {
    if (AsciiIEquals(sp.app_id, app_id) || AsciiIEquals(sp.object_id, object_id)) {
      return Fail(ErrorCode::kAlreadyExists,
                  "A service principal with AppId \"" + sp.app_id + "\" and ObjectId \"" +
                      sp.object_id + "\" already exists. Use Get-ServicePrincipal -Identity " +
                      sp.app_id + " to see it.");
    }
  }
  auto entra = FindEntraServicePrincipal(c.tenant, object_id);
  if (!entra) return Fail(entra.error());
  if (!AsciiIEquals((*entra)->app_id, app_id)) {
    return Fail(ErrorCode::kInvalidArgument,
                "The AppId \"" + app_id + "\" doesn't match the service principal \"" + object_id +
                    "\", whose AppId is \"" + (*entra)->app_id + "\".");
  }
  ExoServicePrincipal sp{NewGuid(c.random), (*entra)->app_id, (*entra)->object_id,
                         args.Find("DisplayName").value_or((*entra)->display_name)};
  c.tenant.exchange.service_principals.push_back(sp);
  return Table(kSpColumns, {SpRecord(sp)});
}

// Exchange quirk (protocol.md §6.2): a missing, $null or unknown -Identity lists them all.
Result<CmdletOutput> GetServicePrincipal(CmdletContext& c, const CmdletArgs& args) {
  const ExoServicePrincipal* one = FindExoServicePrincipal(c.tenant, args.Get("Identity"));
  boost::json::array objects;
  for (const ExoServicePrincipal& sp : c.tenant.exchange.service_principals) {
    if (one == nullptr || one == &sp) objects.emplace_back(SpRecord(sp));
  }
  return Table(kSpColumns, std::move(objects));
}

Result<ExoServicePrincipal*> FindSpForChange(Tenant& t, std::string_view identity) {
  const ExoServicePrincipal* found = FindExoServicePrincipal(t, identity);
  if (found == nullptr) return Fail(NotFoundOnServer(identity));
  auto& all = t.exchange.service_principals;
  return &all[static_cast<std::size_t>(found - all.data())];
}

Result<CmdletOutput> SetServicePrincipal(CmdletContext& c, const CmdletArgs& args) {
  auto sp = FindSpForChange(c.tenant, args.Get("Identity"));
  if (!sp) return Fail(sp.error());
  if (auto name = args.Find("DisplayName")) (*sp)->display_name = *name;
  return Nothing();
}

// Deleting the pointer takes its role assignments with it; scopes stay (protocol.md §6.1).
Result<CmdletOutput> RemoveServicePrincipal(CmdletContext& c, const CmdletArgs& args) {
  auto sp = FindSpForChange(c.tenant, args.Get("Identity"));
  if (!sp) return Fail(sp.error());
  std::string object_id = (*sp)->object_id;
  std::erase_if(c.tenant.exchange.role_assignments,
                [&](const RoleAssignment& a) { return AsciiIEquals(a.app_object_id, object_id); });
  std::erase_if(c.tenant.exchange.service_principals,
                [&](const ExoServicePrincipal& s) { return AsciiIEquals(s.object_id, object_id); });
  return Nothing();
}

// ---- management scopes ----

const std::vector<std::string> kScopeColumns = {"Name", "ScopeRestrictionType", "Exclusive",
                                                "RecipientRoot", "RecipientFilter"};

boost::json::object ScopeRecord(const ManagementScope& s) {
  boost::json::object o;
  o["Name"] = s.name;
  o["Identity"] = s.name;
  o["Guid"] = s.id;
  o["ScopeRestrictionType"] = "RecipientScope";
  o["Exclusive"] = s.exclusive;
  o["RecipientRoot"] = "";
  o["RecipientFilter"] = s.recipient_filter;
  return o;
}

Status CheckScopeName(const Tenant& t, std::string_view name, std::string_view own_id) {
  if (name.size() > kMaxScopeNameLength) {
    return Fail(ErrorCode::kInvalidArgument,
                "The length of the property is too long. The maximum length is 64 and the length "
                "of the value provided is " +
                    std::to_string(name.size()) + ".");
  }
  const ManagementScope* existing = FindManagementScope(t, name);
  if (existing != nullptr && existing->id != own_id) {
    return Fail(ErrorCode::kAlreadyExists, "The management scope \"" + existing->name +
                                               "\" already exists. Specify a "
                                               "different name.");
  }
  return Ok();
}

Result<CmdletOutput> NewManagementScope(CmdletContext& c, const CmdletArgs& args) {
  std::string name = args.Get("Name");
  if (auto ok = CheckScopeName(c.tenant, name, ""); !ok) return Fail(ok.error());
  std::string filter = args.Get("RecipientRestrictionFilter");
  if (auto parsed = ParseOpath(filter); !parsed) return Fail(parsed.error());
  ManagementScope scope{NewGuid(c.random), name, filter, args.Switch("Exclusive")};
  c.tenant.exchange.scopes.push_back(scope);
  return Table(kScopeColumns, {ScopeRecord(scope)});
}

Result<CmdletOutput> GetManagementScope(CmdletContext& c, const CmdletArgs& args) {
  boost::json::array objects;
  if (auto identity = args.Find("Identity")) {
    const ManagementScope* scope = FindManagementScope(c.tenant, *identity);
    if (scope == nullptr) return Fail(NotFoundOnServer(*identity));
    objects.emplace_back(ScopeRecord(*scope));
  } else {
    for (const ManagementScope& s : c.tenant.exchange.scopes) objects.emplace_back(ScopeRecord(s));
  }
  return Table(kScopeColumns, std::move(objects));
}

Result<ManagementScope*> FindScopeForChange(Tenant& t, std::string_view identity) {
  const ManagementScope* found = FindManagementScope(t, identity);
  if (found == nullptr) return Fail(NotFoundOnServer(identity));
  return &t.exchange.scopes[static_cast<std::size_t>(found - t.exchange.scopes.data())];
}

// Renaming a scope carries the assignments that use it along.
Result<CmdletOutput> SetManagementScope(CmdletContext& c, const CmdletArgs& args) {
  auto scope = FindScopeForChange(c.tenant, args.Get("Identity"));
  if (!scope) return Fail(scope.error());
  if (auto filter = args.Find("RecipientRestrictionFilter")) {
    if (auto parsed = ParseOpath(*filter); !parsed) return Fail(parsed.error());
    (*scope)->recipient_filter = *filter;
  }
  if (auto name = args.Find("Name")) {
    if (auto ok = CheckScopeName(c.tenant, *name, (*scope)->id); !ok) return Fail(ok.error());
    for (RoleAssignment& a : c.tenant.exchange.role_assignments) {
      if (AsciiIEquals(a.custom_resource_scope, (*scope)->name)) a.custom_resource_scope = *name;
    }
    (*scope)->name = *name;
  }
  return Nothing();
}

Result<CmdletOutput> RemoveManagementScope(CmdletContext& c, const CmdletArgs& args) {
  auto scope = FindScopeForChange(c.tenant, args.Get("Identity"));
  if (!scope) return Fail(scope.error());
  std::string users;
  for (const RoleAssignment& a : c.tenant.exchange.role_assignments) {
    if (AsciiIEquals(a.custom_resource_scope, (*scope)->name)) {
      users += (users.empty() ? "" : ", ") + a.name;
    }
  }
  if (!users.empty()) {
    return Fail(ErrorCode::kFailedPrecondition,
                "Management scope \"" + (*scope)->name +
                    "\" can't be removed because it's used by the management role "
                    "assignment(s) \"" +
                    users + "\". Remove or change those assignments first.");
  }
  std::string id = (*scope)->id;
  std::erase_if(c.tenant.exchange.scopes, [&](const ManagementScope& s) { return s.id == id; });
  return Nothing();
}

}  // namespace

std::vector<CmdletSpec> ServicePrincipalCmdletSpecs() {
  return {
      {"New-ServicePrincipal",
       {{"AppId", true}, {"ObjectId"}, {"ServiceId"}, {"DisplayName"}, {"Organization"}},
       "",
       true,
       NewServicePrincipal},
      {"Get-ServicePrincipal",
       {{"Identity"}, {"Organization"}},
       "Identity",
       false,
       GetServicePrincipal},
      {"Set-ServicePrincipal",
       {{"Identity", true}, {"DisplayName"}},
       "Identity",
       true,
       SetServicePrincipal},
      {"Remove-ServicePrincipal", {{"Identity", true}}, "Identity", true, RemoveServicePrincipal},
      {"New-ManagementScope",
       {{"Name", true},
        {"RecipientRestrictionFilter", true},
        {"Exclusive", false, true},
        {"Force", false, true}},
       "Name",
       true,
       NewManagementScope},
      {"Get-ManagementScope", {{"Identity"}}, "Identity", false, GetManagementScope},
      {"Set-ManagementScope",
       {{"Identity", true}, {"Name"}, {"RecipientRestrictionFilter"}, {"Force", false, true}},
       "Identity",
       true,
       SetManagementScope},
      {"Remove-ManagementScope",
       {{"Identity", true}, {"Force", false, true}},
       "Identity",
       true,
       RemoveManagementScope},
  };
}

}  // namespace graphpost::sandbox::exchange::internal
