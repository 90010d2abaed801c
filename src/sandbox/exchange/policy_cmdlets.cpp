// Application Access Policies: New-/Get-/Set-/Remove-ApplicationAccessPolicy and
// Test-ApplicationAccessPolicy (protocol.md §6.3). Like Exchange, New- with several AppIds
// creates one policy per AppId.
#include <algorithm>
#include <cstdint>

#include "core/ascii.hpp"
#include "core/ids.hpp"
#include "sandbox/exchange/access_policy.hpp"
#include "sandbox/exchange/internal/cmdlet_records.hpp"
#include "sandbox/exchange/internal/cmdlet_registry.hpp"
#include "sandbox/exchange/internal/recipient_lookup.hpp"
#include "sandbox/exchange/recipients.hpp"

namespace graphpost::sandbox::exchange::internal {
namespace {

constexpr std::size_t kMaxPolicies = 300;  // Exchange runs out of space at about this many

std::string JoinAppIds(const ApplicationAccessPolicy& p) {
  std::string out;
  for (const std::string& id : p.app_ids) out += (out.empty() ? "" : ",") + id;
  return out;
}

// A stable, SID-shaped string for a recipient (Exchange prints the mailbox's security identifier).
std::string FakeSid(std::string_view id) {
  std::uint64_t h = 1469598103934665603ull;
  for (char ch : AsciiLower(id)) h = (h ^ static_cast<unsigned char>(ch)) * 1099511628211ull;
  return "S-1-5-21-" + std::to_string(1000000000 + h % 1000000000) + "-" +
         std::to_string(1000000000 + (h >> 20) % 1000000000) + "-" +
         std::to_string(1000000000 + (h >> 40) % 1000000000) + "-" +
         std::to_string(1000 + h % 90000);
}

// "<tenant id>\<app id>:<scope SID>;<scope id>", the shape of Exchange's policy identities.
std::string PolicyIdentity(const Tenant& t, const ApplicationAccessPolicy& p) {
  return t.id + "\\" + JoinAppIds(p) + ":" + FakeSid(p.scope_group_id) + ";" + p.scope_group_id;
}

boost::json::object PolicyRecord(const Tenant& t, const ApplicationAccessPolicy& p) {
  const Recipient* scope = t.FindRecipient(p.scope_group_id);
  boost::json::object o;
  o["Identity"] = PolicyIdentity(t, p);
  o["Guid"] = p.id;
  o["AppId"] = JoinAppIds(p);
  o["ScopeName"] = scope ? std::string(ExchangeName(*scope)) : p.scope_group_id;
  o["ScopeIdentity"] = scope ? std::string(ExchangeName(*scope)) : p.scope_group_id;
  o["ScopeIdentityRaw"] = FakeSid(p.scope_group_id) + ";" + p.scope_group_id;
  o["Description"] = p.description;
  o["AccessRight"] = p.access_right == AccessRight::kDenyAccess ? "DenyAccess" : "RestrictAccess";
  o["ShardType"] = "All";
  o["IsValid"] = scope != nullptr;
  return o;
}

const std::vector<std::string> kPolicyColumns = {"AppId", "ScopeName", "AccessRight",
                                                 "Description"};

Result<AccessRight> ParseAccessRight(std::string_view text) {
  if (AsciiIEquals(text, "RestrictAccess")) return AccessRight::kRestrictAccess;
  if (AsciiIEquals(text, "DenyAccess")) return AccessRight::kDenyAccess;
  return Fail(ErrorCode::kInvalidArgument,
              "Cannot bind parameter 'AccessRight'. Cannot convert value \"" + std::string(text) +
                  "\" to type \"Microsoft.Exchange.Data.ApplicationAccessPolicyAccessRight\". "
                  "Valid values are: RestrictAccess, DenyAccess.");
}

// The scope must be a security principal: UserMailbox, MailUser or MailUniversalSecurityGroup.
Result<std::string> ResolvePolicyScope(const Tenant& t, std::string_view identity) {
  auto id = ResolveRecipientId(t, identity, RecipientFilter::kAny);
  if (!id) return id;
  const Recipient& r = *t.FindRecipient(*id);
  if (r.type == RecipientType::kUserMailbox ||
      r.type == RecipientType::kMailUniversalSecurityGroup) {
    return id;
  }
  return Fail(ErrorCode::kInvalidArgument,
              "The PolicyScopeGroupId \"" + std::string(identity) + "\" is a " +
                  std::string(RecipientTypeName(r.type)) +
                  ". It must be a mail-enabled security group (MailUniversalSecurityGroup), a "
                  "UserMailbox or a MailUser. Put shared mailboxes into a mail-enabled security "
                  "group and use the group.");
}

Result<std::vector<std::string>> ParseAppIds(const CmdletArgs& args) {
  std::vector<std::string> ids = args.List("AppId");
  for (const std::string& id : ids) {
    if (id != "*" && !IsGuid(id)) {
      return Fail(ErrorCode::kInvalidArgument,
                  "Cannot bind parameter 'AppId'. The value \"" + id +
                      "\" isn't a valid application ID (a GUID) or \"*\".");
    }
  }
  if (ids.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "Cannot bind argument to parameter 'AppId' because it is an empty string.");
  }
  return ids;
}

Result<CmdletOutput> NewApplicationAccessPolicy(CmdletContext& c, const CmdletArgs& args) {
  auto right = ParseAccessRight(args.Get("AccessRight"));
  if (!right) return Fail(right.error());
  auto app_ids = ParseAppIds(args);
  if (!app_ids) return Fail(app_ids.error());
  auto scope = ResolvePolicyScope(c.tenant, args.Get("PolicyScopeGroupId"));
  if (!scope) return Fail(scope.error());
  auto& policies = c.tenant.exchange.access_policies;
  boost::json::array objects;
  for (const std::string& app : *app_ids) {
    if (policies.size() >= kMaxPolicies) {
      return Fail(ErrorCode::kFailedPrecondition,
                  "The total size of App Access Policies exceeded the limit.");
    }
    bool duplicate = std::any_of(policies.begin(), policies.end(), [&](const auto& p) {
      return p.app_ids.size() == 1 && AsciiIEquals(p.app_ids[0], app) &&
             AsciiIEquals(p.scope_group_id, *scope);
    });
    if (duplicate) {
      return Fail(ErrorCode::kAlreadyExists, "An application access policy for AppId \"" + app +
                                                 "\" and this PolicyScopeGroupId already exists.");
    }
    ApplicationAccessPolicy p{NewGuid(c.random), *right, {app}, *scope, args.Get("Description")};
    policies.push_back(p);
    objects.emplace_back(PolicyRecord(c.tenant, p));
  }
  return Table(kPolicyColumns, std::move(objects));
}

const ApplicationAccessPolicy* FindPolicy(const Tenant& t, std::string_view identity) {
  for (const ApplicationAccessPolicy& p : t.exchange.access_policies) {
    if (AsciiIEquals(p.id, identity) || AsciiIEquals(PolicyIdentity(t, p), identity)) return &p;
  }
  return nullptr;
}

Result<ApplicationAccessPolicy*> FindPolicyForChange(Tenant& t, std::string_view identity) {
  const ApplicationAccessPolicy* found = FindPolicy(t, identity);
  if (found == nullptr) return Fail(NotFoundOnServer(identity));
  auto& all = t.exchange.access_policies;
  return &all[static_cast<std::size_t>(found - all.data())];
}

Result<CmdletOutput> GetApplicationAccessPolicy(CmdletContext& c, const CmdletArgs& args) {
  boost::json::array objects;
  if (auto identity = args.Find("Identity")) {
    const ApplicationAccessPolicy* p = FindPolicy(c.tenant, *identity);
    if (p == nullptr) return Fail(NotFoundOnServer(*identity));
    objects.emplace_back(PolicyRecord(c.tenant, *p));
  } else {
    for (const auto& p : c.tenant.exchange.access_policies) {
      objects.emplace_back(PolicyRecord(c.tenant, p));
    }
  }
  return Table(kPolicyColumns, std::move(objects));
}

Result<CmdletOutput> SetApplicationAccessPolicy(CmdletContext& c, const CmdletArgs& args) {
  auto p = FindPolicyForChange(c.tenant, args.Get("Identity"));
  if (!p) return Fail(p.error());
  if (auto description = args.Find("Description")) (*p)->description = *description;
  return Nothing();
}

Result<CmdletOutput> RemoveApplicationAccessPolicy(CmdletContext& c, const CmdletArgs& args) {
  auto p = FindPolicyForChange(c.tenant, args.Get("Identity"));
  if (!p) return Fail(p.error());
  std::string id = (*p)->id;
  std::erase_if(c.tenant.exchange.access_policies,
                [&](const ApplicationAccessPolicy& x) { return x.id == id; });
  return Nothing();
}

// Evaluates the policies only, live (Graph may lag behind, protocol.md §6.3).
Result<CmdletOutput> TestApplicationAccessPolicy(CmdletContext& c, const CmdletArgs& args) {
  auto id = ResolveRecipientId(c.tenant, args.Get("Identity"), RecipientFilter::kAny);
  if (!id) return Fail(id.error());
  std::string app = args.Get("AppId");
  if (!IsGuid(app)) {
    return Fail(ErrorCode::kInvalidArgument, "Cannot bind parameter 'AppId'. The value \"" + app +
                                                 "\" isn't a valid application ID (a GUID).");
  }
  const Recipient& r = *c.tenant.FindRecipient(*id);
  boost::json::object o;
  o["AppId"] = app;
  o["Mailbox"] = ExchangeName(r);
  o["MailboxId"] = r.id;
  o["MailboxSid"] = FakeSid(r.id);
  o["AccessCheckResult"] = AccessPoliciesAllow(c.tenant, app, r) ? "Granted" : "Denied";
  return Table({"AppId", "Mailbox", "MailboxId", "MailboxSid", "AccessCheckResult"}, {o});
}

}  // namespace

std::vector<CmdletSpec> PolicyCmdletSpecs() {
  return {
      {"New-ApplicationAccessPolicy",
       {{"AccessRight", true}, {"AppId", true}, {"PolicyScopeGroupId", true}, {"Description"}},
       "",
       true,
       NewApplicationAccessPolicy},
      {"Get-ApplicationAccessPolicy",
       {{"Identity"}},
       "Identity",
       false,
       GetApplicationAccessPolicy},
      {"Set-ApplicationAccessPolicy",
       {{"Identity", true}, {"Description"}},
       "Identity",
       true,
       SetApplicationAccessPolicy},
      {"Remove-ApplicationAccessPolicy",
       {{"Identity", true}},
       "Identity",
       true,
       RemoveApplicationAccessPolicy},
      {"Test-ApplicationAccessPolicy",
       {{"Identity", true}, {"AppId", true}},
       "Identity",
       false,
       TestApplicationAccessPolicy},
  };
}

}  // namespace graphpost::sandbox::exchange::internal
