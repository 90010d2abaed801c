// What follows a failed attempt: decided on the error code and Retry-After only.
#include "delivery/attempt_outcome.hpp"

#include <gtest/gtest.h>

#include "core/random.hpp"

namespace graphpost::delivery {
namespace {

using namespace std::chrono_literals;

Error Err(ErrorCode code, std::optional<std::chrono::seconds> retry_after = std::nullopt,
          std::string remote = "") {
  Error e;
  e.code = code;
  e.message = "m";
  e.retry_after = retry_after;
  e.remote_code = std::move(remote);
  return e;
}

// A Random whose Uniform always returns the upper bound, so delays are the backoff ceiling.
class MaxRandom final : public Random {
 public:
  std::string Bytes(std::size_t size) override { return std::string(size, 'x'); }
  std::uint64_t Uniform(std::uint64_t, std::uint64_t hi) override { return hi; }
};

const BackoffOptions kOptions{.base = 2s, .cap = 10min, .sent_items_delay = 30s};

TEST(AttemptOutcomeTest, BackoffDoublesPerFailureUpToTheCap) {
  MaxRandom random;

  EXPECT_EQ(BackoffDelay(1, Err(ErrorCode::kUnavailable), kOptions, random), 2s);
  EXPECT_EQ(BackoffDelay(2, Err(ErrorCode::kUnavailable), kOptions, random), 4s);
  EXPECT_EQ(BackoffDelay(5, Err(ErrorCode::kUnavailable), kOptions, random), 32s);
  EXPECT_EQ(BackoffDelay(20, Err(ErrorCode::kUnavailable), kOptions, random), 10min);
  EXPECT_EQ(BackoffDelay(1000, Err(ErrorCode::kUnavailable), kOptions, random), 10min);
}

TEST(AttemptOutcomeTest, RetryAfterIsAFloorEvenBeyondTheCap) {
  MaxRandom random;

  EXPECT_EQ(BackoffDelay(1, Err(ErrorCode::kThrottled, 30s), kOptions, random), 30s);
  EXPECT_EQ(BackoffDelay(1, Err(ErrorCode::kThrottled, 1h), kOptions, random), 1h);
}

TEST(AttemptOutcomeTest, ThrottledAndUnavailableAreRetried) {
  MaxRandom random;

  auto throttled = AfterFailure(1, Err(ErrorCode::kThrottled, 7s), kOptions, random);
  auto unavailable = AfterFailure(3, Err(ErrorCode::kUnavailable), kOptions, random);

  EXPECT_EQ(throttled.step, NextStep::kRetry);
  EXPECT_EQ(throttled.delay, 7s);
  EXPECT_EQ(throttled.cause, "throttled");
  EXPECT_EQ(unavailable.step, NextStep::kRetry);
  EXPECT_EQ(unavailable.delay, 8s);
}

TEST(AttemptOutcomeTest, AnAmbiguousEndIsVerifiedNoSoonerThanTheSentItemsDelay) {
  MaxRandom random;

  auto d = AfterFailure(1, Err(ErrorCode::kDeadlineExceeded), kOptions, random);

  EXPECT_EQ(d.step, NextStep::kVerifyThenRetry);
  EXPECT_EQ(d.delay, 30s);
  EXPECT_EQ(d.cause, "timeout");
}

TEST(AttemptOutcomeTest, PermanentFailuresFailWithAStableCause) {
  MaxRandom random;

  EXPECT_EQ(AfterFailure(1, Err(ErrorCode::kNotFound), kOptions, random).cause,
            "mailbox_not_found");
  EXPECT_EQ(AfterFailure(1, Err(ErrorCode::kPermissionDenied), kOptions, random).step,
            NextStep::kFail);
  EXPECT_EQ(AfterFailure(1, Err(ErrorCode::kUnauthenticated), kOptions, random).step,
            NextStep::kFail);
  EXPECT_EQ(AfterFailure(1, Err(ErrorCode::kInvalidArgument, {}, "ErrorMessageSizeExceeded"),
                         kOptions, random)
                .cause,
            "message_too_large");
}

}  // namespace
}  // namespace graphpost::delivery
