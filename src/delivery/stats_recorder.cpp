#include "delivery/stats_recorder.hpp"

#include <algorithm>

namespace graphpost::delivery {

StatsRecorder::StatsRecorder() {
  stats_.latency_bounds = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
  stats_.latency_cumulative.assign(stats_.latency_bounds.size(), 0);
}

void StatsRecorder::RequestStarted() {
  std::lock_guard lock(mu_);
  ++stats_.in_flight;
  stats_.peak_in_flight = std::max(stats_.peak_in_flight, stats_.in_flight);
}

void StatsRecorder::RequestEnded(std::chrono::nanoseconds latency, int status) {
  const double seconds = std::chrono::duration<double>(latency).count();
  std::lock_guard lock(mu_);
  --stats_.in_flight;
  if (status == 429) ++stats_.throttled;
  ++stats_.latency_count;
  stats_.latency_sum_seconds += seconds;
  for (std::size_t i = 0; i < stats_.latency_bounds.size(); ++i) {
    if (seconds <= stats_.latency_bounds[i]) ++stats_.latency_cumulative[i];
  }
}

void StatsRecorder::Throttled() {
  std::lock_guard lock(mu_);
  ++stats_.throttled;
}

void StatsRecorder::Attempt(const std::string& outcome, const std::string& cause) {
  std::lock_guard lock(mu_);
  ++stats_.attempts[{outcome, cause}];
}

void StatsRecorder::SetLanes(std::int64_t lanes, std::int64_t paused,
                             std::vector<LaneStatus> statuses) {
  std::lock_guard lock(mu_);
  stats_.lanes = lanes;
  stats_.paused_lanes = paused;
  stats_.lane_status = std::move(statuses);
}

void StatsRecorder::SetTokenRequests(std::int64_t n) {
  std::lock_guard lock(mu_);
  stats_.token_requests = n;
}

void StatsRecorder::SetSecretDaysLeft(std::map<std::string, double> days) {
  std::lock_guard lock(mu_);
  stats_.secret_days_left = std::move(days);
}

void StatsRecorder::SetAlerts(std::vector<std::string> alerts) {
  std::lock_guard lock(mu_);
  stats_.alerts = std::move(alerts);
}

EngineStats StatsRecorder::Snapshot() const {
  std::lock_guard lock(mu_);
  return stats_;
}

}  // namespace graphpost::delivery
