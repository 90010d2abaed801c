// The SMTP half of the composition root: the listener and the three ports it calls, built from
// the "smtp." settings after the delivery engine runs (an accepted message is handed to it).
#include <unistd.h>

#include <climits>

#include "core/files.hpp"
#include "gateway/gateway.hpp"

namespace graphpost::gateway {
namespace {

std::string MachineHostName() {
  char name[HOST_NAME_MAX + 1] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

http::TlsVersion TlsVersionOf(const std::string& text) {
  if (text == "1.0") return http::TlsVersion::kTls10;
  if (text == "1.1") return http::TlsVersion::kTls11;
  if (text == "1.3") return http::TlsVersion::kTls13;
  return http::TlsVersion::kTls12;
}

Result<std::vector<smtp::access::Cidr>> Ranges(const std::vector<std::string>& texts) {
  std::vector<smtp::access::Cidr> out;
  for (const std::string& text : texts) {
    auto cidr = smtp::access::ParseCidr(text);
    if (!cidr) return Fail(ErrorCode::kInvalidArgument, "smtp: " + cidr.error().message);
    out.push_back(std::move(*cidr));
  }
  return out;
}

Result<std::vector<smtp::access::RangeRule>> RelayRules(const std::vector<SmtpRelayRange>& relay) {
  std::vector<smtp::access::RangeRule> rules;
  for (const SmtpRelayRange& r : relay) {
    auto cidr = smtp::access::ParseCidr(r.from);
    if (!cidr) return Fail(ErrorCode::kInvalidArgument, "smtp.relay: " + cidr.error().message);
    rules.push_back(
        {.range = std::move(*cidr), .connections = r.connections, .senders = r.senders});
  }
  return rules;
}

// A relay range whose connection does not exist would accept mail (250) that can never be sent;
// refusing to start says so while the operator is watching.
Status CheckRelayConnections(const std::vector<SmtpRelayRange>& relay,
                             api::ConnectionDirectory& directory) {
  for (const SmtpRelayRange& r : relay) {
    for (const std::string& name : r.connections) {
      if (directory.MailboxOf(name)) continue;
      return Fail(ErrorCode::kInvalidArgument,
                  "smtp.relay: the range " + r.from + " names the connection '" + name +
                      "', which does not exist (`graphpost connection list` shows the saved ones)");
    }
  }
  return Ok();
}

smtp::ServerConfig ServerConfigOf(const SmtpConfig& c) {
  smtp::ServerConfig config;
  config.listeners.push_back({.host = c.host, .port = c.port, .implicit_tls = false});
  if (c.tls_port != 0) {
    config.listeners.push_back({.host = c.host, .port = c.tls_port, .implicit_tls = true});
  }
  config.hostname = c.hostname.empty() ? MachineHostName() : c.hostname;
  config.limits.max_message_bytes = c.max_message_bytes;
  config.limits.max_recipients = c.max_recipients;
  config.limits.idle_timeout = std::chrono::duration_cast<std::chrono::seconds>(c.idle_timeout);
  config.limits.data_timeout = std::chrono::duration_cast<std::chrono::seconds>(c.data_timeout);
  if (config.limits.idle_timeout.count() == 0) config.limits.idle_timeout = std::chrono::seconds(1);
  if (config.limits.data_timeout.count() == 0) config.limits.data_timeout = std::chrono::seconds(1);
  config.max_connections = c.max_connections;
  config.max_connections_per_address =
      std::min(config.max_connections_per_address, c.max_connections);
  return config;
}

}  // namespace

Status Gateway::StartSmtp() {
  const SmtpConfig& c = config_.smtp;
  if (!c.enabled) return Ok();
  if (auto known = CheckRelayConnections(c.relay, *directory_); !known) return known;
  // STARTTLS and implicit TLS with smtp's own certificate, else the API's; none: plain only.
  const auto& cert_file = c.tls_cert.empty() ? config_.tls_cert : c.tls_cert;
  const auto& key_file = c.tls_cert.empty() ? config_.tls_key : c.tls_key;
  if (!cert_file.empty()) {
    auto cert = ReadFileText(cert_file);
    auto key = cert ? ReadOwnerOnlyFile(key_file, 1 << 20) : Result<std::string>(cert);
    if (!key) return Fail(ErrorCode::kInvalidArgument, "smtp tls: " + key.error().message);
    auto tls = http::TlsServerContext::Create({.cert_chain_pem = std::move(*cert),
                                               .key_pem = std::move(*key),
                                               .min_version = TlsVersionOf(c.min_tls_version)});
    if (!tls) return Fail(tls.error().code, "smtp tls: " + tls.error().message);
    smtp_tls_ = std::move(*tls);
  }
  auto rules = RelayRules(c.relay);
  if (!rules) return Fail(rules.error());
  auto plain_auth = Ranges(c.auth_without_tls);
  if (!plain_auth) return Fail(plain_auth.error());
  access_ =
      std::make_unique<smtp::access::RangeAccessPolicy>(std::move(*rules), std::move(*plain_auth));
  authenticator_ = std::make_unique<smtp::access::AccountAuthenticator>(*outbox_, clock_, random_);
  intake_ = std::make_unique<SmtpIntake>(
      SmtpIntakeSetup{.outbox = *outbox_,
                      .connections = *directory_,
                      .clock = clock_,
                      .random = random_,
                      .log = log_,
                      .notify = [this](const std::vector<outbox::LaneKey>& lanes) {
                        if (!draining_) engine_->Notify(lanes);
                      }});
  auto server =
      smtp::SmtpServer::Start(ServerConfigOf(c), smtp::ServerDeps{.authenticator = *authenticator_,
                                                                  .access = *access_,
                                                                  .sink = *intake_,
                                                                  .random = random_,
                                                                  .log = &log_,
                                                                  .tls = smtp_tls_.get()});
  if (!server) return Fail(server.error().code, "smtp: " + server.error().message);
  smtp_server_ = std::move(*server);
  const auto& ports = smtp_server_->ports();
  endpoint_.smtp_port = ports.empty() ? 0 : ports[0];
  endpoint_.smtps_port = ports.size() > 1 ? ports[1] : 0;
  return Ok();
}

}  // namespace graphpost::gateway
