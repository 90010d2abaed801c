#include "delivery/attempt_outcome.hpp"

#include <algorithm>
#include <cstdint>

namespace graphpost::delivery {

using std::chrono::milliseconds;

milliseconds BackoffDelay(int failures, const Error& error, const BackoffOptions& options,
                          Random& random) {
  const int doublings = std::clamp(failures - 1, 0, 30);
  const std::int64_t base = std::max<std::int64_t>(1, options.base.count());
  const std::int64_t ceiling =
      std::min<std::int64_t>(options.cap.count(), base << std::min(doublings, 40));
  milliseconds delay{static_cast<std::int64_t>(
      random.Uniform(0, static_cast<std::uint64_t>(std::max<std::int64_t>(0, ceiling))))};
  if (error.retry_after) delay = std::max<milliseconds>(delay, *error.retry_after);
  return delay;
}

Disposition AfterFailure(int failures, const Error& error, const BackoffOptions& options,
                         Random& random) {
  const std::string cause = CauseOf(error);
  switch (error.code) {
    case ErrorCode::kThrottled:
    case ErrorCode::kUnavailable:
      return {NextStep::kRetry, BackoffDelay(failures, error, options, random), cause};
    case ErrorCode::kDeadlineExceeded:
      return {NextStep::kVerifyThenRetry,
              std::max(options.sent_items_delay, BackoffDelay(failures, error, options, random)),
              cause};
    default:
      return {NextStep::kFail, milliseconds{0}, cause};
  }
}

std::string CauseOf(const Error& error) {
  const std::string& remote = error.remote_code;
  switch (error.code) {
    case ErrorCode::kThrottled:
      return "throttled";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kDeadlineExceeded:
      return "timeout";
    case ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ErrorCode::kPermissionDenied:
      return "permission_denied";
    case ErrorCode::kNotFound:
      return "mailbox_not_found";
    case ErrorCode::kInvalidArgument:
      if (remote == "ErrorMessageSizeExceeded" || remote == "RequestEntityTooLarge")
        return "message_too_large";
      return "invalid_message";
    case ErrorCode::kFailedPrecondition:
    case ErrorCode::kAlreadyExists:
      return "conflict";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

}  // namespace graphpost::delivery
