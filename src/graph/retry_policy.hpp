// graph/retry_policy.hpp — when to try a failed Graph call again, and after how long: 429, 503,
// 504 and network failures (ErrorCode kThrottled, kUnavailable, kDeadlineExceeded) are retried
// with capped exponential backoff and full jitter, never sooner than Retry-After, within one total
// deadline; anything else is final. Pure decision logic over an injected Clock and Random: it
// never waits; the caller waits the returned delay. Not thread-safe; one per operation.
#pragma once

#include <chrono>
#include <string>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/random.hpp"

namespace graphpost::graph {

struct RetryOptions {
  std::chrono::milliseconds initial_backoff{std::chrono::seconds{1}};  // ceiling of the 1st wait
  std::chrono::milliseconds max_backoff{std::chrono::seconds{30}};     // ceiling of any wait
  std::chrono::milliseconds retry_for{std::chrono::minutes{2}};        // total, from the start
};

struct RetryDecision {
  bool retry = false;
  std::chrono::milliseconds delay{0};  // when `retry`: wait this long, then try again
  // When not `retry` although the error was retryable: why retrying stopped, e.g. "Graph asked
  // to wait 300 s (Retry-After), beyond the 120 s retry deadline". Empty otherwise.
  std::string stopped_because;
};

class RetryPolicy {
 public:
  // The deadline starts now (clock.MonotonicNow() + options.retry_for). clock and random must
  // outlive the policy.
  RetryPolicy(RetryOptions options, Clock& clock, Random& random);

  // Decides after one more failed attempt with `error`. Retryable errors get
  // delay = max(Retry-After, Uniform(0, min(max_backoff, initial_backoff * 2^(failures-1)))) in
  // milliseconds, cut to the time left; retry is false when the deadline has passed or
  // Retry-After asks for longer than the time left.
  RetryDecision After(const Error& error);

  // Time left until the deadline (zero when past it).
  std::chrono::milliseconds Remaining() const;
  int failures() const { return failures_; }

 private:
  std::chrono::milliseconds BackoffCeiling() const;

  const RetryOptions options_;
  Clock& clock_;
  Random& random_;
  const std::chrono::steady_clock::time_point deadline_;
  int failures_ = 0;
};

}  // namespace graphpost::graph
