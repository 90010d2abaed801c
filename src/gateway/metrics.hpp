// gateway/metrics.hpp — the gateway's /metrics page in the Prometheus text format (version
// 0.0.4): queue depth by state from the outbox, and the delivery engine's counters, latency
// histogram, lanes and secret expiry. Names and labels are listed in docs/gateway.md,
// "Operations". Never carries a key, a secret or a message. Pure function; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "delivery/delivery_engine.hpp"
#include "outbox/outbox_store.hpp"

namespace graphpost::gateway {

struct MetricsSnapshot {
  // Messages per state (states absent here are reported as 0).
  std::vector<std::pair<outbox::MessageState, std::int64_t>> messages_by_state;
  bool outbox_readable = true;
  delivery::EngineStats engine;
  bool ready = false;
  bool draining = false;
};

std::string RenderMetrics(const MetricsSnapshot& snapshot);

// The content type of RenderMetrics' text.
inline constexpr char kMetricsContentType[] = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace graphpost::gateway
