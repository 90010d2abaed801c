// sandbox/state/offset_clock.hpp — the sandbox's clock: another Clock moved forward by an offset
// (the clockOffsetSeconds setting), so tests can let token lifetimes, secret and certificate
// expiry, propagation delays and message timestamps run out without waiting. The sandbox's
// composition root wraps its Clock in one and hands only this one to its services, so everything
// in the sandbox agrees on the time. The offset only grows: time never runs backwards.
// Thread-safe.
#pragma once

#include <atomic>
#include <chrono>

#include "core/clock.hpp"

namespace graphpost::sandbox {

class OffsetClock final : public Clock {
 public:
  // `base` must outlive this clock.
  explicit OffsetClock(Clock& base) : base_(base) {}

  std::chrono::system_clock::time_point WallNow() override { return base_.WallNow() + offset(); }
  std::chrono::steady_clock::time_point MonotonicNow() override {
    return base_.MonotonicNow() + offset();
  }

  std::chrono::seconds offset() const { return std::chrono::seconds{offset_seconds_.load()}; }
  // Moves the clock to base + `offset`; an offset below the current one is ignored, since the
  // sandbox's timestamps, limiters and caches assume time never runs backwards.
  void AdvanceTo(std::chrono::seconds offset) {
    long long wanted = offset.count();
    long long current = offset_seconds_.load();
    while (wanted > current && !offset_seconds_.compare_exchange_weak(current, wanted)) {
    }
  }

 private:
  Clock& base_;
  std::atomic<long long> offset_seconds_{0};
};

}  // namespace graphpost::sandbox
