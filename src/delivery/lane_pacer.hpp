// delivery/lane_pacer.hpp — the limits of one delivery lane (one sender mailbox through one
// connection) as plain arithmetic over time: at most max_in_flight Graph sends at once, sends
// spaced 60 s / messages_per_minute apart, and a 24-hour recipient budget counted in one-minute
// buckets (so memory per lane is bounded, never per message). Pure; not thread-safe, owned by the
// engine's thread. Time comes from the caller (the engine's Clock), so tests use a FakeClock.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <utility>

#include "delivery/delivery_engine.hpp"

namespace graphpost::delivery {

class LanePacer {
 public:
  using TimePoint = std::chrono::system_clock::time_point;

  // `delivered_recipients` were already delivered in the 24 hours before `now` (from the store);
  // they are counted as if delivered at `now`, which errs on the safe side.
  LanePacer(LaneLimits limits, TimePoint now, std::int64_t delivered_recipients);

  // How many sends may start at `now`: free in-flight places, limited by the pacing slots due
  // (messages_per_minute <= 0 turns pacing off). Zero while the recipient budget is spent.
  int Capacity(TimePoint now) const;
  // When Capacity may next become positive, if it is zero now only because of pacing or the
  // budget; nullopt when only a finishing send (Finished) can raise it.
  std::optional<TimePoint> NextOpening(TimePoint now) const;
  // One send started at `now`: takes an in-flight place and a pacing slot.
  void Started(TimePoint now);
  // One send ended: frees its in-flight place.
  void Finished();
  // The send delivered `recipients` recipients at `now` (counts against the 24-hour budget).
  void Delivered(TimePoint now, std::int64_t recipients);
  // Whether `recipients` more fit in the 24-hour budget at `now`; when not, the time at which
  // enough of the budget frees up.
  std::optional<TimePoint> BudgetFreesAt(TimePoint now, std::int64_t recipients) const;

  int in_flight() const { return in_flight_; }
  const LaneLimits& limits() const { return limits_; }

 private:
  std::chrono::nanoseconds Interval() const;
  std::int64_t RecipientsSince(TimePoint since) const;

  const LaneLimits limits_;
  int in_flight_ = 0;
  TimePoint next_slot_;
  // (minute start, recipients delivered in that minute), oldest first, at most 24 h of them.
  mutable std::deque<std::pair<TimePoint, std::int64_t>> buckets_;
};

}  // namespace graphpost::delivery
