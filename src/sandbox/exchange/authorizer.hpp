// sandbox/exchange/authorizer.hpp — decides whether an app-only Graph call may use a mailbox, the
// way Exchange Online does (protocol.md §6.3): the Entra grant from the token, narrowed by
// Application Access Policies, united with Exchange RBAC for Applications. Exchange applies
// changes only after a propagation delay, so the Authorizer keeps a timed history of each tenant's
// Exchange view and answers from the view that was current `delay` ago.
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
  // Records the tenant's current Exchange view at `now`. Called after every change that affects
  // authorization (recipients, memberships, scopes, role assignments, policies, service principals)
  // and once per tenant at load. A snapshot at the same instant as the newest replaces it.
  void Snapshot(const Tenant& tenant, WallTime now);

  // Decides per protocol.md §6.3 using the newest snapshot taken at or before now - delay (the
  // oldest snapshot when all are newer; the live tenant when there is none). With delay 0: live.
  // Entra grants come from request.token_roles and so are never delayed.
  AccessDecision Authorize(const Tenant& live, WallTime now, std::chrono::seconds delay,
                           const AccessRequest& request) const;

  void Forget(std::string_view tenant_id);  // tenant deleted

 private:
  struct TimedView {
    WallTime at;
    Tenant view;  // the tenant without app registrations (no secrets are copied)
  };
  const Tenant& ViewAt(const Tenant& live, WallTime at) const;
  void Prune(std::vector<TimedView>& history, WallTime now);

  std::map<std::string, std::vector<TimedView>, std::less<>> history_;  // by lower-case tenant id
};

// The decision on one view, without history: exposed for tests and for callers that need the live
// answer. `recipient` is the target mailbox as seen in `view` (or live when the view lacks it).
AccessDecision Decide(const Tenant& view, const Recipient& recipient, const AccessRequest& request);

}  // namespace graphpost::sandbox::exchange
