// sandbox/exchange/test_tenant.hpp — test-only builders for a small Exchange tenant (mailboxes,
// groups, service principals). Used by the exchange_test binary only.
#pragma once

#include <string>
#include <string_view>

#include "sandbox/exchange/recipients.hpp"
#include "sandbox/state/tenant.hpp"

namespace graphpost::sandbox::exchange::testing {

inline constexpr std::string_view kTenantId = "11111111-2222-3333-4444-555555555555";
inline constexpr std::string_view kAppId = "aaaaaaaa-0000-0000-0000-000000000001";
inline constexpr std::string_view kAppObjectId = "aaaaaaaa-0000-0000-0000-0000000000a1";
inline constexpr std::string_view kSpObjectId = "aaaaaaaa-0000-0000-0000-0000000000b1";

inline Tenant MakeTenant() {
  Tenant t;
  t.id = std::string(kTenantId);
  t.display_name = "Contoso";
  t.domains = {"contoso.onmicrosoft.com", "contoso.com"};
  return t;
}

inline Recipient& AddRecipient(Tenant& t, std::string id, RecipientType type, std::string alias,
                               std::string domain = "contoso.com") {
  Recipient r;
  r.id = std::move(id);
  r.type = type;
  r.alias = alias;
  r.display_name = alias;
  if (type != RecipientType::kUser) r.primary_smtp_address = alias + "@" + domain;
  if (type == RecipientType::kUserMailbox || type == RecipientType::kUser) {
    r.user_principal_name = alias + "@" + domain;
  }
  r.distinguished_name = MakeDistinguishedName(t, IsGroup(type) ? alias + "20261126090000" : alias);
  t.recipients.push_back(std::move(r));
  return t.recipients.back();
}

inline Recipient& AddMailbox(Tenant& t, std::string id, std::string alias) {
  return AddRecipient(t, std::move(id), RecipientType::kUserMailbox, std::move(alias));
}

inline Recipient& AddGroup(Tenant& t, std::string id, std::string alias,
                           RecipientType type = RecipientType::kMailUniversalSecurityGroup) {
  return AddRecipient(t, std::move(id), type, std::move(alias));
}

inline void AddMember(Tenant& t, std::string_view group_id, std::string member_id) {
  t.FindRecipient(group_id)->member_ids.push_back(std::move(member_id));
}

// The app's registration, its Entra service principal and (optionally) its Exchange pointer.
inline void AddApp(Tenant& t, bool exchange_pointer = true) {
  Application app;
  app.app_id = std::string(kAppId);
  app.object_id = std::string(kAppObjectId);
  app.display_name = "SlapFive Email Automation";
  t.applications.push_back(app);
  ServicePrincipal sp;
  sp.app_id = std::string(kAppId);
  sp.object_id = std::string(kSpObjectId);
  sp.display_name = app.display_name;
  t.service_principals.push_back(sp);
  if (exchange_pointer) {
    t.exchange.service_principals.push_back(
        {"eeeeeeee-0000-0000-0000-000000000001", sp.app_id, sp.object_id, sp.display_name});
  }
}

}  // namespace graphpost::sandbox::exchange::testing
