// core/scaled_clock.hpp — a Clock whose time runs `factor` times faster than the real one, from
// the moment it is made (wall and monotonic alike). For tests and benchmarks that exercise real
// timers (pacing over minutes, Retry-After) in seconds of real time; production uses SystemClock.
// Thread-safe (immutable after construction; reads the real clock).
#pragma once

#include <chrono>

#include "core/clock.hpp"

namespace graphpost {

class ScaledClock final : public Clock {
 public:
  // `real` must outlive this clock. factor > 0.
  ScaledClock(Clock& real, double factor)
      : real_(real),
        factor_(factor),
        wall_start_(real.WallNow()),
        mono_start_(real.MonotonicNow()) {}

  std::chrono::system_clock::time_point WallNow() override {
    return wall_start_ +
           Scaled<std::chrono::system_clock::duration>(real_.MonotonicNow() - mono_start_);
  }
  std::chrono::steady_clock::time_point MonotonicNow() override {
    return mono_start_ +
           Scaled<std::chrono::steady_clock::duration>(real_.MonotonicNow() - mono_start_);
  }
  double factor() const { return factor_; }

 private:
  template <class D>
  D Scaled(std::chrono::steady_clock::duration elapsed) const {
    return std::chrono::duration_cast<D>(std::chrono::duration<double, std::nano>(
        static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count()) *
        factor_));
  }

  Clock& real_;
  const double factor_;
  const std::chrono::system_clock::time_point wall_start_;
  const std::chrono::steady_clock::time_point mono_start_;
};

}  // namespace graphpost
