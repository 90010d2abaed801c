#include "graph/graph_errors.hpp"

#include <string>

#include <gtest/gtest.h>

namespace graphpost::graph {
namespace {

using std::chrono::seconds;

http::ClientResponse GraphError(int status, std::string code, std::string message) {
  http::ClientResponse r;
  r.status = status;
  r.headers.Set("Content-Type", "application/json; odata.metadata=minimal; charset=utf-8");
  r.body = R"({"error":{"code":")" + code + R"(","message":")" + message +
           R"(","innerError":{"date":"2024-02-02T19:22:43","request-id":"r1"}}})";
  return r;
}

struct Row {
  int status;
  ErrorCode code;
};

TEST(ClassifyGraphResponseTest, MapsEveryStatusOfTheTable) {
  const Row rows[] = {
      {400, ErrorCode::kInvalidArgument},    {401, ErrorCode::kUnauthenticated},
      {403, ErrorCode::kPermissionDenied},   {404, ErrorCode::kNotFound},
      {408, ErrorCode::kDeadlineExceeded},   {409, ErrorCode::kFailedPrecondition},
      {412, ErrorCode::kFailedPrecondition}, {413, ErrorCode::kInvalidArgument},
      {415, ErrorCode::kInvalidArgument},    {429, ErrorCode::kThrottled},
      {500, ErrorCode::kUnavailable},        {502, ErrorCode::kUnavailable},
      {503, ErrorCode::kUnavailable},        {504, ErrorCode::kDeadlineExceeded},
      {507, ErrorCode::kUnavailable},        {302, ErrorCode::kInternal},
  };
  for (const Row& row : rows) {
    Error e = ClassifyGraphResponse(GraphError(row.status, "SomeCode", "text"), "graph op");

    EXPECT_EQ(e.code, row.code) << row.status;
  }
}

TEST(ClassifyGraphResponseTest, RetryableOnlyForThrottlingAndServerFailures) {
  EXPECT_TRUE(IsRetryable(ClassifyGraphResponse(GraphError(429, "c", "m"), "op")));
  EXPECT_TRUE(IsRetryable(ClassifyGraphResponse(GraphError(503, "c", "m"), "op")));
  EXPECT_FALSE(IsRetryable(ClassifyGraphResponse(GraphError(403, "c", "m"), "op")));
  EXPECT_FALSE(IsRetryable(ClassifyGraphResponse(GraphError(400, "c", "m"), "op")));
}

TEST(ClassifyGraphResponseTest, KeepsTheGraphCodeAndBuildsTheMessage) {
  auto response =
      GraphError(404, "ErrorInvalidUser", "The requested user 'x@contoso.com' is invalid.");

  Error e = ClassifyGraphResponse(response, "graph sendMail");

  EXPECT_EQ(e.code, ErrorCode::kNotFound);
  EXPECT_EQ(e.remote_code, "ErrorInvalidUser");
  EXPECT_EQ(e.message,
            "graph sendMail: 404 ErrorInvalidUser: The requested user 'x@contoso.com' is invalid.");
  EXPECT_FALSE(e.retry_after.has_value());
}

TEST(ClassifyGraphResponseTest, ThrottlingKeepsRetryAfterSeconds) {
  auto response =
      GraphError(429, "ApplicationThrottled", "Application is over its MailboxConcurrency limit.");
  response.headers.Set("Retry-After", "10");

  Error e = ClassifyGraphResponse(response, "graph sendMail");

  EXPECT_EQ(e.code, ErrorCode::kThrottled);
  EXPECT_EQ(e.remote_code, "ApplicationThrottled");
  EXPECT_EQ(e.retry_after, seconds(10));
}

TEST(ClassifyGraphResponseTest, FractionalRetryAfterIsRoundedUp) {
  auto response = GraphError(429, "TooManyRequests", "Please retry again later.");
  response.headers.Set("Retry-After", "2.128");

  EXPECT_EQ(ClassifyGraphResponse(response, "op").retry_after, seconds(3));
}

