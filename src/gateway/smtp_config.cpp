// The "smtp." settings: the listener's address and ports, TLS, limits, relay ranges. Same table
// kinds as gateway_config.cpp, so the file, the environment and --set take the same text.
#include <sstream>

#include "core/ascii.hpp"
#include "gateway/gateway_config.hpp"
#include "gateway/internal/setting_kinds.hpp"
#include "message/email_address.hpp"
#include "smtp/access/cidr.hpp"

namespace graphpost::gateway {
namespace {

using std::chrono::milliseconds;
using namespace internal;

std::string_view Trim(std::string_view s) { return TrimAscii(s); }

// The pieces between `sep`s, trimmed.
std::vector<std::string_view> Pieces(std::string_view s, char sep) {
  std::vector<std::string_view> parts = graphpost::Split(s, sep);
  for (auto& p : parts) p = TrimAscii(p);
  return parts;
}

// "10.0.0.0/8", "::1/128", "192.168.1.7" (one address): the access policy's own parser, so the
// configuration refuses what the listener would.
bool IsCidr(std::string_view text) { return smtp::access::ParseCidr(text).has_value(); }

std::string TomlArray(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + Quote(items[i]);
  return out + "]";
}

Setting RelaySetting() {
  return {"smtp.relay",
          [](GatewayConfig& c, std::string_view v) -> Status {
            auto ranges = ParseRelayRanges(v);
            if (!ranges) return Fail(ranges.error());
            c.smtp.relay = std::move(*ranges);
            return Ok();
          },
          [](const GatewayConfig& c) {
            std::string out = "[";
            for (std::size_t i = 0; i < c.smtp.relay.size(); ++i) {
              const auto& r = c.smtp.relay[i];
              out += std::string(i ? ", " : "") + "{ from = " + Quote(r.from) +
                     ", connections = " + TomlArray(r.connections) +
                     ", senders = " + TomlArray(r.senders) + " }";
            }
            return out + "]";
          }};
}

Setting AuthWithoutTlsSetting() {
  return {"smtp.auth_without_tls",
          [](GatewayConfig& c, std::string_view v) -> Status {
            std::vector<std::string> ranges;
            for (auto part : Pieces(v, ',')) {
              if (part.empty()) continue;
              if (!IsCidr(part)) {
                return Bad("smtp.auth_without_tls", v, "address ranges such as 10.0.0.0/8,::1/128");
              }
              ranges.emplace_back(part);
            }
            c.smtp.auth_without_tls = std::move(ranges);
            return Ok();
          },
          [](const GatewayConfig& c) { return TomlArray(c.smtp.auth_without_tls); }};
}

// A relay range's sender: an address or "@domain", checked as `smtp-account add --sender` checks
// it (smtp_account_routes.cpp), so "@" (no domain) is refused here as there.
Status CheckRelaySender(std::string_view from, std::string_view sender) {
  const std::string lower = AsciiLower(sender);
  const std::string as_address = lower.starts_with('@') ? "postmaster" + lower : lower;
  if (auto problem = message::AddressProblem(as_address)) {
    return Fail(ErrorCode::kInvalidArgument, "smtp.relay: the range " + std::string(from) +
                                                 " has sender '" + std::string(sender) +
                                                 "', not an address or @domain: " + *problem);
  }
  return Ok();
}

// RFC 1035 labels (letters, digits, inner hyphens; 1 to 63 each; 253 in all), at least one.
bool IsDomainName(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  for (auto label : graphpost::Split(name, '.')) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum && c != '-') return false;
    }
  }
  return true;
}

// RFC 5321 §4.1.3: "[192.0.2.1]" or "[IPv6:2001:db8::1]".
bool IsAddressLiteral(std::string_view text) {
  if (text.size() < 3 || text.front() != '[' || text.back() != ']') return false;
  std::string_view inside = text.substr(1, text.size() - 2);
  const bool v6 = inside.starts_with("IPv6:");
  if (v6) inside.remove_prefix(5);
  if (inside.find('%') != std::string_view::npos) return false;
  if (v6 != (inside.find(':') != std::string_view::npos)) return false;
  return smtp::access::ParseIpAddress(inside).has_value();
}

}  // namespace

