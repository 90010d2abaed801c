#include "sandbox/exchange/authorizer.hpp"

#include <algorithm>

#include "core/ascii.hpp"
#include "sandbox/exchange/access_policy.hpp"
#include "sandbox/exchange/application_roles.hpp"
#include "sandbox/exchange/rbac.hpp"

namespace graphpost::sandbox::exchange {
namespace {

// Pending views beyond this many are merged into their successors (the oldest pending one is
// dropped), which bounds memory under a flood of admin changes with a long delay.
constexpr std::size_t kMaxSnapshotsPerTenant = 4096;

}  // namespace

AccessDecision Decide(const Tenant& view, const Recipient& recipient,
                      const AccessRequest& request) {
  bool entra = AnyPermissionImplies(request.token_roles, request.permission);
  bool entra_effective = entra && (!AccessPolicyGoverns(request.permission) ||
                                   AccessPoliciesAllow(view, request.app_id, recipient));
  if (entra_effective || RbacGrants(view, request.app_id, recipient, request.permission)) {
    return {};
  }
  if (entra) return {Denial::kAccessPolicy};
  if (request.token_roles.empty() && !HasRoleAssignments(view, request.app_id)) {
    return {Denial::kNoPermissionsInToken};
  }
  return {Denial::kAccessDenied};
}

void Authorizer::Snapshot(const Tenant& tenant, WallTime now, std::chrono::seconds delay) {
  auto& history = history_[AsciiLower(tenant.id)];
  TimedView entry{now, now + std::max(delay, std::chrono::seconds{0}), tenant};
  entry.view.applications.clear();
  if (!history.empty() && history.back().at >= now) {
    // Same instant (or a clock that stood still): the newer view replaces the newest one, keeping
    // the earlier of the two due times so nothing already visible is pushed back.
    history.back().view = std::move(entry.view);
    history.back().due = std::min(history.back().due, entry.due);
  } else {
    history.push_back(std::move(entry));
  }
  if (history.size() > kMaxSnapshotsPerTenant) history.erase(history.begin() + 1);
  Settle(tenant, now, delay);
}

void Authorizer::Settle(const Tenant& live, WallTime now, std::chrono::seconds delay) {
  auto it = history_.find(AsciiLower(live.id));
  if (it == history_.end()) return;
  auto& history = it->second;
  // A lowered delay brings pending changes forward; a raised one never delays them past the due
  // time they were given.
  auto visible = [&](const TimedView& v) { return std::min(v.due, v.at + delay) <= now; };
  std::size_t newest = 0;
  for (std::size_t i = 1; i < history.size(); ++i) {
    if (visible(history[i])) newest = i;
  }
  // Everything older than the newest visible view can never be shown again.
  history.erase(history.begin(), history.begin() + static_cast<std::ptrdiff_t>(newest));
}

AccessDecision Authorizer::Authorize(const Tenant& live, WallTime now, std::chrono::seconds delay,
                                     const AccessRequest& request) {
  Settle(live, now, delay);
  auto it = history_.find(AsciiLower(live.id));
  bool live_view = delay.count() <= 0 || it == history_.end() || it->second.empty();
  const Tenant& view = live_view ? live : it->second.front().view;
  // A mailbox created after the snapshot is judged with its live properties but the old
  // memberships, scopes and assignments.
  const Recipient* recipient = view.FindRecipient(request.mailbox_id);
  if (recipient == nullptr) recipient = live.FindRecipient(request.mailbox_id);
  if (recipient != nullptr) return Decide(view, *recipient, request);
  Recipient unknown;
  unknown.id = request.mailbox_id;
  return Decide(view, unknown, request);
}

void Authorizer::Forget(std::string_view tenant_id) { history_.erase(AsciiLower(tenant_id)); }

}  // namespace graphpost::sandbox::exchange
