// smtp/access/range_access_policy.hpp — which clients may submit without AUTH, and to whom AUTH is
// offered before TLS, decided by address ranges from the configuration (docs/smtp.md, "Accounts
// and who may submit"). Built from plain values by the gateway's composition root. Immutable after
// construction; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "smtp/access/cidr.hpp"
#include "smtp/smtp_ports.hpp"

namespace graphpost::smtp::access {

// Clients in `range` may submit without AUTH, through `connections`, as `senders` allow (the
// fields of smtp::Principal).
struct RangeRule {
  Cidr range;
  std::vector<std::string> connections;
  std::vector<std::string> senders;
};

class RangeAccessPolicy final : public AccessPolicy {
 public:
  // `rules`: the unauthenticated ranges; `auth_without_tls`: ranges (besides loopback) where
  // AUTH is offered on a plain connection, for old devices that cannot do TLS.
  RangeAccessPolicy(std::vector<RangeRule> rules, std::vector<Cidr> auth_without_tls)
      : rules_(std::move(rules)), auth_without_tls_(std::move(auth_without_tls)) {}

  // The principal (kind kRange, name = the range as configured) of the most specific rule whose
  // range holds the peer's address (the first such rule on a tie); nullopt when none does or the
  // address does not parse.
  std::optional<Principal> Anonymous(const Peer& peer) override;
  // True on loopback (peer.loopback, 127.0.0.0/8, ::1) or in one of `auth_without_tls`.
  bool AuthWithoutTls(const Peer& peer) override;

 private:
  const std::vector<RangeRule> rules_;
  const std::vector<Cidr> auth_without_tls_;
};

}  // namespace graphpost::smtp::access
