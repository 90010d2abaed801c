// delivery/attempt_outcome.hpp — what the engine does after one Graph attempt, decided from the
// classified error alone (never its text): delivered, retried after a backoff (honouring
// Retry-After), looked up in Sent Items before a resend (the answer was lost), or failed for good
// with a stable cause. Pure functions over an injected Random; thread-safe.
#pragma once

#include <chrono>
#include <string>

#include "core/error.hpp"
#include "core/random.hpp"

namespace graphpost::delivery {

enum class NextStep {
  kRetry,            // transient: queue again after `delay`
  kVerifyThenRetry,  // ambiguous (sent, no answer): look in Sent Items after `delay`, then decide
  kFail,             // permanent: the message fails with `cause`
};

struct Disposition {
  NextStep step = NextStep::kFail;
  std::chrono::milliseconds delay{0};
  std::string cause;  // stable, e.g. "throttled", "mailbox_not_found"; see CauseOf
};

struct BackoffOptions {
  std::chrono::milliseconds base{std::chrono::seconds{2}};
  std::chrono::milliseconds cap{std::chrono::minutes{10}};
  std::chrono::milliseconds sent_items_delay{std::chrono::seconds{30}};
};

// The wait before retry number `failures` (>= 1): full jitter, Uniform(0, min(cap, base *
// 2^(failures-1))), but never below Retry-After (which may exceed the cap: Graph asked for it).
// The same curve as graph::RetryPolicy, without its per-operation deadline: the engine's retries
// outlive a process, and a message ends by its time to live instead.
std::chrono::milliseconds BackoffDelay(int failures, const Error& error,
                                       const BackoffOptions& options, Random& random);

// The next step after an attempt failed with `error` (`failures` counts this one):
//   kThrottled, kUnavailable → kRetry after BackoffDelay;
//   kDeadlineExceeded (sent, outcome unknown) → kVerifyThenRetry after max(sent_items_delay,
//     BackoffDelay);
//   anything else → kFail (a Graph 401 is retried once with a fresh token by the caller first).
Disposition AfterFailure(int failures, const Error& error, const BackoffOptions& options,
                         Random& random);

// A stable cause for the store, metrics and the API: "throttled", "unavailable", "timeout",
// "unauthenticated", "permission_denied", "mailbox_not_found", "invalid_message",
// "message_too_large", "conflict", "internal", from the code and Graph's error code.
std::string CauseOf(const Error& error);

}  // namespace graphpost::delivery
