#include "graph/retry_policy.hpp"

#include <algorithm>
#include <cstdint>

namespace graphpost::graph {
namespace {

using std::chrono::milliseconds;

std::string Seconds(milliseconds d) {
  return std::to_string(std::chrono::ceil<std::chrono::seconds>(d).count()) + " s";
}

}  // namespace

RetryPolicy::RetryPolicy(RetryOptions options, Clock& clock, Random& random)
    : options_(options),
      clock_(clock),
      random_(random),
      deadline_(clock.MonotonicNow() + options.retry_for) {}

milliseconds RetryPolicy::BackoffCeiling() const {
  milliseconds ceiling = options_.initial_backoff;
  for (int i = 1; i < failures_ && ceiling < options_.max_backoff; ++i) ceiling *= 2;
  return std::min(ceiling, options_.max_backoff);
}

RetryDecision RetryPolicy::After(const Error& error) {
  ++failures_;
  if (!IsRetryable(error)) return {};
  const milliseconds left = Remaining();
  if (left <= milliseconds{0}) {
    return {.stopped_because =
                "the retry deadline (" + Seconds(options_.retry_for) + ") has passed"};
  }
  if (error.retry_after && milliseconds(*error.retry_after) > left) {
    return {.stopped_because = "Graph asked to wait " + Seconds(*error.retry_after) +
                               " (Retry-After), beyond the retry deadline (" + Seconds(left) +
                               " left)"};
  }
  // Full jitter spreads clients that failed together across the whole window.
  const auto ceiling = static_cast<std::uint64_t>(BackoffCeiling().count());
  milliseconds delay{static_cast<milliseconds::rep>(random_.Uniform(0, ceiling))};
  if (error.retry_after) delay = std::max<milliseconds>(delay, *error.retry_after);
  return {.retry = true, .delay = std::min(delay, left)};
}

milliseconds RetryPolicy::Remaining() const {
  const auto left = deadline_ - clock_.MonotonicNow();
  return std::max(milliseconds{0}, std::chrono::duration_cast<milliseconds>(left));
}

}  // namespace graphpost::graph
