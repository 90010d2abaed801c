#include "sandbox/graph/fault_draw.hpp"

#include <algorithm>

#include "core/ascii.hpp"

namespace graphpost::sandbox::graph {
namespace {

bool Matches(const FaultRule& rule, const Tenant& tenant, const Recipient& mailbox) {
  bool tenant_ok = rule.tenant_id.empty() || AsciiIEquals(rule.tenant_id, tenant.id) ||
                   tenant.HasDomain(rule.tenant_id);
  bool mailbox_ok = rule.mailbox_id.empty() || AsciiIEquals(rule.mailbox_id, mailbox.id) ||
                    tenant.ResolveRecipient(rule.mailbox_id) == &mailbox;
  return tenant_ok && mailbox_ok;
}

// True with probability `rate` (0..1).
bool Hit(double rate, Random& random) {
  if (rate <= 0) return false;
  if (rate >= 1) return true;
  constexpr std::uint64_t kScale = 1'000'000;
  return static_cast<double>(random.Uniform(0, kScale - 1)) < rate * kScale;
}

}  // namespace

FaultEffect DrawFaults(std::vector<FaultRule>& rules, const Tenant& tenant,
                       const Recipient& mailbox, Random& random) {
  FaultEffect effect;
  for (auto& rule : rules) {
    if (!Matches(rule, tenant, mailbox)) continue;
    if (rule.remaining_requests) --*rule.remaining_requests;
    effect.latency = std::max(effect.latency, rule.latency);
    if (!effect.error_status && Hit(rule.error_rate, random))
      effect.error_status = rule.error_status;
    if (Hit(rule.drop_rate, random)) effect.drop_connection = true;
  }
  std::erase_if(rules, [](const FaultRule& r) { return r.remaining_requests == 0u; });
  return effect;
}

}  // namespace graphpost::sandbox::graph
