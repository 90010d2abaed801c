// sandbox/graph/limits.hpp — the Outlook/Exchange limits the sandbox Graph service enforces, as
// pure classes with time passed in (protocol.md §5): request rate and concurrency per (app,
// mailbox), and the Exchange sending limits per mailbox. Keys are opaque strings chosen by the
// caller. A non-positive limit disables that limit. Memory stays bounded: old timestamps are pruned
// and keys with nothing left to remember are dropped. Thread-safety is stated per class.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace graphpost::sandbox::graph {

// Counts events per key in a sliding window (10,000 per 10 min per (app, mailbox)): an event at t
// counts while now < t + window. Times may arrive slightly out of order (callers on several
// threads read the clock before taking their lock). Not thread-safe.
class SlidingWindowLimiter {
 public:
  SlidingWindowLimiter(int limit, std::chrono::seconds window);

  // Records one event and returns true, or returns false (nothing recorded) when `limit` events
  // already fall in the window ending at `now`.
  bool TryAcquire(const std::string& key, std::chrono::steady_clock::time_point now);
  // Whole seconds (rounded up, >= 1) until one more event for `key` would be accepted; 1 when it
  // would be accepted now (including when the limit is disabled).
  std::chrono::seconds RetryAfter(const std::string& key,
                                  std::chrono::steady_clock::time_point now) const;
  // Takes effect for the next call; events already recorded stay recorded.
  void SetLimit(int limit, std::chrono::seconds window);

  // Number of keys currently remembered (for tests of memory bounds).
  std::size_t KeyCount() const { return events_.size(); }

 private:
  using TimePoint = std::chrono::steady_clock::time_point;
  void Prune(std::deque<TimePoint>& events, TimePoint now) const;
  void SweepIdleKeys(TimePoint now);

  int limit_;
  std::chrono::seconds window_;
  std::unordered_map<std::string, std::deque<TimePoint>> events_;
  std::size_t calls_until_sweep_ = 1024;  // idle keys are dropped every max(1024, 2 x keys) calls
};

// Counts in-flight requests per key (4 concurrent per (app, mailbox)). Thread-safe.
class ConcurrencyLimiter {
 public:
  explicit ConcurrencyLimiter(int limit);

  // Enters and returns true, or returns false (nothing changed) when `limit` requests for `key`
  // are already in flight. Every true must be paired with one Leave(key).
  bool TryEnter(const std::string& key);
  // Ends one request entered with TryEnter. Leaving a key with nothing in flight is a bug
  // (asserts in debug builds, ignored otherwise).
  void Leave(const std::string& key);
  // Takes effect for the next TryEnter; requests in flight are not affected.
  void SetLimit(int limit);
  int InFlight(const std::string& key) const;

 private:
  mutable std::mutex mu_;
  int limit_;                                       // Guarded by mu_.
  std::unordered_map<std::string, int> in_flight_;  // Guarded by mu_. No zero entries.
};

// Exchange sending limits per mailbox: message rate (30/min: over it, delivery is DELAYED, not
// refused) and recipient rate (10,000 per rolling 24 h: over it, sending is refused).
// Messages are delivered in admission order. Not thread-safe.
class SendingPacer {
 public:
  SendingPacer(int messages_per_minute, int recipients_per_day);

  struct Admission {
    bool allowed;
    std::chrono::system_clock::time_point deliver_at;
  };
  // For a message with `recipients` recipients submitted at `now`: allowed=false when the
  // 24-h recipient budget would be exceeded (nothing recorded; deliver_at is then `now`);
  // otherwise the time its delivery is due: `now`, or later so that no more than
  // messages_per_minute deliveries fall in any 60-second interval. Times may arrive slightly out
  // of order, as for SlidingWindowLimiter.
  Admission Admit(const std::string& mailbox_id, int recipients,
                  std::chrono::system_clock::time_point now);
  // Takes effect for the next Admit; history is kept.
  void SetLimits(int messages_per_minute, int recipients_per_day);

  // Number of mailboxes currently remembered (for tests of memory bounds).
  std::size_t MailboxCount() const { return mailboxes_.size(); }

 private:
  using TimePoint = std::chrono::system_clock::time_point;
  struct Sent {
    TimePoint at;
    int recipients;
  };
  struct MailboxState {
    std::deque<Sent> sent;  // admissions in the last 24 h with at least one recipient
    long long recipients_in_window = 0;
    std::deque<TimePoint> deliveries;  // the last messages_per_minute delivery times
  };
  void PruneRecipients(MailboxState& state, TimePoint now) const;
  TimePoint NextDelivery(MailboxState& state, TimePoint now) const;
  void SweepIdleMailboxes(TimePoint now);

  int messages_per_minute_;
  int recipients_per_day_;
  std::unordered_map<std::string, MailboxState> mailboxes_;
  std::size_t calls_until_sweep_ = 1024;  // as in SlidingWindowLimiter
};

}  // namespace graphpost::sandbox::graph
