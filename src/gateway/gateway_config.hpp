// gateway/gateway_config.hpp — the configuration of `graphpost serve`: one value type, and one
// table of settings ("server.port", "delivery.shutdown_deadline", ...) through which the TOML
// file, the GRAPHPOST_* environment variables and the command line's flags all set it, in that
// order (flags win). docs/gateway.md, "Running the gateway", lists every setting. Pure functions
// over values; the file is read by gateway/config_file.cpp. Thread-compatible.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "delivery/delivery_engine.hpp"

namespace graphpost::gateway {

// An address range whose clients may submit over SMTP without AUTH (docs/smtp.md, "Running the
// listener"), and what they may send through.
struct SmtpRelayRange {
  std::string from;                      // CIDR ("10.1.0.0/16", "::1/128"), or one address
  std::vector<std::string> connections;  // at least one
  std::vector<std::string> senders;      // extra sender addresses or "@domain"s
  friend bool operator==(const SmtpRelayRange&, const SmtpRelayRange&) = default;
};

// The SMTP submission listener of `graphpost serve` (the "smtp." settings).
struct SmtpConfig {
  bool enabled = true;
  std::string host = "127.0.0.1";
  std::uint16_t port = 2525;       // plain SMTP with STARTTLS; 0 picks a free port
  std::uint16_t tls_port = 0;      // implicit TLS (465 style); 0 = off
  std::string hostname;            // greeting and EHLO; empty = the machine's host name
  std::filesystem::path tls_cert;  // empty = server.tls_cert (and tls_key likewise)
  std::filesystem::path tls_key;
  std::string min_tls_version = "1.2";         // "1.0", "1.1", "1.2", "1.3"
  std::uint64_t max_message_bytes = 36700160;  // SIZE (35 MiB, smtp::SessionLimits)
  int max_recipients = 500;
  std::chrono::milliseconds idle_timeout{std::chrono::minutes(5)};
  std::chrono::milliseconds data_timeout{std::chrono::minutes(3)};
  std::size_t max_connections = 5000;
  std::vector<SmtpRelayRange> relay;          // anonymous submission; empty = AUTH only
  std::vector<std::string> auth_without_tls;  // CIDRs offered AUTH before TLS (and loopback)
};

struct GatewayConfig {
  std::filesystem::path
      data_dir;  // outbox.db, graphpost.db, gateway.json, operator.key, console-token.sha256
  // The API's listener.
  std::string host = "127.0.0.1";
  std::uint16_t port = 8480;  // 0 picks a free port (written to gateway.json)
  int threads = 2;            // HTTP I/O threads
  // Open connections the API serves; past it a few more get 503 and the rest are closed, health
  // checks included (http::ServerLimits::max_connections).
  std::size_t max_connections = 10000;
  std::filesystem::path tls_cert;  // PEM chain; with tls_key, the API is served over HTTPS
  std::filesystem::path tls_key;
  // The API's request body limits (413 above them).
  std::size_t max_message_bytes = 40 * 1024 * 1024;
  std::size_t max_batch_bytes = 100 * 1024 * 1024;
  // The outbox's size limit (0 = none): past it the API answers 503 "storage full".
  std::uint64_t outbox_max_bytes = 0;
  // SIGTERM: how long in-flight sends may take to finish before the process exits.
  std::chrono::milliseconds shutdown_deadline{std::chrono::seconds(30)};
  delivery::EngineOptions delivery;
  SmtpConfig smtp;
  // The web console under /ui (docs/console.md); `serve --no-console` turns it off.
  bool console_enabled = true;
  // Console sessions end after this long without use; failed sign-ins allowed per client address
  // per minute before 429 (docs/console.md, "Signing in").
  std::chrono::milliseconds console_session_ttl{std::chrono::hours(12)};
  int console_login_attempts_per_minute = 10;
  std::string log_format = "json";  // "json" lines or "text"
};

// A GatewayConfig with defaults and `data_dir`.
GatewayConfig DefaultConfig(std::filesystem::path data_dir);

// Sets one setting from its text form: "server.port" = "8443", "delivery.lease" = "5m",
// "connections.contoso.messages_per_minute" = "10". Durations take ms, s, m, h or d (a bare number
// is seconds); sizes take KB, MB or GB (a bare number is bytes); booleans true/false.
// kInvalidArgument for an unknown key (the message names it) or a value that does not fit.
[[nodiscard]] Status SetSetting(GatewayConfig& config, std::string_view key,
                                std::string_view value);

// The GRAPHPOST_* environment variable of a key: "server.port" → "GRAPHPOST_SERVER_PORT",
// "data_dir" → "GRAPHPOST_DATA_DIR". Per-connection keys have none.
std::string EnvVarOf(std::string_view key);

// Applies every setting whose environment variable `lookup` finds (non-empty). Errors name the
// variable.
[[nodiscard]] Status ApplyEnvironment(
    GatewayConfig& config,
    const std::function<std::optional<std::string>(const std::string&)>& lookup);

// Applies "key=value" strings (the --set flag). Errors name the flag's text.
[[nodiscard]] Status ApplyAssignments(GatewayConfig& config,
                                      const std::vector<std::string>& assignments);

// Checks what single settings cannot: TLS needs both files (for the API and for SMTP), implicit
// TLS on SMTP needs a certificate, a relay range names at least one connection.
[[nodiscard]] Status ValidateConfig(const GatewayConfig& config);

// Graph's ceiling for one message (a MIME sendMail or a draft with upload sessions): 150 MB.
inline constexpr std::uint64_t kGraphMaxMessageBytes = 150ull << 20;

// The smtp settings that single parsers cannot judge, called by ValidateConfig. kInvalidArgument
// naming the key: smtp.max_message_bytes above kGraphMaxMessageBytes; an smtp.hostname that is
// neither a domain name nor an address literal ("[192.0.2.1]", "[IPv6:…]"). Empty is the default.
[[nodiscard]] Status ValidateSmtpConfig(const SmtpConfig& smtp);

// The effective configuration as a TOML document (every setting, per-connection lanes too).
// Holds no secrets: the configuration has none (keys and secrets live in files it names).
std::string RenderConfigToml(const GatewayConfig& config);

// Every key SetSetting knows except per-connection ones, in documentation order.
std::vector<std::string_view> SettingKeys();

// "10.0.0.0/8=printers,scanners;192.168.1.0/24=office,@contoso.com": the text form of
// smtp.relay (environment, --set). Items with '@' are senders, the others connections.
// kInvalidArgument naming the part that does not fit.
[[nodiscard]] Result<std::vector<SmtpRelayRange>> ParseRelayRanges(std::string_view text);
std::string FormatRelayRanges(const std::vector<SmtpRelayRange>& ranges);

// "90s" → 90 s, "5m", "250ms", "1h", "7d"; a bare number is seconds. nullopt when malformed or
// negative.
std::optional<std::chrono::milliseconds> ParseDuration(std::string_view text);
// "30s", "5m", "250ms": the shortest exact spelling.
std::string FormatDuration(std::chrono::milliseconds d);

}  // namespace graphpost::gateway
