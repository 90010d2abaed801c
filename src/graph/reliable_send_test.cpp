#include "graph/reliable_send.hpp"

#include <gtest/gtest.h>

#include "core/json.hpp"
#include "graph/internal/fake_token_provider.hpp"
#include "testing/fake_clock.hpp"
#include "testing/fake_http_transport.hpp"
#include "testing/fake_random.hpp"

namespace graphpost::graph {
namespace {

using namespace std::chrono_literals;
using graphpost::testing::FakeClock;
using graphpost::testing::FakeHttpTransport;
using graphpost::testing::FakeRandom;
using graphpost::testing::JsonResponse;
using internal::FakeTokenProvider;

constexpr char kMailbox[] = "sender@contoso.com";
constexpr char kId[] = "7d0c6c4e-2f55-4b43-9d3a-0c1f0e2b9a11";

http::ClientResponse Reply(int status, std::string retry_after = "") {
  http::ClientResponse r = JsonResponse(status, status == 202 ? "" : R"({"error":{"code":"x"}})");
  if (!retry_after.empty()) r.headers.Set("Retry-After", retry_after);
  return r;
}

// kDeadlineExceeded: sent, no answer (outcome unknown); kUnavailable: never sent.
Error TransportFailure(ErrorCode code) {
  return Error{code, "http: POST to graph.test failed", std::nullopt, {}};
}

http::ClientResponse Found() { return JsonResponse(200, R"({"value":[{"id":"AAMk1"}]})"); }
http::ClientResponse NotFound() { return JsonResponse(200, R"({"value":[]})"); }

OutgoingMessage Message() {
  OutgoingMessage m;
  m.subject = "Invoice";
  m.body = "Hi";
  m.to = {{"", "ann@contoso.com"}};
  return m;
}

class ReliableSendTest : public ::testing::Test {
 protected:
  Expected<SendReport, SendFailure> Send(OutgoingMessage m = Message()) {
    return SendWithRetries(client_, kMailbox, std::move(m), kId, options_, clock_, random_,
                           [this](std::chrono::milliseconds d) {
                             waits_.push_back(d);
                             clock_.Advance(d);
                           });
  }
  std::size_t Count(std::string_view method, std::string_view path_part) const {
    std::size_t n = 0;
    for (const auto& r : http_.requests())
      n += (r.method == method && r.url.find(path_part) != std::string::npos) ? 1 : 0;
    return n;
  }

