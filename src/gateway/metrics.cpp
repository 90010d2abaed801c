// Prometheus text exposition: one HELP and TYPE line per family, then its samples.
#include "gateway/metrics.hpp"

#include <sstream>

namespace graphpost::gateway {
namespace {

constexpr outbox::MessageState kStates[] = {
    outbox::MessageState::kQueued,    outbox::MessageState::kSending,
    outbox::MessageState::kDelivered, outbox::MessageState::kFailed,
    outbox::MessageState::kExpired,   outbox::MessageState::kCancelled};

// Label values escape backslash, double quote and newline.
std::string Label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string Number(double v) {
  std::ostringstream out;
  out.precision(10);
  out << v;
  return out.str();
}

void Family(std::ostream& out, std::string_view name, std::string_view type,
            std::string_view help) {
  out << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n";
}

void Gauge(std::ostream& out, std::string_view name, std::string_view help, double value) {
  Family(out, name, "gauge", help);
  out << name << " " << Number(value) << "\n";
}

void Counter(std::ostream& out, std::string_view name, std::string_view help, double value) {
  Family(out, name, "counter", help);
  out << name << " " << Number(value) << "\n";
}

void QueueDepth(std::ostream& out, const MetricsSnapshot& s) {
  Family(out, "graphpost_outbox_messages", "gauge", "Messages in the outbox by state.");
  for (auto state : kStates) {
    std::int64_t count = 0;
    for (const auto& [st, n] : s.messages_by_state) {
      if (st == state) count = n;
    }
    out << "graphpost_outbox_messages{state=\"" << outbox::MessageStateName(state) << "\"} "
        << count << "\n";
  }
  Gauge(out, "graphpost_outbox_readable", "1 when the outbox answered the last read.",
        s.outbox_readable ? 1 : 0);
}

void Attempts(std::ostream& out, const delivery::EngineStats& e) {
  Family(out, "graphpost_delivery_attempts_total", "counter",
         "Finished delivery attempts by outcome and cause.");
  for (const auto& [key, n] : e.attempts) {
    out << "graphpost_delivery_attempts_total{outcome=\"" << Label(key.first) << "\",cause=\""
        << Label(key.second) << "\"} " << n << "\n";
  }
}

void Latency(std::ostream& out, const delivery::EngineStats& e) {
  constexpr std::string_view name = "graphpost_graph_request_duration_seconds";
  Family(out, name, "histogram", "Microsoft Graph request latency.");
  for (std::size_t i = 0; i < e.latency_bounds.size() && i < e.latency_cumulative.size(); ++i) {
    out << name << "_bucket{le=\"" << Number(e.latency_bounds[i]) << "\"} "
        << e.latency_cumulative[i] << "\n";
  }
  out << name << "_bucket{le=\"+Inf\"} " << e.latency_count << "\n"
      << name << "_sum " << Number(e.latency_sum_seconds) << "\n"
      << name << "_count " << e.latency_count << "\n";
}

void Engine(std::ostream& out, const delivery::EngineStats& e) {
  Gauge(out, "graphpost_graph_requests_in_flight", "Graph requests in flight now.",
        static_cast<double>(e.in_flight));
  Gauge(out, "graphpost_graph_requests_in_flight_peak", "Most Graph requests in flight at once.",
        static_cast<double>(e.peak_in_flight));
  Gauge(out, "graphpost_lanes", "Delivery lanes (connection, sender mailbox) known.",
        static_cast<double>(e.lanes));
  Gauge(out, "graphpost_lanes_paused",
        "Lanes paused because their credential's token fails permanently.",
        static_cast<double>(e.paused_lanes));
  Counter(out, "graphpost_token_requests_total", "Token requests to Microsoft Entra ID.",
          static_cast<double>(e.token_requests));
  Counter(out, "graphpost_graph_throttled_total", "429 answers from Microsoft Graph.",
          static_cast<double>(e.throttled));
  Gauge(out, "graphpost_alerts", "Alerts raised (see the log and /readyz).",
        static_cast<double>(e.alerts.size()));
  Family(out, "graphpost_secret_days_left", "gauge",
         "Days until a connection's client secret expires.");
  for (const auto& [connection, days] : e.secret_days_left) {
    out << "graphpost_secret_days_left{connection=\"" << Label(connection) << "\"} " << Number(days)
        << "\n";
  }
}

// One sample per principal of a counter family.
template <class Value>
void PerPrincipal(std::ostream& out, std::string_view name, std::string_view help,
                  const std::map<std::string, SmtpPrincipalCounts>& principals, Value value) {
  Family(out, name, "counter", help);
  for (const auto& [principal, counts] : principals) {
    out << name << "{principal=\"" << Label(principal) << "\"} " << value(counts) << "\n";
  }
}

void Smtp(std::ostream& out, const SmtpMetrics& m) {
  const smtp::ServerStats& s = m.server;
  Gauge(out, "graphpost_smtp_sessions_open", "SMTP sessions open now.",
        static_cast<double>(s.connections_open));
  Counter(out, "graphpost_smtp_sessions_total", "SMTP sessions accepted.",
          static_cast<double>(s.connections_total));
  Counter(out, "graphpost_smtp_connections_refused_total",
          "SMTP connections refused over a connection limit.",
          static_cast<double>(s.connections_refused));
  Counter(out, "graphpost_smtp_tls_handshakes_failed_total", "Failed STARTTLS / implicit TLS handshakes.",
          static_cast<double>(s.tls_handshakes_failed));
  Counter(out, "graphpost_smtp_auth_failures_total", "Failed SMTP AUTH attempts.",
          static_cast<double>(s.auth_failures));
  Counter(out, "graphpost_smtp_sessions_timed_out_total",
          "SMTP sessions closed for idling (or stalling in DATA).",
          static_cast<double>(s.sessions_timed_out));
  PerPrincipal(out, "graphpost_smtp_messages_accepted_total",
               "Messages accepted over SMTP (250 after the commit), by principal.", m.principals,
               [](const SmtpPrincipalCounts& c) { return c.accepted; });
  constexpr std::string_view refused = "graphpost_smtp_messages_refused_total";
  Family(out, refused, "counter",
         "Messages the SMTP intake refused, by principal and reply class (4xx: try later).");
  for (const auto& [principal, counts] : m.principals) {
    out << refused << "{principal=\"" << Label(principal) << "\",class=\"4xx\"} "
        << counts.refused_temporary << "\n"
        << refused << "{principal=\"" << Label(principal) << "\",class=\"5xx\"} "
        << counts.refused_permanent << "\n";
  }
  PerPrincipal(out, "graphpost_smtp_message_bytes_total",
               "Bytes of the messages accepted over SMTP, by principal.", m.principals,
               [](const SmtpPrincipalCounts& c) { return c.bytes_accepted; });
}

}  // namespace

std::string RenderMetrics(const MetricsSnapshot& s) {
  std::ostringstream out;
  Gauge(out, "graphpost_ready", "1 when the gateway accepts and delivers messages.",
        s.ready ? 1 : 0);
  Gauge(out, "graphpost_draining", "1 while the gateway shuts down.", s.draining ? 1 : 0);
  QueueDepth(out, s);
  Attempts(out, s.engine);
  Latency(out, s.engine);
  Engine(out, s.engine);
  if (s.smtp) Smtp(out, *s.smtp);
  return out.str();
}

}  // namespace graphpost::gateway
