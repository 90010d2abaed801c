// Address-range access rules; see range_access_policy.hpp.
#include "smtp/access/range_access_policy.hpp"

namespace graphpost::smtp::access {

std::optional<Principal> RangeAccessPolicy::Anonymous(const Peer& peer) {
  auto address = ParseIpAddress(peer.address);
  if (!address) return std::nullopt;
  const RangeRule* best = nullptr;
  for (const auto& rule : rules_) {
    if (rule.range.Contains(*address) && (!best || rule.range.prefix > best->range.prefix)) {
      best = &rule;
    }
  }
  if (!best) return std::nullopt;
  return Principal{.kind = Principal::Kind::kRange,
                   .name = best->range.text,
                   .connections = best->connections,
                   .senders = best->senders};
}

bool RangeAccessPolicy::AuthWithoutTls(const Peer& peer) {
  if (peer.loopback) return true;
  auto address = ParseIpAddress(peer.address);
  if (!address) return false;
  if (address->IsLoopback()) return true;
  for (const auto& range : auth_without_tls_) {
    if (range.Contains(*address)) return true;
  }
  return false;
}

}  // namespace graphpost::smtp::access
