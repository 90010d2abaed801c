// gateway/metrics.hpp — the gateway's /metrics page in the Prometheus text format (version
// 0.0.4): queue depth by state from the outbox, the delivery engine's counters, latency
// histogram, lanes and secret expiry, and the SMTP listener's sessions and per-principal counts. Names and labels are listed in docs/gateway.md,
// "Operations". Never carries a key, a secret or a message. Pure function; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "delivery/delivery_engine.hpp"
#include "gateway/smtp_intake.hpp"
#include "outbox/outbox_store.hpp"
#include "smtp/server/smtp_server.hpp"

namespace graphpost::gateway {

struct SmtpMetrics {
  smtp::ServerStats server;
  std::map<std::string, SmtpPrincipalCounts> principals;  // by "account:<name>" / "range:<cidr>"
};

struct MetricsSnapshot {
  // Messages per state (states absent here are reported as 0).
  std::vector<std::pair<outbox::MessageState, std::int64_t>> messages_by_state;
  bool outbox_readable = true;
  delivery::EngineStats engine;
  bool ready = false;
  bool draining = false;
  std::optional<SmtpMetrics> smtp;  // unset while the SMTP listener is off
};

std::string RenderMetrics(const MetricsSnapshot& snapshot);

// The content type of RenderMetrics' text.
inline constexpr char kMetricsContentType[] = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace graphpost::gateway