TEST(ClassifyGraphResponseTest, ZeroRetryAfterIsKept) {
  auto response = GraphError(503, "ServiceUnavailable", "busy");
  response.headers.Set("Retry-After", "0");

  Error e = ClassifyGraphResponse(response, "op");

  EXPECT_EQ(e.code, ErrorCode::kUnavailable);
  EXPECT_EQ(e.retry_after, seconds(0));
}

TEST(ClassifyGraphResponseTest, HttpDateRetryAfterIsMeasuredFromTheDateHeader) {
  auto response = GraphError(503, "ServiceUnavailable", "busy");
  response.headers.Set("Date", "Sun, 24 Aug 2025 12:55:18 GMT");
  response.headers.Set("Retry-After", "Sun, 24 Aug 2025 12:57:00 GMT");

  EXPECT_EQ(ClassifyGraphResponse(response, "op").retry_after, seconds(102));
}

TEST(ClassifyGraphResponseTest, HttpDateRetryAfterWithoutDateHeaderUsesTheGivenNow) {
  auto response = GraphError(429, "TooManyRequests", "later");
  response.headers.Set("Retry-After", "Sun, 24 Aug 2025 12:56:18 GMT");
  const WallTime now = *ParseIso8601("2025-08-24T12:55:18Z");

  EXPECT_EQ(ClassifyGraphResponse(response, "op", now).retry_after, seconds(60));
  EXPECT_FALSE(ClassifyGraphResponse(response, "op").retry_after.has_value());
}

TEST(ClassifyGraphResponseTest, MalformedRetryAfterIsDropped) {
  auto response = GraphError(429, "TooManyRequests", "later");
  response.headers.Set("Retry-After", "soon");

  Error e = ClassifyGraphResponse(response, "op");

  EXPECT_EQ(e.code, ErrorCode::kThrottled);
  EXPECT_FALSE(e.retry_after.has_value());
}

TEST(ClassifyGraphResponseTest, NonJsonBodyGivesTheReasonPhrase) {
  http::ClientResponse response;
  response.status = 502;
  response.body = "<html><body>Bad gateway</body></html>";

  Error e = ClassifyGraphResponse(response, "graph sendMail");

  EXPECT_EQ(e.code, ErrorCode::kUnavailable);
  EXPECT_EQ(e.message, "graph sendMail: 502 Bad Gateway");
  EXPECT_EQ(e.remote_code, "");
}

TEST(ClassifyGraphResponseTest, OAuthStyleBodyKeepsTheErrorString) {
  http::ClientResponse response;
  response.status = 401;
  response.body = R"({"error":"invalid_token","error_description":"The token is expired."})";

  Error e = ClassifyGraphResponse(response, "op");

  EXPECT_EQ(e.remote_code, "invalid_token");
  EXPECT_EQ(e.message, "op: 401 invalid_token: The token is expired.");
}

TEST(ClassifyGraphResponseTest, RemoteTextIsFlattenedToOneBoundedLine) {
  auto response = GraphError(400, "BadRequest", std::string(3000, 'a') + "\\r\\nInjected");

  Error e = ClassifyGraphResponse(response, "op");

  EXPECT_EQ(e.message.find('\n'), std::string::npos);
  EXPECT_LT(e.message.size(), 1100u);
}

TEST(ClassifyTransportErrorTest, KeepsTheCodeAndAddsTheOperation) {
  Error transport{ErrorCode::kDeadlineExceeded, "http: POST to graph.microsoft.com failed: timeout",
                  std::nullopt, ""};

  Error e = ClassifyTransportError(transport, "graph sendMail");

  EXPECT_EQ(e.code, ErrorCode::kDeadlineExceeded);
  EXPECT_EQ(e.message, "graph sendMail: http: POST to graph.microsoft.com failed: timeout");
}

}  // namespace
}  // namespace graphpost::graph
