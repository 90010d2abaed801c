// The settings table: each key with its parser and printer, so the file, the environment and the
// flags cannot drift apart, and --check-config prints exactly what can be set.
#include "gateway/gateway_config.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <sstream>

#include "gateway/internal/setting_kinds.hpp"

namespace graphpost::gateway {
namespace {

using internal::Bad;
using internal::DurationSetting;
using internal::IntSetting;
using internal::ParseInt;
using internal::PathSetting;
using internal::Quote;
using internal::Setting;
using internal::SizeSetting;
using std::chrono::milliseconds;

std::vector<Setting> BaseSettings() {
  using C = GatewayConfig;
  return {
      PathSetting("data_dir", [](C& c) -> std::filesystem::path& { return c.data_dir; }),
      {"server.host",
       [](C& c, std::string_view v) -> Status {
         if (v.empty()) return Bad("server.host", v, "an address or host name");
         c.host = std::string(v);
         return Ok();
       },
       [](const C& c) { return Quote(c.host); }},
      IntSetting<std::uint16_t>(
          "server.port", [](C& c) -> std::uint16_t& { return c.port; }, 0, 65535),
      IntSetting<int>(
          "server.threads", [](C& c) -> int& { return c.threads; }, 1, 64),
      IntSetting<std::size_t>(
          "server.max_connections", [](C& c) -> std::size_t& { return c.max_connections; }, 1,
          1000000),
      PathSetting("server.tls_cert", [](C& c) -> std::filesystem::path& { return c.tls_cert; }),
      PathSetting("server.tls_key", [](C& c) -> std::filesystem::path& { return c.tls_key; }),
      SizeSetting(
          "server.max_message_bytes", [](C& c) { return c.max_message_bytes; },
          [](C& c, std::uint64_t n) { c.max_message_bytes = n; }, false),
      SizeSetting(
          "server.max_batch_bytes", [](C& c) { return c.max_batch_bytes; },
          [](C& c, std::uint64_t n) { c.max_batch_bytes = n; }, false),
      DurationSetting("server.shutdown_deadline",
                      [](C& c) -> milliseconds& { return c.shutdown_deadline; }),
      SizeSetting(
          "outbox.max_bytes", [](C& c) { return c.outbox_max_bytes; },
          [](C& c, std::uint64_t n) { c.outbox_max_bytes = n; }, true),
      IntSetting<int>(
          "lanes.max_in_flight",
          [](C& c) -> int& { return c.delivery.default_limits.max_in_flight; }, 1, 1000),
      IntSetting<int>(
          "lanes.messages_per_minute",
          [](C& c) -> int& { return c.delivery.default_limits.messages_per_minute; }, 0,
          1000000),  // 0: pacing off (LanePacer starts sends as soon as max_in_flight allows)
      IntSetting<std::int64_t>(
          "lanes.recipients_per_day",
          [](C& c) -> std::int64_t& { return c.delivery.default_limits.recipients_per_day; }, 1,
          1000000000),
      IntSetting<int>(
          "delivery.io_threads", [](C& c) -> int& { return c.delivery.io_threads; }, 1, 64),
      IntSetting<int>(
          "delivery.max_in_flight_total",
          [](C& c) -> int& { return c.delivery.max_in_flight_total; }, 1, 1000000),
      {"delivery.use_batch",
       [](C& c, std::string_view v) -> Status {
         if (v != "true" && v != "false") return Bad("delivery.use_batch", v, "true or false");
         c.delivery.use_batch = v == "true";
         return Ok();
       },
       [](const C& c) { return std::string(c.delivery.use_batch ? "true" : "false"); }},
      DurationSetting("delivery.lease", [](C& c) -> milliseconds& { return c.delivery.lease; }),
      DurationSetting("delivery.sent_items_delay",
                      [](C& c) -> milliseconds& { return c.delivery.sent_items_delay; }),
      DurationSetting("delivery.backoff_base",
                      [](C& c) -> milliseconds& { return c.delivery.backoff_base; }),
      DurationSetting("delivery.backoff_cap",
                      [](C& c) -> milliseconds& { return c.delivery.backoff_cap; }),
      DurationSetting("delivery.graph_timeout",
                      [](C& c) -> milliseconds& { return c.delivery.graph_timeout; }),
      SizeSetting(
          "delivery.max_request_bytes", [](C& c) { return c.delivery.max_request_bytes; },
          [](C& c, std::uint64_t n) { c.delivery.max_request_bytes = n; }, false),
      internal::BoolSetting("console.enabled", [](C& c) -> bool& { return c.console_enabled; }),
      DurationSetting("console.session_ttl",
                      [](C& c) -> milliseconds& { return c.console_session_ttl; }),
      IntSetting<int>(
          "console.login_attempts_per_minute",
          [](C& c) -> int& { return c.console_login_attempts_per_minute; }, 1, 1000000),
      {"log.format",
       [](C& c, std::string_view v) -> Status {
         if (v != "json" && v != "text") return Bad("log.format", v, "json or text");
         c.log_format = std::string(v);
         return Ok();
       },
       [](const C& c) { return Quote(c.log_format); }},
  };
}

const std::vector<Setting>& Settings() {
  static const std::vector<Setting> settings = [] {
    std::vector<Setting> all = BaseSettings();
    for (auto& s : internal::SmtpSettings()) all.push_back(std::move(s));
    return all;
  }();
  return settings;
}

// "connections.<name>.<limit>": a lane limit of one connection (the name may contain dots).
Status SetConnectionLimit(GatewayConfig& config, std::string_view key, std::string_view value) {
  std::string_view rest = key.substr(std::string_view("connections.").size());
  const auto dot = rest.rfind('.');
  if (dot == std::string_view::npos || dot == 0) {
    return Fail(ErrorCode::kInvalidArgument, "unknown setting '" + std::string(key) + "'");
  }
  const std::string name(rest.substr(0, dot));
  GatewayConfig scratch;
  scratch.delivery.default_limits = config.delivery.limits_by_connection.contains(name)
                                        ? config.delivery.limits_by_connection[name]
                                        : config.delivery.default_limits;
  const std::string lane_key = "lanes." + std::string(rest.substr(dot + 1));
  for (const Setting& s : Settings()) {
    if (s.key != lane_key) continue;
    if (auto set = s.set(scratch, value); !set) {
      return Fail(ErrorCode::kInvalidArgument,
                  std::string(key) + set.error().message.substr(lane_key.size()));
    }
    config.delivery.limits_by_connection[name] = scratch.delivery.default_limits;
    return Ok();
  }
  return Fail(ErrorCode::kInvalidArgument, "unknown setting '" + std::string(key) +
                                               "' (a connection takes max_in_flight, "
                                               "messages_per_minute, recipients_per_day)");
}

std::string TrimmedLower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

GatewayConfig DefaultConfig(std::filesystem::path data_dir) {
  GatewayConfig config;
  config.data_dir = std::move(data_dir);
  return config;
}

Status SetSetting(GatewayConfig& config, std::string_view key, std::string_view value) {
  if (key.starts_with("connections.")) return SetConnectionLimit(config, key, value);
  for (const Setting& s : Settings()) {
    if (s.key == key) return s.set(config, value);
  }
  return Fail(ErrorCode::kInvalidArgument, "unknown setting '" + std::string(key) + "'");
}

std::string EnvVarOf(std::string_view key) {
  std::string name = "GRAPHPOST_";
  for (char c : key) {
    name += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

Status ApplyEnvironment(
    GatewayConfig& config,
    const std::function<std::optional<std::string>(const std::string&)>& lookup) {
  for (const Setting& s : Settings()) {
    const std::string var = EnvVarOf(s.key);
    auto value = lookup(var);
    if (!value || value->empty()) continue;
    if (auto set = s.set(config, *value); !set) {
      return Fail(ErrorCode::kInvalidArgument,
                  "environment variable " + var + " (" + set.error().message + ")");
    }
  }
  return Ok();
}

Status ApplyAssignments(GatewayConfig& config, const std::vector<std::string>& assignments) {
  for (const std::string& a : assignments) {
    const auto eq = a.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Fail(ErrorCode::kInvalidArgument, "--set expects key=value, got '" + a + "'");
    }
    if (auto set = SetSetting(config, a.substr(0, eq), a.substr(eq + 1)); !set) {
      return Fail(ErrorCode::kInvalidArgument, "--set " + set.error().message);
    }
  }
  return Ok();
}

Status ValidateConfig(const GatewayConfig& config) {
  if (config.tls_cert.empty() != config.tls_key.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "server.tls_cert and server.tls_key go together: give both for HTTPS, or neither");
  }
  const SmtpConfig& smtp = config.smtp;
  if (smtp.tls_cert.empty() != smtp.tls_key.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "smtp.tls_cert and smtp.tls_key go together: give both, or neither (then SMTP "
                "uses server.tls_cert and server.tls_key)");
  }
  if (smtp.enabled && smtp.tls_port != 0 && smtp.tls_cert.empty() && config.tls_cert.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "smtp.tls_port needs a certificate: set smtp.tls_cert and smtp.tls_key (or "
                "server.tls_cert and server.tls_key)");
  }
  if (smtp.enabled && smtp.tls_port != 0 && smtp.tls_port == smtp.port) {
    return Fail(ErrorCode::kInvalidArgument, "smtp.port and smtp.tls_port must differ");
  }
  if (auto ok = ValidateSmtpConfig(smtp); !ok) return ok;
  if (config.data_dir.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "data_dir is empty");
  }
  const auto& d = config.delivery;
  if (d.backoff_base > d.backoff_cap) {
    return Fail(ErrorCode::kInvalidArgument,
                "delivery.backoff_base must not be longer than delivery.backoff_cap");
  }
  return Ok();
}

