// sandbox/exchange/rbac.hpp — evaluation of RBAC for Applications (protocol.md §6.1): which
// Exchange service principal an identity names, which recipients a role assignment's scope
// covers, and whether an app's assignments grant a permission on a mailbox. Pure functions over a
// Tenant the caller keeps alive and locked.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sandbox/state/tenant.hpp"

namespace graphpost::sandbox::exchange {

// The Exchange service principal pointer named by `identity`: its Exchange GUID, AppId, ObjectId
// or DisplayName (case-insensitive); nullptr when none.
const ExoServicePrincipal* FindExoServicePrincipal(const Tenant& tenant, std::string_view identity);
const ExoServicePrincipal* FindExoServicePrincipalByAppId(const Tenant& tenant,
                                                          std::string_view app_id);

// The management scope named by `identity` (its name or GUID); nullptr when none.
const ManagementScope* FindManagementScope(const Tenant& tenant, std::string_view identity);

// How an assignment is scoped; the names are Test-ServicePrincipalAuthorization's ScopeType.
enum class ScopeType { kOrganization, kCustomRecipientScope, kGroup };
std::string_view ScopeTypeName(ScopeType type);  // "Organization", "CustomRecipientScope", "Group"
ScopeType AssignmentScopeType(const RoleAssignment& assignment);

// What Test-ServicePrincipalAuthorization prints as AllowedResourceScope: the scope's name, the
// group's name, or "Organization".
std::string AllowedResourceScope(const Tenant& tenant, const RoleAssignment& assignment);

// True when the assignment's scope covers `recipient`: a custom scope's OPATH filter matches it
// (a missing scope or unparsable filter covers nobody), it is a DIRECT member of the recipient
// group scope, or the assignment is organization-wide.
bool AssignmentCovers(const Tenant& tenant, const RoleAssignment& assignment,
                      const Recipient& recipient);

// True when the assignment's role grants `permission` (with implications, e.g. ReadWrite → Read).
bool AssignmentGrants(const RoleAssignment& assignment, std::string_view permission);

// The assignments of the Exchange service principal with Entra object id `app_object_id`.
std::vector<const RoleAssignment*> AssignmentsOf(const Tenant& tenant,
                                                 std::string_view app_object_id);

// True when the app (by AppId) has any role assignment at all.
bool HasRoleAssignments(const Tenant& tenant, std::string_view app_id);

// True when some assignment of the app (by AppId) grants `permission` on `recipient`.
bool RbacGrants(const Tenant& tenant, std::string_view app_id, const Recipient& recipient,
                std::string_view permission);

}  // namespace graphpost::sandbox::exchange
