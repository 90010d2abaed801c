// IP addresses and CIDR ranges; see cidr.hpp.
#include "smtp/access/cidr.hpp"

#include <algorithm>
#include <charconv>

#include <arpa/inet.h>

namespace graphpost::smtp::access {
namespace {

constexpr std::array<std::uint8_t, 12> kMappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
constexpr std::size_t kMaxAddressText = 64;  // INET6_ADDRSTRLEN is 46; a zone adds a little

std::optional<IpAddress> ParseV4(const std::string& text) {
  std::array<std::uint8_t, 4> v4{};
  if (inet_pton(AF_INET, text.c_str(), v4.data()) != 1) return std::nullopt;
  IpAddress address;
  std::copy(kMappedPrefix.begin(), kMappedPrefix.end(), address.bytes.begin());
  std::copy(v4.begin(), v4.end(), address.bytes.begin() + 12);
  return address;
}

std::optional<IpAddress> ParseV6(const std::string& text) {
  IpAddress address;
  if (inet_pton(AF_INET6, text.c_str(), address.bytes.data()) != 1) return std::nullopt;
  return address;
}

// The prefix length after '/', 0..max. nullopt for anything that is not a plain decimal number.
std::optional<int> ParsePrefix(std::string_view text, int max) {
  int value = -1;
  if (text.empty() || text.size() > 3 || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0 || value > max) {
    return std::nullopt;
  }
  return value;
}

IpAddress Masked(const IpAddress& address, int prefix) {
  IpAddress out = address;
  for (int i = 0; i < 16; ++i) {
    const int bits = std::clamp(prefix - i * 8, 0, 8);
    const auto mask = static_cast<std::uint8_t>(bits == 0 ? 0 : 0xff << (8 - bits));
    out.bytes[static_cast<std::size_t>(i)] &= mask;
  }
  return out;
}

std::string Format(const IpAddress& address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address.IsV4()) {
    inet_ntop(AF_INET, address.bytes.data() + 12, text, sizeof text);
  } else {
    inet_ntop(AF_INET6, address.bytes.data(), text, sizeof text);
  }
  return text;
}

Error Invalid(std::string_view text, std::string why) {
  return Error{.code = ErrorCode::kInvalidArgument,
               .message = "'" + std::string(text) + "' is not an address range: " + why,
               .retry_after = std::nullopt,
               .remote_code = ""};
}

}  // namespace

bool IpAddress::IsV4() const {
  return std::equal(kMappedPrefix.begin(), kMappedPrefix.end(), bytes.begin());
}

bool IpAddress::IsLoopback() const {
  if (IsV4()) return bytes[12] == 127;
  for (std::size_t i = 0; i < 15; ++i) {
    if (bytes[i] != 0) return false;
  }
  return bytes[15] == 1;
}

std::optional<IpAddress> ParseIpAddress(std::string_view text) {
  if (text.size() > kMaxAddressText) return std::nullopt;
  if (auto zone = text.find('%'); zone != std::string_view::npos) {
    if (text.find(':') == std::string_view::npos) return std::nullopt;  // zones are IPv6 only
    text = text.substr(0, zone);
  }
  const std::string owned(text);
  if (owned.find(':') != std::string::npos) return ParseV6(owned);
  return ParseV4(owned);
}

bool Cidr::Contains(const IpAddress& address) const { return Masked(address, prefix) == network; }

Result<Cidr> ParseCidr(std::string_view text) {
  const auto slash = text.find('/');
  const std::string_view host = text.substr(0, slash);
  if (host.find('%') != std::string_view::npos) return Fail(Invalid(text, "a zone is not allowed"));
  auto address = ParseIpAddress(host);
  if (!address) return Fail(Invalid(text, "not an IPv4 or IPv6 address"));
  // An IPv4 range counts its prefix over 32 bits; stored over the 16-byte mapped form.
  const bool v4_text = host.find(':') == std::string_view::npos;
  const int max = v4_text ? 32 : 128;
  int prefix = max;
  if (slash != std::string_view::npos) {
    auto parsed = ParsePrefix(text.substr(slash + 1), max);
    if (!parsed) {
      return Fail(Invalid(text, "the prefix length must be 0 to " + std::to_string(max)));
    }
    prefix = *parsed;
  }
  const int stored_prefix = v4_text ? prefix + 96 : prefix;
  // Host bits are dropped, as ip(8), nftables and Postfix's mynetworks do: "10.1.2.3/8" is
  // 10.0.0.0/8, and the text says so in logs and principals.
  const IpAddress network = Masked(*address, stored_prefix);
  std::string written(text);
  if (!(network == *address)) written = Format(network) + "/" + std::to_string(prefix);
  return Cidr{.network = network, .prefix = stored_prefix, .text = std::move(written)};
}

}  // namespace graphpost::smtp::access
