#include "sandbox/exchange/rbac.hpp"

#include <algorithm>

#include "core/ascii.hpp"
#include "sandbox/exchange/application_roles.hpp"
#include "sandbox/exchange/opath.hpp"
#include "sandbox/exchange/recipients.hpp"

namespace graphpost::sandbox::exchange {
namespace {

template <class Vec, class Pred>
auto FindIn(const Vec& v, Pred pred) -> decltype(&v[0]) {
  auto it = std::find_if(v.begin(), v.end(), pred);
  return it == v.end() ? nullptr : &*it;
}

}  // namespace

const ExoServicePrincipal* FindExoServicePrincipal(const Tenant& tenant,
                                                   std::string_view identity) {
  identity = TrimAscii(identity);
  if (identity.empty()) return nullptr;
  return FindIn(tenant.exchange.service_principals, [&](const ExoServicePrincipal& sp) {
    return AsciiIEquals(sp.identity, identity) || AsciiIEquals(sp.app_id, identity) ||
           AsciiIEquals(sp.object_id, identity) ||
           (!sp.display_name.empty() && AsciiIEquals(sp.display_name, identity));
  });
}

const ExoServicePrincipal* FindExoServicePrincipalByAppId(const Tenant& tenant,
                                                          std::string_view app_id) {
  return FindIn(tenant.exchange.service_principals,
                [&](const ExoServicePrincipal& sp) { return AsciiIEquals(sp.app_id, app_id); });
}

const ManagementScope* FindManagementScope(const Tenant& tenant, std::string_view identity) {
  identity = TrimAscii(identity);
  return FindIn(tenant.exchange.scopes, [&](const ManagementScope& s) {
    return AsciiIEquals(s.name, identity) || AsciiIEquals(s.id, identity);
  });
}

std::string_view ScopeTypeName(ScopeType type) {
  switch (type) {
    case ScopeType::kOrganization:
      return "Organization";
    case ScopeType::kCustomRecipientScope:
      return "CustomRecipientScope";
    case ScopeType::kGroup:
      return "Group";
  }
  return "Organization";
}

ScopeType AssignmentScopeType(const RoleAssignment& assignment) {
  if (!assignment.custom_resource_scope.empty()) return ScopeType::kCustomRecipientScope;
  if (!assignment.recipient_group_scope.empty()) return ScopeType::kGroup;
  return ScopeType::kOrganization;
}

std::string AllowedResourceScope(const Tenant& tenant, const RoleAssignment& assignment) {
  switch (AssignmentScopeType(assignment)) {
    case ScopeType::kCustomRecipientScope:
      return assignment.custom_resource_scope;
    case ScopeType::kGroup: {
      const Recipient* group = tenant.FindRecipient(assignment.recipient_group_scope);
      return group ? std::string(ExchangeName(*group)) : assignment.recipient_group_scope;
    }
    case ScopeType::kOrganization:
      break;
  }
  return "Organization";
}

bool AssignmentCovers(const Tenant& tenant, const RoleAssignment& assignment,
                      const Recipient& recipient) {
  switch (AssignmentScopeType(assignment)) {
    case ScopeType::kCustomRecipientScope: {
      const ManagementScope* scope = FindManagementScope(tenant, assignment.custom_resource_scope);
      if (scope == nullptr) return false;
      auto filter = ParseOpath(scope->recipient_filter);
      return filter && Matches(*filter, tenant, recipient);
    }
    case ScopeType::kGroup: {
      const Recipient* group = tenant.FindRecipient(assignment.recipient_group_scope);
      return group != nullptr && IsDirectMember(*group, recipient.id);
    }
    case ScopeType::kOrganization:
      break;
  }
  return true;
}

bool AssignmentGrants(const RoleAssignment& assignment, std::string_view permission) {
  const ApplicationRole* role = FindApplicationRole(assignment.role);
  return role != nullptr && AnyPermissionImplies(role->permissions, permission);
}

std::vector<const RoleAssignment*> AssignmentsOf(const Tenant& tenant,
                                                 std::string_view app_object_id) {
  std::vector<const RoleAssignment*> out;
  for (const RoleAssignment& a : tenant.exchange.role_assignments) {
    if (AsciiIEquals(a.app_object_id, app_object_id)) out.push_back(&a);
  }
  return out;
}

bool HasRoleAssignments(const Tenant& tenant, std::string_view app_id) {
  const ExoServicePrincipal* sp = FindExoServicePrincipalByAppId(tenant, app_id);
  return sp != nullptr && !AssignmentsOf(tenant, sp->object_id).empty();
}

bool RbacGrants(const Tenant& tenant, std::string_view app_id, const Recipient& recipient,
                std::string_view permission) {
  const ExoServicePrincipal* sp = FindExoServicePrincipalByAppId(tenant, app_id);
  if (sp == nullptr) return false;
  for (const RoleAssignment* a : AssignmentsOf(tenant, sp->object_id)) {
    if (AssignmentGrants(*a, permission) && AssignmentCovers(tenant, *a, recipient)) return true;
  }
  return false;
}

}  // namespace graphpost::sandbox::exchange
