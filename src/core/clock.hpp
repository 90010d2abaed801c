// core/clock.hpp — the only source of time. Never call std::chrono::*::now() outside SystemClock.
// Implementations are thread-safe.
#pragma once

#include <chrono>

namespace graphpost {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point WallNow() = 0;       // persisted timestamps
  virtual std::chrono::steady_clock::time_point MonotonicNow() = 0;  // expiry, intervals
};

class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point WallNow() override {
    return std::chrono::system_clock::now();
  }
  std::chrono::steady_clock::time_point MonotonicNow() override {
    return std::chrono::steady_clock::now();
  }
};

}  // namespace graphpost
