// gateway/stand_in_engine_test.hpp — test-only: a DeliveryEngine that delivers nothing and
// records what the gateway asks of it (Start, Notify, Stop), for tests of the composition root
// that do not need Graph. Thread-safe.
#pragma once

#include <condition_variable>
#include <mutex>
#include <vector>

#include "delivery/delivery_engine.hpp"

namespace graphpost::gateway::test {

class StandInEngine final : public delivery::DeliveryEngine {
 public:
  struct Record {
    bool started = false;
    std::vector<outbox::LaneKey> notified;
    std::optional<std::chrono::milliseconds> stopped_with;
  };

  explicit StandInEngine(Record& record, std::mutex& mu, std::condition_variable& cv)
      : record_(record), mu_(mu), cv_(cv) {}

  Status Start() override {
    std::lock_guard lock(mu_);
    record_.started = true;
    return Ok();
  }
  void Notify(const std::vector<outbox::LaneKey>& lanes) override {
    std::lock_guard lock(mu_);
    record_.notified.insert(record_.notified.end(), lanes.begin(), lanes.end());
    cv_.notify_all();
  }
  void Stop(std::chrono::milliseconds deadline) override {
    std::lock_guard lock(mu_);
    record_.stopped_with = deadline;
  }
  delivery::EngineStats Stats() const override {
    delivery::EngineStats stats;
    stats.token_requests = 2;
    stats.attempts[{"sent", ""}] = 5;
    return stats;
  }

 private:
  Record& record_;
  std::mutex& mu_;
  std::condition_variable& cv_;
};

}  // namespace graphpost::gateway::test
