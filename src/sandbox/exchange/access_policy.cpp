#include "sandbox/exchange/access_policy.hpp"

#include <algorithm>

#include "core/ascii.hpp"
#include "sandbox/exchange/recipients.hpp"

namespace graphpost::sandbox::exchange {

bool PolicyAppliesToApp(const ApplicationAccessPolicy& policy, std::string_view app_id) {
  return std::any_of(policy.app_ids.begin(), policy.app_ids.end(),
                     [&](const std::string& id) { return id == "*" || AsciiIEquals(id, app_id); });
}

bool PolicyScopeContains(const Tenant& tenant, const ApplicationAccessPolicy& policy,
                         const Recipient& recipient) {
  if (AsciiIEquals(policy.scope_group_id, recipient.id)) return true;
  return IsTransitiveMember(tenant, policy.scope_group_id, recipient.id);
}

bool AccessPoliciesAllow(const Tenant& tenant, std::string_view app_id,
                         const Recipient& recipient) {
  bool restricted = false;
  bool restrict_match = false;
  for (const ApplicationAccessPolicy& p : tenant.exchange.access_policies) {
    if (!PolicyAppliesToApp(p, app_id)) continue;
    bool in_scope = PolicyScopeContains(tenant, p, recipient);
    if (p.access_right == AccessRight::kDenyAccess) {
      if (in_scope) return false;
    } else {
      restricted = true;
      restrict_match = restrict_match || in_scope;
    }
  }
  return !restricted || restrict_match;
}

}  // namespace graphpost::sandbox::exchange