  FakeClock clock_;
  FakeRandom random_;
  FakeHttpTransport http_;
  FakeTokenProvider tokens_;
  GraphMailClient client_{http_, tokens_, random_, {.base_url = "https://graph.test/v1.0"}};
  ReliableSendOptions options_{
      .retry = {.initial_backoff = 1s, .max_backoff = 8s, .retry_for = 120s},
      .sent_items = {.lookups = 3, .pause = 2s}};
  std::vector<std::chrono::milliseconds> waits_;
};

TEST_F(ReliableSendTest, EveryAttemptCarriesTheMessageIdProperty) {
  http_.Enqueue(Reply(503));
  http_.Enqueue(Reply(202));

  ASSERT_TRUE(Send());

  for (const auto& r : http_.requests()) {
    auto body = ParseJson(r.body);
    ASSERT_TRUE(body);
    EXPECT_EQ(ToJson((*body).at("message").at("singleValueExtendedProperties")),
              std::string(R"([{"id":")") + kMessageIdProperty + R"(","value":")" + kId + R"("}])");
  }
}

TEST_F(ReliableSendTest, ThrottledAttemptsWaitRetryAfterAndThenSucceed) {
  http_.Enqueue(Reply(429, "1"));
  http_.Enqueue(Reply(429, "1"));
  http_.Enqueue(Reply(202));

  auto report = Send();

  ASSERT_TRUE(report) << report.error().error.message;
  EXPECT_EQ(report->outcome, SendOutcome::kAccepted);
  EXPECT_EQ(report->attempts, 3);
  EXPECT_EQ(waits_, (std::vector<std::chrono::milliseconds>{1000ms, 1000ms}));
}

TEST_F(ReliableSendTest, ANonRetryableErrorFailsAtOnce) {
  http_.Enqueue(Reply(400));

  auto report = Send();

  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().error.code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(report.error().delivery_unknown);
  EXPECT_EQ(http_.request_count(), 1u);
}

TEST_F(ReliableSendTest, ARetryAfterBeyondTheDeadlineEndsWithTheReason) {
  http_.Enqueue(Reply(429, "300"));

  auto report = Send();

  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().error.code, ErrorCode::kThrottled);
  EXPECT_NE(report.error().error.message.find("Graph asked to wait 300 s (Retry-After), beyond the "
                                              "retry deadline (120 s left)"),
            std::string::npos)
      << report.error().error.message;
  EXPECT_EQ(http_.request_count(), 1u);
}

TEST_F(ReliableSendTest, ATimeoutAfterSendingIsFoundInSentItemsAndNotResent) {
  http_.Enqueue(Fail(TransportFailure(ErrorCode::kDeadlineExceeded)));
  http_.Enqueue(NotFound());
  http_.Enqueue(Found());

  auto report = Send();

  ASSERT_TRUE(report) << report.error().error.message;
  EXPECT_EQ(report->outcome, SendOutcome::kFoundInSentItems);
  EXPECT_EQ(Count("POST", "/sendMail"), 1u);
  EXPECT_EQ(Count("GET", "/mailFolders/sentitems/messages"), 2u);
  EXPECT_EQ(waits_, (std::vector<std::chrono::milliseconds>{2000ms}));
}

TEST_F(ReliableSendTest, NotInSentItemsAfterEveryLookupIsResent) {
  http_.Enqueue(Reply(504));
  for (int i = 0; i < 3; ++i) http_.Enqueue(NotFound());
  http_.Enqueue(NotFound());  // no draft left in Drafts (a JSON sendMail makes none)
  http_.Enqueue(Reply(202));

  auto report = Send();

  ASSERT_TRUE(report) << report.error().error.message;
  EXPECT_EQ(report->outcome, SendOutcome::kAccepted);
  EXPECT_EQ(report->attempts, 2);
  EXPECT_EQ(Count("POST", "/sendMail"), 2u);
  EXPECT_EQ(waits_, (std::vector<std::chrono::milliseconds>{2000ms, 2000ms, 0ms}));
}

TEST_F(ReliableSendTest, ADraftLeftByALostSendIsDeletedBeforeTheResend) {
  http_.Enqueue(Reply(504));
  for (int i = 0; i < 3; ++i) http_.Enqueue(NotFound());
  http_.Enqueue(Found());     // the unsent draft, with the same id, in Drafts
  http_.Enqueue(Reply(204));  // its DELETE
  http_.Enqueue(Reply(202));

  auto report = Send();

  ASSERT_TRUE(report) << report.error().error.message;
  EXPECT_EQ(Count("GET", "/drafts/"), 1u);
  ASSERT_EQ(Count("DELETE", "/messages/AAMk1"), 1u);
  EXPECT_EQ(http_.requests().back().method, "POST") << "deleted before the resend";
  EXPECT_EQ(Count("POST", "/sendMail"), 2u);
}

TEST_F(ReliableSendTest, ARefusedLookupMeansDeliveryUnknownWithTheIdToLookFor) {
  http_.Enqueue(Fail(TransportFailure(ErrorCode::kDeadlineExceeded)));
  http_.Enqueue(Reply(403));

  auto report = Send();

  ASSERT_FALSE(report);
  EXPECT_TRUE(report.error().delivery_unknown);
  EXPECT_EQ(report.error().error.code, ErrorCode::kDeadlineExceeded);
  EXPECT_NE(report.error().error.message.find("delivery unknown"), std::string::npos);
  EXPECT_NE(report.error().error.message.find(std::string("X-Graphpost-Id: ") + kId),
            std::string::npos);
  EXPECT_EQ(Count("POST", "/sendMail"), 1u);
  EXPECT_EQ(Count("GET", "/sentitems/"), 1u);
}

TEST_F(ReliableSendTest, LookupsThatKeepFailingMeanDeliveryUnknown) {
  http_.Enqueue(Fail(TransportFailure(ErrorCode::kDeadlineExceeded)));
  for (int i = 0; i < 3; ++i) http_.Enqueue(Fail(TransportFailure(ErrorCode::kDeadlineExceeded)));

  auto report = Send();

  ASSERT_FALSE(report);
  EXPECT_TRUE(report.error().delivery_unknown);
  EXPECT_EQ(Count("POST", "/sendMail"), 1u);
  EXPECT_EQ(Count("GET", "/sentitems/"), 3u);
}

TEST_F(ReliableSendTest, AnAmbiguousFailureWithoutASentItemsCopyIsDeliveryUnknownAtOnce) {
  OutgoingMessage m = Message();
  m.save_to_sent_items = false;
  http_.Enqueue(Fail(TransportFailure(ErrorCode::kDeadlineExceeded)));

  auto report = Send(m);

  ASSERT_FALSE(report);
  EXPECT_TRUE(report.error().delivery_unknown);
  EXPECT_NE(report.error().error.message.find("not saved to Sent Items"), std::string::npos);
  EXPECT_NE(report.error().error.message.find("in the recipients' mailboxes"), std::string::npos);
  EXPECT_EQ(report.error().error.message.find("'s Sent Items or"), std::string::npos)
      << "no Sent Items copy to look for";
  EXPECT_EQ(http_.request_count(), 1u);
}

TEST_F(ReliableSendTest, AFailureBeforeSendingIsRetriedWithoutALookup) {
  http_.Enqueue(Fail(TransportFailure(ErrorCode::kUnavailable)));  // connection refused
  http_.Enqueue(Reply(202));

  auto report = Send();

  ASSERT_TRUE(report) << report.error().error.message;
  EXPECT_EQ(Count("GET", "/sentitems/"), 0u);
  EXPECT_EQ(Count("POST", "/sendMail"), 2u);
}

TEST_F(ReliableSendTest, SentItemsLookupsStopAtTheRetryDeadline) {
  options_.retry.retry_for = 3s;  // room for the first lookup and one 2 s pause
  http_.Enqueue(Fail(TransportFailure(ErrorCode::kDeadlineExceeded)));
  for (int i = 0; i < 3; ++i) http_.Enqueue(Fail(TransportFailure(ErrorCode::kDeadlineExceeded)));

  auto report = Send();

  ASSERT_FALSE(report);
  EXPECT_TRUE(report.error().delivery_unknown);
  EXPECT_EQ(Count("GET", "/sentitems/"), 2u);
  EXPECT_EQ(waits_, (std::vector<std::chrono::milliseconds>{2000ms}));
}

TEST_F(ReliableSendTest, GivingUpAfterTheDeadlineIsAPlainFailure) {
  options_.retry.retry_for = 3s;
  random_.PushUniform(1000);
  random_.PushUniform(2000);
  for (int i = 0; i < 3; ++i) http_.Enqueue(Reply(503));

  auto report = Send();

  ASSERT_FALSE(report);
  EXPECT_FALSE(report.error().delivery_unknown);
  EXPECT_EQ(report.error().error.code, ErrorCode::kUnavailable);
  EXPECT_NE(
      report.error().error.message.find("after 3 attempts; the retry deadline (3 s) has passed"),
      std::string::npos)
      << report.error().error.message;
}

}  // namespace
}  // namespace graphpost::graph
