#include "sandbox/state/tenant.hpp"

#include <algorithm>

#include "core/ascii.hpp"

namespace graphpost::sandbox {
namespace {

struct TypeName {
  RecipientType type;
  std::string_view name;
};
constexpr TypeName kTypeNames[] = {
    {RecipientType::kUserMailbox, "UserMailbox"},
    {RecipientType::kSharedMailbox, "SharedMailbox"},
    {RecipientType::kUser, "User"},
    {RecipientType::kMailUniversalDistributionGroup, "MailUniversalDistributionGroup"},
    {RecipientType::kMailUniversalSecurityGroup, "MailUniversalSecurityGroup"},
    {RecipientType::kMailContact, "MailContact"},
};

template <class Vec, class Pred>
auto FindIn(Vec& v, Pred pred) -> decltype(&v[0]) {
  auto it = std::find_if(v.begin(), v.end(), pred);
  return it == v.end() ? nullptr : &*it;
}

}  // namespace

std::string_view RecipientTypeName(RecipientType type) {
  for (const auto& t : kTypeNames) {
    if (t.type == type) return t.name;
  }
  return "User";
}

std::optional<RecipientType> ParseRecipientType(std::string_view name) {
  for (const auto& t : kTypeNames) {
    if (AsciiIEquals(t.name, name)) return t.type;
  }
  return std::nullopt;
}

bool HasMailbox(RecipientType type) {
  return type == RecipientType::kUserMailbox || type == RecipientType::kSharedMailbox;
}

bool IsGroup(RecipientType type) {
  return type == RecipientType::kMailUniversalDistributionGroup ||
         type == RecipientType::kMailUniversalSecurityGroup;
}

const Application* Tenant::FindApplication(std::string_view app_id) const {
  return FindIn(applications, [&](const Application& a) { return AsciiIEquals(a.app_id, app_id); });
}
Application* Tenant::FindApplication(std::string_view app_id) {
  return FindIn(applications, [&](const Application& a) { return AsciiIEquals(a.app_id, app_id); });
}
const ServicePrincipal* Tenant::FindServicePrincipalByAppId(std::string_view app_id) const {
  return FindIn(service_principals,
                [&](const ServicePrincipal& s) { return AsciiIEquals(s.app_id, app_id); });
}
ServicePrincipal* Tenant::FindServicePrincipalByAppId(std::string_view app_id) {
  return FindIn(service_principals,
                [&](const ServicePrincipal& s) { return AsciiIEquals(s.app_id, app_id); });
}
const Recipient* Tenant::FindRecipient(std::string_view object_id) const {
  return FindIn(recipients, [&](const Recipient& r) { return AsciiIEquals(r.id, object_id); });
}
Recipient* Tenant::FindRecipient(std::string_view object_id) {
  return FindIn(recipients, [&](const Recipient& r) { return AsciiIEquals(r.id, object_id); });
}

const Recipient* Tenant::ResolveRecipient(std::string_view identifier) const {
  return FindIn(recipients, [&](const Recipient& r) {
    if (AsciiIEquals(r.id, identifier) || AsciiIEquals(r.primary_smtp_address, identifier)) {
      return true;
    }
    if (!r.user_principal_name.empty() && AsciiIEquals(r.user_principal_name, identifier)) {
      return true;
    }
    return std::any_of(r.secondary_smtp_addresses.begin(), r.secondary_smtp_addresses.end(),
                       [&](const std::string& a) { return AsciiIEquals(a, identifier); });
  });
}

bool Tenant::HasDomain(std::string_view domain) const {
  return std::any_of(domains.begin(), domains.end(),
                     [&](const std::string& d) { return AsciiIEquals(d, domain); });
}

}  // namespace graphpost::sandbox