Status ValidateSmtpConfig(const SmtpConfig& smtp) {
  if (smtp.max_message_bytes > kGraphMaxMessageBytes) {
    return Fail(ErrorCode::kInvalidArgument,
                "smtp.max_message_bytes is " + std::to_string(smtp.max_message_bytes) +
                    " bytes, above Graph's limit of 150MB (" +
                    std::to_string(kGraphMaxMessageBytes) + " bytes) per message");
  }
  if (!smtp.hostname.empty() && !IsDomainName(smtp.hostname) && !IsAddressLiteral(smtp.hostname)) {
    return Fail(ErrorCode::kInvalidArgument,
                "smtp.hostname '" + smtp.hostname +
                    "' is not a domain name (mail.contoso.com) or an address literal "
                    "([192.0.2.1], [IPv6:2001:db8::1])");
  }
  return Ok();
}

Result<std::vector<SmtpRelayRange>> ParseRelayRanges(std::string_view text) {
  std::vector<SmtpRelayRange> ranges;
  for (auto entry : Pieces(text, ';')) {
    if (entry.empty()) continue;
    const auto eq = entry.find('=');
    const std::string_view from = Trim(entry.substr(0, eq));
    if (!IsCidr(from)) {
      return Fail(ErrorCode::kInvalidArgument,
                  "smtp.relay: '" + std::string(from) +
                      "' is not an address range (expected CIDR=connection,... such as "
                      "10.0.0.0/8=printers)");
    }
    SmtpRelayRange range{.from = std::string(from), .connections = {}, .senders = {}};
    if (eq != std::string_view::npos) {
      for (auto item : Pieces(entry.substr(eq + 1), ',')) {
        if (item.empty()) continue;
        if (item.find('@') != std::string_view::npos) {
          if (auto ok = CheckRelaySender(from, item); !ok) return Fail(ok.error());
        }
        (item.find('@') != std::string_view::npos ? range.senders : range.connections)
            .emplace_back(item);
      }
    }
    if (range.connections.empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  "smtp.relay: the range " + range.from +
                      " names no connection (expected CIDR=connection,... such as "
                      "10.0.0.0/8=printers)");
    }
    ranges.push_back(std::move(range));
  }
  return ranges;
}

std::string FormatRelayRanges(const std::vector<SmtpRelayRange>& ranges) {
  std::string out;
  for (const auto& r : ranges) {
    if (!out.empty()) out += ";";
    out += r.from + "=";
    std::string items;
    for (const auto& c : r.connections) items += (items.empty() ? "" : ",") + c;
    for (const auto& s : r.senders) items += (items.empty() ? "" : ",") + s;
    out += items;
  }
  return out;
}

namespace internal {

std::vector<Setting> SmtpSettings() {
  using C = GatewayConfig;
  return {
      BoolSetting("smtp.enabled", [](C& c) -> bool& { return c.smtp.enabled; }),
      TextSetting("smtp.host", [](C& c) -> std::string& { return c.smtp.host; }, {}),
      IntSetting<std::uint16_t>(
          "smtp.port", [](C& c) -> std::uint16_t& { return c.smtp.port; }, 0, 65535),
      IntSetting<std::uint16_t>(
          "smtp.tls_port", [](C& c) -> std::uint16_t& { return c.smtp.tls_port; }, 0, 65535),
      TextSetting(
          "smtp.hostname", [](C& c) -> std::string& { return c.smtp.hostname; }, {}, true),
      PathSetting("smtp.tls_cert", [](C& c) -> std::filesystem::path& { return c.smtp.tls_cert; }),
      PathSetting("smtp.tls_key", [](C& c) -> std::filesystem::path& { return c.smtp.tls_key; }),
      TextSetting("smtp.min_tls_version",
                  [](C& c) -> std::string& { return c.smtp.min_tls_version; },
                  {"1.0", "1.1", "1.2", "1.3"}),
      SizeSetting(
          "smtp.max_message_bytes", [](C& c) { return c.smtp.max_message_bytes; },
          [](C& c, std::uint64_t n) { c.smtp.max_message_bytes = n; }, false),
      IntSetting<int>(
          "smtp.max_recipients", [](C& c) -> int& { return c.smtp.max_recipients; }, 1, 100000),
      DurationSetting("smtp.idle_timeout",
                      [](C& c) -> milliseconds& { return c.smtp.idle_timeout; }),
      DurationSetting("smtp.data_timeout",
                      [](C& c) -> milliseconds& { return c.smtp.data_timeout; }),
      IntSetting<std::size_t>(
          "smtp.max_connections", [](C& c) -> std::size_t& { return c.smtp.max_connections; }, 1,
          1000000),
      RelaySetting(),
      AuthWithoutTlsSetting(),
  };
}

}  // namespace internal
}  // namespace graphpost::gateway
