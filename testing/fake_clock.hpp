// testing/fake_clock.hpp — a Clock that moves only when told. Advance() moves wall and monotonic
// time together. Thread-safe.
#pragma once

#include <chrono>
#include <mutex>

#include "core/clock.hpp"

namespace graphpost::testing {

class FakeClock final : public Clock {
 public:
  // Starts at 2026-11-26T09:00:00Z so dates in tests are realistic.
  FakeClock()
      : wall_(std::chrono::sys_days{std::chrono::year{2026} / 11 / 26} + std::chrono::hours{9}) {}

  std::chrono::system_clock::time_point WallNow() override {
    std::lock_guard lock(mu_);
    return wall_;
  }
  std::chrono::steady_clock::time_point MonotonicNow() override {
    std::lock_guard lock(mu_);
    return mono_;
  }
  void Advance(std::chrono::nanoseconds d) {
    std::lock_guard lock(mu_);
    wall_ += std::chrono::duration_cast<std::chrono::system_clock::duration>(d);
    mono_ += std::chrono::duration_cast<std::chrono::steady_clock::duration>(d);
  }
  void SetWall(std::chrono::system_clock::time_point t) {
    std::lock_guard lock(mu_);
    wall_ = t;
  }

 private:
  std::mutex mu_;
  std::chrono::system_clock::time_point wall_;                            // Guarded by mu_.
  std::chrono::steady_clock::time_point mono_{std::chrono::hours{1000}};  // Guarded by mu_.
};

}  // namespace graphpost::testing
