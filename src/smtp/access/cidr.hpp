// smtp/access/cidr.hpp — IP addresses and CIDR ranges as the SMTP access rules name them
// ("10.0.0.0/8", "2001:db8::/32", "192.168.1.7"). Every address is kept as 16 bytes: IPv4 as
// IPv4-mapped IPv6 (::ffff:a.b.c.d), so an IPv4 range also matches a peer that a dual-stack
// socket reports as "::ffff:10.1.2.3". Pure value types and functions; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace graphpost::smtp::access {

struct IpAddress {
  std::array<std::uint8_t, 16> bytes{};  // network order; IPv4 as ::ffff:a.b.c.d
  bool IsV4() const;                     // IPv4, or IPv4-mapped IPv6
  bool IsLoopback() const;               // 127.0.0.0/8 or ::1
  friend bool operator==(const IpAddress&, const IpAddress&) = default;
};

// "10.1.2.3", "::1", "::ffff:10.1.2.3", "fe80::1%eth0" (the zone is dropped). nullopt for
// anything else (no leading zeros in IPv4 parts, no brackets, no port).
std::optional<IpAddress> ParseIpAddress(std::string_view text);

struct Cidr {
  IpAddress network;  // host bits zero
  int prefix = 128;   // over the 16-byte form: an IPv4 /8 is 104
  std::string text;   // as written in the configuration (host bits dropped), for logs, principals
  bool Contains(const IpAddress& address) const;
};

// "a.b.c.d/n" (n 0..32), "ipv6/n" (n 0..128), or a bare address (one host). kInvalidArgument,
// with a message that quotes the text and says what is wrong, for anything else. Host bits are
// masked off: "10.1.2.3/8" is 10.0.0.0/8, with `text` "10.0.0.0/8".
[[nodiscard]] Result<Cidr> ParseCidr(std::string_view text);

}  // namespace graphpost::smtp::access
