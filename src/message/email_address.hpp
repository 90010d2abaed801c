// message/email_address.hpp — the check the gateway applies to every e-mail address it accepts
// (docs/gateway.md, "Addresses"): a dot-atom local part, '@', a domain of at least two labels,
// within SMTP's length limits. Stricter than RFC 5322 on purpose: no quoted local parts, no
// domain literals, no comments or display names inside the address. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace graphpost::message {

inline constexpr std::size_t kMaxAddressLength = 254;  // RFC 5321 path (256) minus "<>"
inline constexpr std::size_t kMaxLocalPartLength = 64;
inline constexpr std::size_t kMaxDomainLength = 253;
inline constexpr std::size_t kMaxLabelLength = 63;

// nullopt when `address` is acceptable; otherwise what is wrong with it, in words that do not
// repeat the address (so a pasted secret is never echoed back).
// Accepts UTF-8 letters (bytes >= 0x80) in both parts, as Exchange Online does for EAI addresses;
// refuses spaces, control characters, and anything beyond the length limits above.
std::optional<std::string> AddressProblem(std::string_view address);

}  // namespace graphpost::message
