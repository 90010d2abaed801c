// Fuzzes the OPATH parser and evaluator: any input must parse or fail cleanly, and a parsed filter
// must evaluate without crashing against a small tenant.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sandbox/exchange/opath.hpp"
#include "sandbox/exchange/recipients.hpp"

namespace {

graphpost::sandbox::Tenant MakeFuzzTenant() {
  using graphpost::sandbox::Recipient;
  using graphpost::sandbox::RecipientType;
  graphpost::sandbox::Tenant t;
  t.id = "fuzz";
  t.domains = {"fuzz.onmicrosoft.com"};
  Recipient m;
  m.id = "m";
  m.alias = "mbx";
  m.primary_smtp_address = "mbx@fuzz.onmicrosoft.com";
  m.secondary_smtp_addresses = {"alias@fuzz.onmicrosoft.com"};
  t.recipients.push_back(m);
  Recipient g;
  g.id = "g";
  g.type = RecipientType::kMailUniversalSecurityGroup;
  g.alias = "grp";
  g.member_ids = {"m", "g"};
  g.distinguished_name = graphpost::sandbox::exchange::MakeDistinguishedName(t, "grp");
  t.recipients.push_back(g);
  return t;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const graphpost::sandbox::Tenant tenant = MakeFuzzTenant();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto filter = graphpost::sandbox::exchange::ParseOpath(text);
  if (filter) {
    for (const auto& r : tenant.recipients) {
      (void)graphpost::sandbox::exchange::Matches(*filter, tenant, r);
    }
  }
  return 0;
}
