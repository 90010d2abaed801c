#include "sandbox/graph/limits.hpp"

#include <algorithm>
#include <cassert>

namespace graphpost::sandbox::graph {
namespace {

constexpr std::size_t kMinCallsBetweenSweeps = 1024;
constexpr std::chrono::hours kRecipientWindow{24};
constexpr std::chrono::seconds kMessageWindow{60};

// Rounds a positive duration up to whole seconds, never below 1 s.
std::chrono::seconds CeilSeconds(std::chrono::nanoseconds d) {
  auto secs = std::chrono::ceil<std::chrono::seconds>(d);
  return std::max(secs, std::chrono::seconds{1});
}

}  // namespace

// ---- SlidingWindowLimiter ----

// Sweeping every max(1024, 2 x keys) calls costs O(1) amortised per call and keeps idle keys to
// at most about twice the live ones plus 1024.

SlidingWindowLimiter::SlidingWindowLimiter(int limit, std::chrono::seconds window)
    : limit_(limit), window_(window) {}

void SlidingWindowLimiter::SetLimit(int limit, std::chrono::seconds window) {
  limit_ = limit;
  window_ = window;
}

void SlidingWindowLimiter::Prune(std::deque<TimePoint>& events, TimePoint now) const {
  while (!events.empty() && events.front() + window_ <= now) events.pop_front();
}

bool SlidingWindowLimiter::TryAcquire(const std::string& key, TimePoint now) {
  if (limit_ <= 0) return true;
  if (--calls_until_sweep_ == 0) SweepIdleKeys(now);
  auto& events = events_[key];
  Prune(events, now);
  if (events.size() >= static_cast<std::size_t>(limit_)) return false;
  events.insert(std::upper_bound(events.begin(), events.end(), now), now);  // usually the end
  return true;
}

std::chrono::seconds SlidingWindowLimiter::RetryAfter(const std::string& key, TimePoint now) const {
  if (limit_ <= 0) return std::chrono::seconds{1};
  auto it = events_.find(key);
  if (it == events_.end()) return std::chrono::seconds{1};
  const auto& events = it->second;
  // Events are sorted; skip those already outside the window without mutating.
  auto live = std::upper_bound(events.begin(), events.end(), now - window_);
  auto count = static_cast<std::size_t>(events.end() - live);
  if (count < static_cast<std::size_t>(limit_)) return std::chrono::seconds{1};
  // One slot frees when the oldest event that keeps us at the limit leaves the window.
  TimePoint frees_at = *(live + static_cast<std::ptrdiff_t>(count - limit_)) + window_;
  return CeilSeconds(frees_at - now);
}

void SlidingWindowLimiter::SweepIdleKeys(TimePoint now) {
  for (auto it = events_.begin(); it != events_.end();) {
    Prune(it->second, now);
    it = it->second.empty() ? events_.erase(it) : std::next(it);
  }
  calls_until_sweep_ = std::max(kMinCallsBetweenSweeps, events_.size() * 2);
}

// ---- ConcurrencyLimiter ----

ConcurrencyLimiter::ConcurrencyLimiter(int limit) : limit_(limit) {}

bool ConcurrencyLimiter::TryEnter(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = in_flight_.find(key);
  int current = it == in_flight_.end() ? 0 : it->second;
  if (limit_ > 0 && current >= limit_) return false;
  ++in_flight_[key];
  return true;
}

void ConcurrencyLimiter::Leave(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = in_flight_.find(key);
  assert(it != in_flight_.end() && "Leave without a matching TryEnter");
  if (it == in_flight_.end()) return;
  if (--it->second <= 0) in_flight_.erase(it);
}

void ConcurrencyLimiter::SetLimit(int limit) {
  std::lock_guard lock(mu_);
  limit_ = limit;
}

int ConcurrencyLimiter::InFlight(const std::string& key) const {
  std::lock_guard lock(mu_);
  auto it = in_flight_.find(key);
  return it == in_flight_.end() ? 0 : it->second;
}

// ---- SendingPacer ----

SendingPacer::SendingPacer(int messages_per_minute, int recipients_per_day)
    : messages_per_minute_(messages_per_minute), recipients_per_day_(recipients_per_day) {}

void SendingPacer::SetLimits(int messages_per_minute, int recipients_per_day) {
  messages_per_minute_ = messages_per_minute;
  recipients_per_day_ = recipients_per_day;
}

void SendingPacer::PruneRecipients(MailboxState& state, TimePoint now) const {
  while (!state.sent.empty() && state.sent.front().at + kRecipientWindow <= now) {
    state.recipients_in_window -= state.sent.front().recipients;
    state.sent.pop_front();
  }
}

// Deliveries are FIFO, so a new one goes no earlier than the last; and with N per minute, no
// earlier than 60 s after the N-th most recent one.
SendingPacer::TimePoint SendingPacer::NextDelivery(MailboxState& state, TimePoint now) const {
  auto& deliveries = state.deliveries;
  if (messages_per_minute_ <= 0) {
    deliveries.clear();
    return now;
  }
  auto per_minute = static_cast<std::size_t>(messages_per_minute_);
  TimePoint at = now;
  if (!deliveries.empty()) at = std::max(at, deliveries.back());
  if (deliveries.size() >= per_minute) {
    at = std::max(at, deliveries[deliveries.size() - per_minute] + kMessageWindow);
  }
  deliveries.push_back(at);
  while (deliveries.size() > per_minute) deliveries.pop_front();
  return at;
}

SendingPacer::Admission SendingPacer::Admit(const std::string& mailbox_id, int recipients,
                                            TimePoint now) {
  if (--calls_until_sweep_ == 0) SweepIdleMailboxes(now);
  auto& state = mailboxes_[mailbox_id];
  PruneRecipients(state, now);
  recipients = std::max(recipients, 0);
  if (recipients_per_day_ > 0 &&
      state.recipients_in_window + recipients > static_cast<long long>(recipients_per_day_)) {
    return Admission{false, now};
  }
  if (recipients > 0 && recipients_per_day_ > 0) {
    auto later = [](TimePoint t, const Sent& sent) { return t < sent.at; };
    state.sent.insert(std::upper_bound(state.sent.begin(), state.sent.end(), now, later),
                      Sent{now, recipients});  // usually the end
    state.recipients_in_window += recipients;
  }
  return Admission{true, NextDelivery(state, now)};
}

void SendingPacer::SweepIdleMailboxes(TimePoint now) {
  for (auto it = mailboxes_.begin(); it != mailboxes_.end();) {
    MailboxState& state = it->second;
    PruneRecipients(state, now);
    bool pacing_idle = state.deliveries.empty() || state.deliveries.back() + kMessageWindow <= now;
    it = (state.sent.empty() && pacing_idle) ? mailboxes_.erase(it) : std::next(it);
  }
  calls_until_sweep_ = std::max(kMinCallsBetweenSweeps, mailboxes_.size() * 2);
}

}  // namespace graphpost::sandbox::graph