std::string RenderConfigToml(const GatewayConfig& config) {
  std::ostringstream out;
  out << "# graphpost serve: effective configuration (file, then GRAPHPOST_* variables, then "
         "flags)\n";
  std::string section;
  for (const Setting& s : Settings()) {
    const auto dot = s.key.find('.');
    const std::string this_section =
        dot == std::string_view::npos ? "" : std::string(s.key.substr(0, dot));
    if (this_section != section) {
      section = this_section;
      out << "\n[" << section << "]\n";
    }
    const auto name = dot == std::string_view::npos ? s.key : s.key.substr(dot + 1);
    out << name << " = " << s.show(config) << "\n";
  }
  for (const auto& [name, limits] : config.delivery.limits_by_connection) {
    out << "\n[connections." << Quote(name) << "]\n"
        << "max_in_flight = " << limits.max_in_flight << "\n"
        << "messages_per_minute = " << limits.messages_per_minute << "\n"
        << "recipients_per_day = " << limits.recipients_per_day << "\n";
  }
  return out.str();
}

std::vector<std::string_view> SettingKeys() {
  std::vector<std::string_view> keys;
  for (const Setting& s : Settings()) keys.push_back(s.key);
  return keys;
}

std::optional<milliseconds> ParseDuration(std::string_view text) {
  static constexpr std::pair<std::string_view, long long> kUnits[] = {
      {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}};
  long long unit = 1000;
  for (const auto& [suffix, factor] : kUnits) {
    if (text.size() > suffix.size() && text.ends_with(suffix)) {
      text.remove_suffix(suffix.size());
      unit = factor;
      break;
    }
  }
  auto n = ParseInt<long long>(TrimmedLower(text));
  if (!n || *n < 0 || *n > std::numeric_limits<long long>::max() / unit) return std::nullopt;
  return milliseconds(*n * unit);
}

std::string FormatDuration(milliseconds d) {
  const long long ms = d.count();
  if (ms == 0) return "0s";
  static constexpr std::pair<std::string_view, long long> kUnits[] = {
      {"d", 86'400'000}, {"h", 3'600'000}, {"m", 60'000}, {"s", 1000}};
  for (const auto& [suffix, factor] : kUnits) {
    if (ms % factor == 0) return std::to_string(ms / factor) + std::string(suffix);
  }
  return std::to_string(ms) + "ms";
}

}  // namespace graphpost::gateway
