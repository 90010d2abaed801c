// sandbox/exchange/access_policy.hpp — evaluation of Application Access Policies (protocol.md
// §6.3), which narrow an app's Entra-consented mail permissions to some mailboxes. Pure functions
// over a Tenant the caller keeps alive and locked.
#pragma once

#include <string_view>

#include "sandbox/state/tenant.hpp"

namespace graphpost::sandbox::exchange {

// True when the policy names `app_id` or "*".
bool PolicyAppliesToApp(const ApplicationAccessPolicy& policy, std::string_view app_id);

// True when `recipient` is the policy's scope recipient or a member of its scope group, nested
// groups included.
bool PolicyScopeContains(const Tenant& tenant, const ApplicationAccessPolicy& policy,
                         const Recipient& recipient);

// The policies' verdict for (app, mailbox): a matching DenyAccess denies; else a matching
// RestrictAccess grants; else any RestrictAccess policy for the app denies; else allowed.
bool AccessPoliciesAllow(const Tenant& tenant, std::string_view app_id, const Recipient& recipient);

}  // namespace graphpost::sandbox::exchange
