// sandbox/exchange/authorizer.hpp — decides whether an app-only Graph call may use a mailbox, the
// way Exchange Online does (protocol.md §6.3): the Entra grant from the token, narrowed by
// Application Access Policies, united with Exchange RBAC for Applications. Exchange applies
// changes only after a propagation delay, so the Authorizer keeps each tenant's pending Exchange
// views and answers from the newest one that has become visible. Graph's view only moves forward:
// a change becomes visible at its own time plus the delay in force when it was made (or sooner,
// if the delay is lowered), and once visible it stays visible whatever the delay becomes later.
// Not thread-safe; call under World::mu. One per sandbox (holds per-tenant history).
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/state/tenant.hpp"

namespace graphpost::sandbox::exchange {

enum class Denial {
  kNone,
  kNoPermissionsInToken,  // token has no roles and the app has no RBAC assignment at all → 401
                          // NoPermissionsInAccessToken
  kAccessDenied,  // 403 ErrorAccessDenied "Access is denied. Check credentials and try again."
  kAccessPolicy,  // 403 ErrorAccessDenied "Access to OData is disabled: [RAOP] : Blocked by tenant
                  // configured AppOnly AccessPolicy settings."
};

struct AccessRequest {
  std::vector<std::string> token_roles;  // from the access token's roles claim
  std::string app_id;                    // token appid
  std::string mailbox_id;                // Recipient.id of the target mailbox
  std::string permission;  // "Mail.Send", "Mail.ReadWrite", "Mail.Read", "User.Read.All"
};

struct AccessDecision {
  Denial denial = Denial::kNone;
  bool allowed() const { return denial == Denial::kNone; }
};

class Authorizer {
 public:
  // Records the tenant's current Exchange view, changed at `now` while the propagation delay is
  // `delay`: it becomes visible to Graph at now + delay (at once with 0, e.g. the state as loaded).
  // Called after every change that affects authorization (recipients, memberships, scopes, role
  // assignments, policies, service principals) and once per tenant at load. A snapshot at the same
  // instant as the newest replaces it.
  void Snapshot(const Tenant& tenant, WallTime now, std::chrono::seconds delay);

  // Makes visible, for good, every snapshot due at `now` under the current `delay`. Authorize does
  // this itself; call it for every tenant just before the delay setting changes, so a longer
  // delay can never hide what the shorter one had already shown.
  void Settle(const Tenant& live, WallTime now, std::chrono::seconds delay);

  // Decides as Exchange combines grants (Entra roles narrowed by access policies, plus RBAC
  // scopes; docs/architecture.md, "A Graph request through the sandbox") using Graph's current
  // view of the tenant: the newest snapshot that has become visible (Settle), else the oldest
  // one; the live tenant when there is none. With delay 0: live. Entra grants come from
  // request.token_roles and so are never delayed.
  AccessDecision Authorize(const Tenant& live, WallTime now, std::chrono::seconds delay,
                           const AccessRequest& request);

  void Forget(std::string_view tenant_id);  // tenant deleted

 private:
  struct TimedView {
    WallTime at;   // when the change was made
    WallTime due;  // at + the delay in force then
    Tenant view;   // the tenant without app registrations (no secrets are copied)
  };
  // history_[tenant]: front() is what Graph sees now (or, before anything became visible, the
  // oldest view); the rest are pending, oldest first.
  std::map<std::string, std::vector<TimedView>, std::less<>> history_;  // by lower-case tenant id
};

// The decision on one view, without history: exposed for tests and for callers that need the live
// answer. `recipient` is the target mailbox as seen in `view` (or live when the view lacks it).
AccessDecision Decide(const Tenant& view, const Recipient& recipient, const AccessRequest& request);

}  // namespace graphpost::sandbox::exchange
