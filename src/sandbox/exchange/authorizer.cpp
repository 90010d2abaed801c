#include "sandbox/exchange/authorizer.hpp"

#include <algorithm>

#include "core/ascii.hpp"
#include "sandbox/exchange/access_policy.hpp"
#include "sandbox/exchange/application_roles.hpp"
#include "sandbox/exchange/rbac.hpp"

namespace graphpost::sandbox::exchange {
namespace {

// Exchange's cache keeps a grant at most ~2 h; history beyond a day can never be asked for by a
// sane propagation delay, so it is dropped to bound memory.
constexpr auto kMaxHistoryAge = std::chrono::hours{48};
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

void Authorizer::Snapshot(const Tenant& tenant, WallTime now) {
  auto& history = history_[AsciiLower(tenant.id)];
  TimedView entry{now, tenant};
  entry.view.applications.clear();
  auto pos = std::upper_bound(history.begin(), history.end(), now,
                              [](WallTime t, const TimedView& v) { return t < v.at; });
  if (pos != history.begin() && std::prev(pos)->at == now) {
    std::prev(pos)->view = std::move(entry.view);
  } else {
    history.insert(pos, std::move(entry));
  }
  Prune(history, now);
}

// Drops snapshots that no delay up to kMaxHistoryAge can reach: those followed by a snapshot that
// is itself older than now - kMaxHistoryAge.
void Authorizer::Prune(std::vector<TimedView>& history, WallTime now) {
  std::size_t drop = 0;
  while (drop + 1 < history.size() && history[drop + 1].at <= now - kMaxHistoryAge) ++drop;
  if (history.size() - drop > kMaxSnapshotsPerTenant) {
    drop = history.size() - kMaxSnapshotsPerTenant;
  }
  history.erase(history.begin(), history.begin() + static_cast<std::ptrdiff_t>(drop));
}

const Tenant& Authorizer::ViewAt(const Tenant& live, WallTime at) const {
  auto it = history_.find(AsciiLower(live.id));
  if (it == history_.end() || it->second.empty()) return live;
  const auto& history = it->second;
  auto pos = std::upper_bound(history.begin(), history.end(), at,
                              [](WallTime t, const TimedView& v) { return t < v.at; });
  if (pos == history.begin()) return history.front().view;
  return std::prev(pos)->view;
}

AccessDecision Authorizer::Authorize(const Tenant& live, WallTime now, std::chrono::seconds delay,
                                     const AccessRequest& request) const {
  const Tenant& view = delay.count() <= 0 ? live : ViewAt(live, now - delay);
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
