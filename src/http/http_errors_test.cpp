#include "http/http_errors.hpp"

#include <gtest/gtest.h>

namespace graphpost::http {
namespace {

using std::chrono::seconds;

TEST(ErrorCodeForStatusTest, MapsEachStatusClass) {
  EXPECT_EQ(ErrorCodeForStatus(400), ErrorCode::kInvalidArgument);
  EXPECT_EQ(ErrorCodeForStatus(401), ErrorCode::kUnauthenticated);
  EXPECT_EQ(ErrorCodeForStatus(403), ErrorCode::kPermissionDenied);
  EXPECT_EQ(ErrorCodeForStatus(404), ErrorCode::kNotFound);
  EXPECT_EQ(ErrorCodeForStatus(409), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(ErrorCodeForStatus(429), ErrorCode::kThrottled);
  EXPECT_EQ(ErrorCodeForStatus(503), ErrorCode::kUnavailable);
  EXPECT_EQ(ErrorCodeForStatus(504), ErrorCode::kDeadlineExceeded);
  EXPECT_EQ(ErrorCodeForStatus(418), ErrorCode::kInvalidArgument);
  EXPECT_EQ(ErrorCodeForStatus(302), ErrorCode::kInternal);
}

TEST(ParseRetryAfterTest, AcceptsSecondsFractionsAndDates) {
  const WallTime now = *ParseIso8601("2025-08-24T12:55:18Z");

  EXPECT_EQ(ParseRetryAfter("120", std::nullopt), seconds(120));
  EXPECT_EQ(ParseRetryAfter(" 0.2 ", std::nullopt), seconds(1));
  EXPECT_EQ(ParseRetryAfter("2.128", std::nullopt), seconds(3));
  EXPECT_EQ(ParseRetryAfter("0", std::nullopt), seconds(0));
  EXPECT_EQ(ParseRetryAfter("Sun, 24 Aug 2025 12:55:20 GMT", now), seconds(2));
  EXPECT_EQ(ParseRetryAfter("Sun, 24 Aug 2025 12:00:00 GMT", now), seconds(0));
  EXPECT_FALSE(ParseRetryAfter("-5", std::nullopt).has_value());
  EXPECT_FALSE(ParseRetryAfter("", std::nullopt).has_value());
  EXPECT_FALSE(ParseRetryAfter("Sun, 31 Feb 2025 12:00:00 GMT", now).has_value());
  EXPECT_FALSE(ParseRetryAfter("Sun, 24 Aug 2025 12:55:20 GMT", std::nullopt).has_value());
}

TEST(ParseRetryAfterTest, AnAbsurdWaitIsCappedAtOneDay) {
  EXPECT_EQ(ParseRetryAfter("99999999999", std::nullopt), seconds(86400));
  EXPECT_EQ(ParseRetryAfter("Fri, 01 Jan 2100 00:00:00 GMT", *ParseIso8601("2025-01-01T00:00:00Z")),
            seconds(86400));
}

TEST(RetryAfterOfTest, MeasuresADateAgainstTheResponsesDateHeader) {
  ClientResponse response;
  EXPECT_EQ(RetryAfterOf(response, std::nullopt), std::nullopt);

  response.headers.Set("Retry-After", "Sun, 24 Aug 2025 12:55:28 GMT");
  response.headers.Set("Date", "Sun, 24 Aug 2025 12:55:18 GMT");

  EXPECT_EQ(RetryAfterOf(response, *ParseIso8601("2030-01-01T00:00:00Z")), seconds(10));
}

}  // namespace
}  // namespace graphpost::http
