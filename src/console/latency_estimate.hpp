// console/latency_estimate.hpp — Graph request latency quantiles (p50, p99) for the Overview,
// estimated from the delivery engine's histogram (EngineStats latency_bounds and
// latency_cumulative) the way Prometheus' histogram_quantile does: find the bucket holding the
// rank and interpolate linearly within it. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "delivery/delivery_engine.hpp"

namespace graphpost::console {

struct LatencyEstimate {
  double milliseconds = 0;
  // The rank lies past the highest finite bound: `milliseconds` is that bound, a lower limit.
  bool at_least = false;
};

// The `quantile` (0 < q < 1) of the engine's Graph latencies; nullopt when nothing was measured
// (or the histogram is malformed: bounds and counts of different lengths).
std::optional<LatencyEstimate> EstimateLatency(const delivery::EngineStats& stats, double quantile);

// "—" for nullopt, "4.2 ms" under 10 ms, "1,234 ms" above, "≥ 60,000 ms" past the top bound.
std::string FormatLatency(const std::optional<LatencyEstimate>& estimate);

}  // namespace graphpost::console
