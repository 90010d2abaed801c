// sandbox/exchange/application_roles.hpp — Exchange Online's application roles (RBAC for
// Applications, protocol.md §6.1) and the Graph permissions each grants, plus the implication
// rules between permissions (Mail.ReadWrite implies Mail.Read, never Mail.Send). Constant data and
// pure functions; thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace graphpost::sandbox::exchange {

struct ApplicationRole {
  std::string_view name;                      // "Application Mail.Send"
  std::vector<std::string_view> permissions;  // {"Mail.Send"}
  std::string_view description;
};

// Every application role, in Get-ManagementRole order.
std::span<const ApplicationRole> ApplicationRoles();

// The role called `name` (case-insensitive); nullptr when there is none.
const ApplicationRole* FindApplicationRole(std::string_view name);

// True when holding `granted` gives `wanted`: equal names (case-insensitive), X.ReadWrite → X.Read,
// Mail.Read → Mail.ReadBasic(.All), Calendars/Contacts/MailboxSettings likewise.
bool PermissionImplies(std::string_view granted, std::string_view wanted);

// True when any of `granted` implies `wanted`.
bool AnyPermissionImplies(std::span<const std::string> granted, std::string_view wanted);
bool AnyPermissionImplies(std::span<const std::string_view> granted, std::string_view wanted);

// True for the permissions Application Access Policies constrain (protocol.md §6.3).
bool AccessPolicyGoverns(std::string_view permission);

}  // namespace graphpost::sandbox::exchange
