// GraphMailboxProbe against a FakeHttpTransport: the exact requests it sends and how it reads the
// answers.
#include "doctor/graph_probe.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/json.hpp"
#include "doctor/doctor_fakes_test.hpp"
#include "testing/fake_http_transport.hpp"
#include "testing/fake_random.hpp"

namespace graphpost::doctor {
namespace {

using graphpost::testing::JsonResponse;
using ::testing::HasSubstr;

constexpr char kBase[] = "https://graph.example.test/v1.0";

class GraphMailboxProbeTest : public ::testing::Test {
 protected:
  json::value LastBody() {
    auto parsed = ParseJson(http_.requests().back().body);
    EXPECT_TRUE(parsed.has_value());
    return parsed ? *parsed : json::value();
  }

  graphpost::testing::FakeHttpTransport http_;
  test::FakeTokenProvider tokens_;
  graphpost::testing::FakeRandom random_;
  GraphMailboxProbe probe_{
      http_, tokens_, random_, {.connection_name = "sales", .graph = {.base_url = kBase}}};
};

TEST_F(GraphMailboxProbeTest, ProbeSendPostsAMessageWithoutRecipientsThatIsNeverKept) {
  http_.Enqueue(JsonResponse(400, R"({"error":{"code":"ErrorInvalidRecipients","message":
      "At least one recipient is not valid., A message can't be sent because it contains no )"
                                  R"(recipients."}})"));

  Status probed = probe_.ProbeSend(test::kMailbox);

  ASSERT_FALSE(probed.has_value());
  EXPECT_EQ(probed.error().remote_code, "ErrorInvalidRecipients");
  EXPECT_EQ(probed.error().code, ErrorCode::kInvalidArgument);
  const http::ClientRequest request = http_.requests().back();
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, std::string(kBase) + "/users/advocacy@contoso.com/sendMail");
  json::value body = LastBody();
  EXPECT_EQ(JsonBool(body, "saveToSentItems"), false);
  const json::object* message = JsonObject(body, "message");
  ASSERT_NE(message, nullptr);
  EXPECT_FALSE(message->contains("toRecipients"));
  EXPECT_FALSE(message->contains("ccRecipients"));
  EXPECT_FALSE(message->contains("bccRecipients"));
}

TEST_F(GraphMailboxProbeTest, SendTestTagsTheMessageWithTheMarker) {
  http_.Enqueue(http::ClientResponse{.status = 202, .headers = {}, .body = ""});

  ASSERT_TRUE(probe_.SendTest(test::kMailbox, "alex@fabrikam.com", "marker-guid").has_value());

  json::value body = LastBody();
  EXPECT_EQ(JsonBool(body, "saveToSentItems"), true);
  const json::value message = *JsonObject(body, "message");
  EXPECT_EQ(JsonString(message, "subject"), "graphpost connection test sales");
  EXPECT_THAT(ToJson(message), HasSubstr(R"("address":"alex@fabrikam.com")"));
  EXPECT_THAT(ToJson(message),
              HasSubstr(R"({"id":"String {00020386-0000-0000-C000-000000000046} Name )"
                        R"(X-Graphpost-Test-Id","value":"marker-guid"})"));
}

TEST_F(GraphMailboxProbeTest, FindSentFiltersSentItemsByTheMarker) {
  http_.Enqueue(JsonResponse(200, R"({"value":[{"id":"AAMk1",
      "subject":"graphpost connection test sales",
      "from":{"emailAddress":{"address":"advocacy@contoso.com"}},
      "sentDateTime":"2026-11-26T09:00:01Z"}]})"));

  auto found = probe_.FindSent(test::kMailbox, "marker-guid");

  ASSERT_TRUE(found.has_value());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->from_address, "advocacy@contoso.com");
  const std::string url = http_.requests().back().url;
  EXPECT_THAT(url,
              HasSubstr("/users/advocacy@contoso.com/mailFolders/sentitems/messages?$filter="));
  EXPECT_THAT(url, HasSubstr("marker-guid"));
  EXPECT_THAT(url, HasSubstr("X-Graphpost-Test-Id"));
}

