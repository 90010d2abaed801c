#include "delivery/lane_pacer.hpp"

#include <algorithm>

namespace graphpost::delivery {
namespace {

constexpr auto kBudgetWindow = std::chrono::hours{24};

LanePacer::TimePoint MinuteOf(LanePacer::TimePoint t) {
  return std::chrono::floor<std::chrono::minutes>(t);
}

}  // namespace

LanePacer::LanePacer(LaneLimits limits, TimePoint now, std::int64_t delivered_recipients)
    : limits_(limits), next_slot_(now) {
  if (delivered_recipients > 0) buckets_.emplace_back(MinuteOf(now), delivered_recipients);
}

std::chrono::nanoseconds LanePacer::Interval() const {
  if (limits_.messages_per_minute <= 0) return std::chrono::nanoseconds{0};
  return std::chrono::nanoseconds{std::chrono::minutes{1}} / limits_.messages_per_minute;
}

int LanePacer::Capacity(TimePoint now) const {
  int free = std::max(0, limits_.max_in_flight - in_flight_);
  if (free == 0 || BudgetFreesAt(now, 1)) return 0;
  const auto interval = Interval();
  if (interval.count() == 0) return free;
  if (next_slot_ > now) return 0;
  // Slots missed because the engine woke late may be used at once, up to the in-flight limit;
  // Started() keeps that catch-up to one interval.
  const auto due = 1 + (now - next_slot_) / interval;
  return static_cast<int>(std::min<std::int64_t>(free, due));
}

std::optional<LanePacer::TimePoint> LanePacer::NextOpening(TimePoint now) const {
  if (in_flight_ >= limits_.max_in_flight) return std::nullopt;
  if (auto budget = BudgetFreesAt(now, 1)) return budget;
  if (next_slot_ > now) return next_slot_;
  return now;
}

void LanePacer::Started(TimePoint now) {
  ++in_flight_;
  const auto interval = Interval();
  if (interval.count() == 0) return;
  // A lane idle for a while does not bank slots: it may catch up at most one interval.
  const TimePoint earliest =
      now - std::chrono::duration_cast<std::chrono::system_clock::duration>(interval);
  next_slot_ = std::max(next_slot_, earliest) +
               std::chrono::duration_cast<std::chrono::system_clock::duration>(interval);
}

void LanePacer::Finished() { in_flight_ = std::max(0, in_flight_ - 1); }

void LanePacer::Delivered(TimePoint now, std::int64_t recipients) {
  const TimePoint minute = MinuteOf(now);
  if (!buckets_.empty() && buckets_.back().first == minute) {
    buckets_.back().second += recipients;
  } else {
    buckets_.emplace_back(minute, recipients);
  }
}

std::int64_t LanePacer::RecipientsSince(TimePoint since) const {
  while (!buckets_.empty() && buckets_.front().first + std::chrono::minutes{1} <= since) {
    buckets_.pop_front();
  }
  std::int64_t total = 0;
  for (const auto& [minute, count] : buckets_) total += count;
  return total;
}

std::optional<LanePacer::TimePoint> LanePacer::BudgetFreesAt(TimePoint now,
                                                             std::int64_t recipients) const {
  const std::int64_t limit = limits_.recipients_per_day;
  if (limit <= 0) return std::nullopt;
  std::int64_t used = RecipientsSince(now - kBudgetWindow);
  if (used + recipients <= limit) return std::nullopt;
  // The budget frees as the oldest minutes leave the window.
  for (const auto& [minute, count] : buckets_) {
    used -= count;
    if (used + recipients <= limit) return minute + std::chrono::minutes{1} + kBudgetWindow;
  }
  return now + kBudgetWindow;  // more than a whole day's budget: wait a full window
}

}  // namespace graphpost::delivery
