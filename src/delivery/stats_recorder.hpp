// delivery/stats_recorder.hpp — the engine's counters behind DeliveryEngine::Stats(): requests in
// flight and their peak, the Graph latency histogram, finished attempts by outcome and cause,
// throttling, and the gauges the engine's thread sets (lanes, paused lanes and each lane's status,
// token requests, secret expiry, alerts). Thread-safe; Snapshot() copies under one mutex.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

#include "delivery/delivery_engine.hpp"

namespace graphpost::delivery {

class StatsRecorder {
 public:
  StatsRecorder();

  void RequestStarted();
  // One Graph request answered (or failed) after `latency`; `status` 429 counts as throttled.
  void RequestEnded(std::chrono::nanoseconds latency, int status);
  // A 429 inside a $batch answer.
  void Throttled();
  void Attempt(const std::string& outcome, const std::string& cause);
  // Gauges, set by the engine's thread.
  void SetLanes(std::int64_t lanes, std::int64_t paused, std::vector<LaneStatus> statuses);
  void SetTokenRequests(std::int64_t n);
  void SetSecretDaysLeft(std::map<std::string, double> days);
  void SetAlerts(std::vector<std::string> alerts);

  EngineStats Snapshot() const;

 private:
  mutable std::mutex mu_;
  EngineStats stats_;  // Guarded by mu_.
};

}  // namespace graphpost::delivery