TEST_F(GraphMailboxProbeTest, LatestSentFromReadsTheNewestSentItem) {
  http_.Enqueue(JsonResponse(
      200,
      R"({"value":[{"from":{"emailAddress":{"name":"R","address":"references@contoso.com"}}}]})"));

  auto from = probe_.LatestSentFrom(test::kMailbox);

  ASSERT_TRUE(from.has_value());
  EXPECT_EQ(*from, std::optional<std::string>("references@contoso.com"));
  const http::ClientRequest request = http_.requests().back();
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.url, std::string(kBase) +
                             "/users/advocacy@contoso.com/mailFolders/sentitems/messages?$top=1"
                             "&$orderby=sentDateTime%20desc"
                             "&$select=id,internetMessageId,subject,from,sentDateTime");
  EXPECT_EQ(request.headers.Get("Authorization"), "Bearer " + std::string(test::kTokenValue));
  EXPECT_TRUE(request.headers.Get("client-request-id").has_value());
}

TEST_F(GraphMailboxProbeTest, LatestSentFromIsEmptyForAnEmptyFolder) {
  http_.Enqueue(JsonResponse(200, R"({"value":[]})"));

  auto from = probe_.LatestSentFrom(test::kMailbox);

  ASSERT_TRUE(from.has_value());
  EXPECT_FALSE(from->has_value());
}

TEST_F(GraphMailboxProbeTest, LatestSentFromClassifiesGraphErrors) {
  http_.Enqueue(
      JsonResponse(403, R"({"error":{"code":"ErrorAccessDenied","message":"Access is denied."}})"));

  auto from = probe_.LatestSentFrom(test::kMailbox);

  ASSERT_FALSE(from.has_value());
  EXPECT_EQ(from.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(from.error().remote_code, "ErrorAccessDenied");
  EXPECT_THAT(from.error().message, HasSubstr("graph newest message"));
}

TEST_F(GraphMailboxProbeTest, LatestSentFromRetriesOnceWithANewTokenAfter401) {
  http_.Enqueue(
      JsonResponse(401, R"({"error":{"code":"InvalidAuthenticationToken","message":"expired"}})"));
  http_.Enqueue(JsonResponse(200, R"({"value":[]})"));

  auto from = probe_.LatestSentFrom(test::kMailbox);

  EXPECT_TRUE(from.has_value());
  EXPECT_EQ(tokens_.invalidations, 1);
  EXPECT_EQ(http_.request_count(), 2u);
}

TEST_F(GraphMailboxProbeTest, LatestSentFromNeverPutsTheTokenInAnError) {
  http_.Enqueue(JsonResponse(400, std::string(R"({"error":{"code":"BadRequest","message":")") +
                                      "Rejected header Authorization: Bearer " + test::kTokenValue +
                                      R"("}})"));

  auto from = probe_.LatestSentFrom(test::kMailbox);

  ASSERT_FALSE(from.has_value());
  EXPECT_EQ(from.error().message.find(test::kTokenValue), std::string::npos)
      << from.error().message;
  EXPECT_THAT(from.error().message, HasSubstr("Bearer ***"));
}

TEST_F(GraphMailboxProbeTest, GetUserReadsTheProfile) {
  http_.Enqueue(JsonResponse(200, R"({"id":"5f6e","displayName":"Advocacy",
      "mail":"advocacy@contoso.com",
      "userPrincipalName":"advocacy@contoso.onmicrosoft.com"})"));

  auto user = probe_.GetUser(test::kMailbox);

  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->mail, "advocacy@contoso.com");
}

TEST(BuildTestMessageTest, NamesTheConnectionAndCarriesTheMarker) {
  graph::OutgoingMessage m = BuildTestMessage("sales", "alex@fabrikam.com", "0f8fad5b");

  EXPECT_EQ(m.subject, "graphpost connection test sales");
  ASSERT_EQ(m.to.size(), 1u);
  EXPECT_EQ(m.to[0].address, "alex@fabrikam.com");
  ASSERT_EQ(m.extended_properties.size(), 1u);
  EXPECT_EQ(m.extended_properties[0].first, kTestMarkerProperty);
  EXPECT_EQ(m.extended_properties[0].second, "0f8fad5b");
  EXPECT_THAT(m.body, HasSubstr("0f8fad5b"));
  EXPECT_TRUE(m.save_to_sent_items);
}

}  // namespace
}  // namespace graphpost::doctor
