#include "sandbox/exchange/internal/new_recipient.hpp"

#include "core/ascii.hpp"
#include "core/ids.hpp"
#include "sandbox/exchange/internal/recipient_lookup.hpp"
#include "sandbox/exchange/recipients.hpp"

namespace graphpost::sandbox::exchange::internal {
namespace {

std::string DefaultAlias(const CmdletArgs& args) {
  std::string primary = args.Get("PrimarySmtpAddress");
  if (AsciiIStartsWith(primary, "smtp:")) primary.erase(0, 5);
  std::size_t at = primary.find('@');
  if (at != std::string::npos && at > 0) return AliasFromName(primary.substr(0, at));
  return AliasFromName(args.Get("Name"));
}

// Adds alias@<initial domain> unless that is already the primary address or is taken.
void AddInitialDomainProxy(const Tenant& tenant, Recipient& r) {
  if (tenant.domains.empty()) return;
  std::string proxy = r.alias + "@" + tenant.domains.front();
  if (AsciiIEquals(proxy, r.primary_smtp_address)) return;
  if (CheckNewAddress(tenant, proxy, "", false)) r.secondary_smtp_addresses.push_back(proxy);
}

}  // namespace

Result<Recipient> DraftRecipient(CmdletContext& context, const CmdletArgs& args,
                                 RecipientType type) {
  const Tenant& tenant = context.tenant;
  Recipient r;
  r.type = type;
  std::string name = args.Get("Name");
  r.display_name = args.Find("DisplayName").value_or(name);
  r.alias = args.Find("Alias").value_or(DefaultAlias(args));
  if (auto ok = CheckAlias(r.alias); !ok) return Fail(ok.error());
  if (auto free = CheckNameAndAliasFree(tenant, name, r.alias, ""); !free) {
    return Fail(free.error());
  }
  if (type != RecipientType::kMailContact) {
    std::string wanted = args.Find("PrimarySmtpAddress")
                             .value_or(r.alias + "@" +
                                       (tenant.domains.empty() ? std::string("invalid.example")
                                                               : tenant.domains.front()));
    auto primary = CheckNewAddress(tenant, wanted, "", true);
    if (!primary) return Fail(primary.error());
    r.primary_smtp_address = *primary;
    AddInitialDomainProxy(tenant, r);
  }
  r.id = NewGuid(context.random);
  std::string cn = IsGroup(type) ? GroupCommonName(r.alias, context.now) : r.alias;
  r.distinguished_name = MakeDistinguishedName(tenant, cn);
  return r;
}

}  // namespace graphpost::sandbox::exchange::internal
