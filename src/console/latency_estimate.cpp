// Latency quantiles from a cumulative histogram; see latency_estimate.hpp.
#include "console/latency_estimate.hpp"

#include <cmath>
#include <cstdio>

#include "console/html.hpp"

namespace graphpost::console {

std::optional<LatencyEstimate> EstimateLatency(const delivery::EngineStats& stats,
                                               double quantile) {
  const auto& bounds = stats.latency_bounds;
  const auto& cumulative = stats.latency_cumulative;
  // Requests slower than the last bound are in latency_count only (the +Inf bucket).
  const std::int64_t total = stats.latency_count;
  if (total <= 0 || bounds.empty() || bounds.size() != cumulative.size()) return std::nullopt;
  const double rank = quantile * static_cast<double>(total);
  double lower_bound = 0;
  std::int64_t lower_count = 0;
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    if (static_cast<double>(cumulative[i]) >= rank && cumulative[i] > lower_count) {
      const double share = (rank - static_cast<double>(lower_count)) /
                           static_cast<double>(cumulative[i] - lower_count);
      return LatencyEstimate{.milliseconds =
                                 1000 * (lower_bound + (bounds[i] - lower_bound) * share)};
    }
    lower_bound = bounds[i];
    lower_count = cumulative[i];
  }
  return LatencyEstimate{.milliseconds = 1000 * bounds.back(), .at_least = true};
}

std::string FormatLatency(const std::optional<LatencyEstimate>& estimate) {
  if (!estimate) return "—";
  std::string text;
  if (estimate->milliseconds < 10) {
    char digits[32];
    std::snprintf(digits, sizeof digits, "%.1f", estimate->milliseconds);
    text = digits;
  } else {
    text = Count(std::llround(estimate->milliseconds));
  }
  return (estimate->at_least ? "≥ " : "") + text + " ms";
}

}  // namespace graphpost::console
