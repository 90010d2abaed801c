#include "api/api.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/api_test_fixture.hpp"
#include "core/form.hpp"

namespace graphpost::api {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST_F(ApiTest, SubmitAnswers202WithTheIdOnceTheMessageIsStored) {
  Reply reply = Post("/v1/messages", Message("contoso"), alice_);

  ASSERT_EQ(reply.status, 202) << reply.body;
  EXPECT_EQ(reply.content_type, "application/json");
  const std::string id = JsonString(reply.json, "id").value_or("");
  EXPECT_EQ(JsonString(reply.json, "status"), "queued");
  EXPECT_EQ(JsonString(reply.json, "guarantee"), "exactly-once");
  auto record = store_->Get(id, std::nullopt);
  ASSERT_TRUE(record);
  EXPECT_EQ(record->state, outbox::MessageState::kQueued);
  EXPECT_EQ(record->lane, (outbox::LaneKey{"contoso", "alice@contoso.com"}));
  EXPECT_EQ(record->api_key_id, key_ids_[alice_]);
  EXPECT_EQ(record->recipients, 1);
  EXPECT_EQ(record->created_at, clock_.WallNow());
  EXPECT_THAT(Notified(), ElementsAre(outbox::LaneKey{"contoso", "alice@contoso.com"}));
}

TEST_F(ApiTest, TheStoredPayloadIsTheCanonicalMessageNamingItsLane) {
  const std::string id = SubmitOk("contoso", alice_);

  auto record = store_->Get(id, std::nullopt);

  ASSERT_TRUE(record);
  auto stored = message::ParseApiMessage(record->payload);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->connection, "contoso");
  EXPECT_EQ(stored->from, "alice@contoso.com");
  EXPECT_EQ(stored->message.subject, "Hi");
}

TEST_F(ApiTest, SendAtAndTimeToLiveScheduleTheMessage) {
  Reply reply = Post("/v1/messages",
                     Message("contoso", R"(,"sendAt":"2026-11-27T09:00:00Z","timeToLive":60,)"
                                        R"("saveToSentItems":false)"),
                     alice_);
  ASSERT_EQ(reply.status, 202) << reply.body;

  auto record = store_->Get(JsonString(reply.json, "id").value_or(""), std::nullopt);

  ASSERT_TRUE(record);
  EXPECT_EQ(JsonString(reply.json, "guarantee"), "at-least-once");
  EXPECT_EQ(record->send_at, clock_.WallNow() + std::chrono::hours(24));
  EXPECT_EQ(record->next_attempt_at, record->send_at);
  EXPECT_EQ(record->expires_at, clock_.WallNow() + std::chrono::seconds(60));
  EXPECT_FALSE(record->save_to_sent_items);
}

TEST_F(ApiTest, GetShowsTheMessageWithItsAttempts) {
  const std::string id = SubmitOk("contoso", alice_);

  Reply reply = Get("/v1/messages/" + id, alice_);

  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(JsonString(reply.json, "id"), id);
  EXPECT_EQ(JsonString(reply.json, "status"), "queued");
  EXPECT_EQ(JsonString(reply.json, "connection"), "contoso");
  EXPECT_EQ(JsonString(reply.json, "from"), "alice@contoso.com");
  EXPECT_EQ(JsonString(reply.json, "createdAt"), "2026-11-26T09:00:00Z");
  EXPECT_EQ(JsonString(reply.json, "guarantee"), "exactly-once");
  ASSERT_NE(JsonArray(reply.json, "attempts"), nullptr);
  EXPECT_TRUE(JsonArray(reply.json, "attempts")->empty());
}

TEST_F(ApiTest, MalformedJsonIs400NamingTheByteOffset) {
  Reply reply = Post("/v1/messages", R"({"connection": "contoso", "to": [)", alice_);

  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(reply.content_type, "application/problem+json");
  EXPECT_EQ(JsonString(reply.json, "type"), "urn:graphpost:problem:malformed-json");
  EXPECT_THAT(JsonString(reply.json, "detail").value_or(""), HasSubstr("at byte 33"));
  EXPECT_THAT(ErrorPaths(reply), ElementsAre("$"));
}

TEST_F(ApiTest, WrongTypesAndMissingFieldsAre400NamingEachField) {
  Reply reply = Post("/v1/messages",
                     R"({"connection":"contoso","to":"bob@fabrikam.com",)"
                     R"("subject":42})",
                     alice_);

  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(JsonString(reply.json, "type"), "urn:graphpost:problem:invalid-message");
  EXPECT_EQ(JsonInt(reply.json, "status"), 400);
  EXPECT_THAT(ErrorPaths(reply), ::testing::UnorderedElementsAre("$.to", "$.subject", "$"));
}

TEST_F(ApiTest, BadAddressIs400NamingTheField) {
  Reply reply = Post("/v1/messages",
                     R"({"connection":"contoso","to":["bob@fabrikam.com"],"cc":["not an address"],)"
                     R"("text":""})",
                     alice_);

  EXPECT_EQ(reply.status, 400);
  EXPECT_THAT(ErrorPaths(reply), ElementsAre("$.cc[0]"));
}

TEST_F(ApiTest, UnknownConnectionIs400NamingTheField) {
  Reply own = Post("/v1/messages", Message("ghost"), alice_);  // in alice's list, but gone
  Reply admin = Post("/v1/messages", Message("nowhere"), admin_);

  EXPECT_EQ(own.status, 400);
  EXPECT_THAT(ErrorPaths(own), ElementsAre("$.connection"));
  EXPECT_EQ(admin.status, 400);
  EXPECT_THAT(ErrorPaths(admin), ElementsAre("$.connection"));
}

TEST_F(ApiTest, ABodyOverTheLimitIs413BeforeItIsRead) {
  MakeApi({.max_message_request_bytes = 1024 * 1024});
  http::Request head = Head("POST", "/v1/messages", alice_);
  head.headers.Set("Content-Length", std::to_string(10 * 1024 * 1024));

  http::Admission admission = api_->Admit(head);

  ASSERT_TRUE(admission.refusal);
  EXPECT_EQ(admission.refusal->status, 413);
  Reply reply = ToReply(*admission.refusal);
  EXPECT_EQ(JsonString(reply.json, "type"), "urn:graphpost:problem:payload-too-large");
  EXPECT_THAT(reply.body, HasSubstr("1.0 MB"));
}

TEST_F(ApiTest, ATenMegabyteBodyOverALoweredLimitIs413InHandleToo) {
  MakeApi({.max_message_request_bytes = 1024 * 1024});
  http::Request request = Head("POST", "/v1/messages", alice_);
  request.body = Message("contoso", R"(,"html":")" + std::string(10 * 1024 * 1024, 'x') + "\"");
  std::promise<http::Response> answer;

  api_->Handle(std::move(request), [&](http::Response r) { answer.set_value(std::move(r)); });

  EXPECT_EQ(answer.get_future().get().status, 413);
}

TEST_F(ApiTest, AdmitAcceptsEachRouteWithItsOwnLimit) {
  MakeApi({.max_message_request_bytes = 1000,
           .max_batch_request_bytes = 5000,
           .max_other_request_bytes = 10});

  EXPECT_EQ(api_->Admit(Head("POST", "/v1/messages", alice_)).body_limit, 1000u);
  EXPECT_EQ(api_->Admit(Head("POST", "/v1/messages/batch", alice_)).body_limit, 5000u);
  EXPECT_EQ(api_->Admit(Head("GET", "/v1/messages", alice_)).body_limit, 10u);
}

TEST_F(ApiTest, AMissingUnknownOrRevokedKeyIs401) {
  std::promise<Status> revoked;
  store_->RevokeApiKey(key_ids_[bob_], [&](Status s) { revoked.set_value(s); });
  ASSERT_TRUE(revoked.get_future().get());

  for (const std::string& key : {std::string(), std::string("gpk_unknown"), bob_}) {
    Reply reply = Post("/v1/messages", Message("fabrikam"), key);
    EXPECT_EQ(reply.status, 401);
    EXPECT_EQ(reply.headers.Get("WWW-Authenticate"), "Bearer");
    EXPECT_EQ(JsonString(reply.json, "type"), "urn:graphpost:problem:unauthenticated");
  }
  http::Request request = Head("GET", "/v1/messages", "");
  std::promise<http::Response> answer;
  api_->Handle(request, [&](http::Response r) { answer.set_value(std::move(r)); });
  EXPECT_EQ(answer.get_future().get().status, 401);
}

TEST_F(ApiTest, UnknownRoutesAre404AndWrongMethods405) {
  Reply missing = Get("/v1/nothing", alice_);
  Reply wrong = Call("DELETE", "/v1/messages", "", alice_);

  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.headers.Get("Allow"), "POST, GET");
}

TEST_F(ApiTest, AnUnknownQueryParameterNamedLikeASecretIsNotEchoed) {
  const std::string secret = "Xy8Q~c2VjcmV0c2VjcmV0c2VjcmV0.abc";

  Reply reply = Get("/v1/messages?" + secret + "=1&colour=red", alice_);

  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(reply.body.find(secret), std::string::npos) << reply.body;
  EXPECT_THAT(ErrorPaths(reply), ElementsAre("?", "?colour"));
  EXPECT_THAT(reply.body, HasSubstr("a query parameter that is not recognised"));
}

TEST_F(ApiTest, ABodyNotDeclaredAsJsonIs415) {
  Reply plain = Post("/v1/messages", Message("contoso"), alice_, {{"Content-Type", "text/plain"}});
  Reply batch = Post("/v1/messages/batch", R"({"messages":[)" + Message("contoso") + "]}", alice_,
                     {{"Content-Type", "application/x-www-form-urlencoded"}});
  Reply utf8 = Post("/v1/messages", Message("contoso"), alice_,
                    {{"Content-Type", "application/json; charset=utf-8"}});

  EXPECT_EQ(plain.status, 415);
  EXPECT_EQ(JsonString(plain.json, "type"), "urn:graphpost:problem:unsupported-media-type");
  EXPECT_EQ(batch.status, 415);
  EXPECT_EQ(utf8.status, 202);
}

TEST_F(ApiTest, AFieldGivenTwiceIs400NamingIt) {
  Reply reply = Post("/v1/messages", Message("contoso", R"(,"text":"again")"), alice_);

  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(JsonString(reply.json, "type"), "urn:graphpost:problem:invalid-message");
  EXPECT_THAT(ErrorPaths(reply), ElementsAre("$.text"));
  EXPECT_THAT(reply.body, HasSubstr("is given twice"));
}

TEST_F(ApiTest, AFieldGivenTwiceInABatchRefusesTheBatch) {
  Reply item = Post("/v1/messages/batch",
                    R"({"messages":[)" + Message("contoso") + "," +
                        Message("contoso", R"(,"subject":"again")") + "]}",
                    alice_);
  Reply envelope = Post("/v1/messages/batch",
                        R"({"messages":[)" + Message("contoso") + R"(],"messages":[]})", alice_);

  EXPECT_EQ(item.status, 400);
  EXPECT_THAT(ErrorPaths(item), ElementsAre("$.messages[1].subject"));
  EXPECT_EQ(envelope.status, 400);
  EXPECT_THAT(ErrorPaths(envelope), ElementsAre("$.messages"));
}

TEST_F(ApiTest, InvalidUtf8IsNamedAsTheCause) {
  Reply reply = Post("/v1/messages", Message("contoso", ",\"html\":\"\xC3(\""), alice_);

  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(JsonString(reply.json, "type"), "urn:graphpost:problem:malformed-json");
  EXPECT_THAT(JsonString(reply.json, "detail").value_or(""), HasSubstr("invalid UTF-8 at byte"));
}

// The example of docs/gateway.md, "Errors", answers as the docs show it.
TEST_F(ApiTest, TheDocsErrorsExampleAnswersAsDocumented) {
  Reply reply =
      Post("/v1/messages", R"({"connection":"contoso","to":["bob"],"text":"x","timeToLive":1.5})",
           alice_);

  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(
      reply.body,
      R"({"type":"urn:graphpost:problem:invalid-message","title":"The message is not valid",)"
      R"("status":400,"detail":"2 invalid field(s); see errors",)"
      R"("errors":[{"path":"$.to[0]","detail":"is not a valid e-mail address: it has no '@'"},)"
      R"j({"path":"$.timeToLive","detail":"must be a whole number (no decimal point or )j"
      R"j(exponent)"}]})j");
}

TEST_F(ApiTest, GetOnTheBatchPathIs405WithAllowPost) {
  Reply reply = Get("/v1/messages/batch", alice_);

  EXPECT_EQ(reply.status, 405);
  EXPECT_EQ(reply.headers.Get("Allow"), "POST");
  EXPECT_EQ(JsonString(reply.json, "type"), "urn:graphpost:problem:method-not-allowed");
}

TEST_F(ApiTest, TheOpenApiDocumentIsServedWithoutAKey) {
  Reply reply = Get("/v1/openapi.json", "");

  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(JsonString(reply.json, "openapi"), "3.1.0");
}

TEST_F(ApiTest, AnIdempotencyKeyReplaysTheFirstAnswerEvenAfterARestart) {
  const std::vector<http::Header> idem = {{"Idempotency-Key", "order-1"}};
  Reply first = Post("/v1/messages", Message("contoso"), alice_, idem);
  OpenStore();  // a restart: a new store over the same file, a new Api
  MakeApi();

  Reply again = Post("/v1/messages", Message("contoso"), alice_, idem);

  EXPECT_EQ(first.status, 202);
  EXPECT_EQ(again.status, 202);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.headers.Get("Idempotent-Replayed"), "true");
  auto page = store_->List({});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->messages.size(), 1u);
}

TEST_F(ApiTest, AnIdempotencyKeyWithAnotherBodyIs409) {
  const std::vector<http::Header> idem = {{"Idempotency-Key", "order-1"}};
  ASSERT_EQ(Post("/v1/messages", Message("contoso"), alice_, idem).status, 202);

  Reply other =
      Post("/v1/messages", Message("contoso", R"(,"cc":["x@contoso.com"])"), alice_, idem);

  EXPECT_EQ(other.status, 409);
  EXPECT_EQ(JsonString(other.json, "type"), "urn:graphpost:problem:idempotency-conflict");
}

TEST_F(ApiTest, AnInvalidIdempotencyKeyIs400) {
  Reply reply = Post("/v1/messages", Message("contoso"), alice_,
                     {{"Idempotency-Key", std::string(256, 'k')}});

  EXPECT_EQ(reply.status, 400);
  EXPECT_THAT(ErrorPaths(reply), ElementsAre("Idempotency-Key"));
}

TEST_F(ApiTest, AFullStoreIs503WithRetryAfterAndStoresNothing) {
  OpenStore({.max_bytes = 512 * 1024});
  MakeApi({.unavailable_retry_after = std::chrono::seconds(7)});
  const std::string big = std::string(700 * 1024, 'A');

  Reply reply =
      Post("/v1/messages",
           Message("contoso", R"(,"attachments":[{"name":"a","contentBytes":")" + big + R"("}])"),
           alice_);

  EXPECT_EQ(reply.status, 503) << reply.body;
  EXPECT_EQ(JsonString(reply.json, "type"), "urn:graphpost:problem:outbox-unavailable");
  EXPECT_EQ(reply.headers.Get("Retry-After"), "7");
  EXPECT_TRUE(Notified().empty());
  EXPECT_EQ(Post("/v1/messages", Message("contoso"), alice_).status, 202);  // small ones fit
}

TEST_F(ApiTest, ListPagesWithACursorAndFilters) {
  for (int i = 0; i < 3; ++i) {
    SubmitOk("contoso", alice_);
    clock_.Advance(std::chrono::seconds(1));
  }

  Reply first = Get("/v1/messages?limit=2", alice_);
  const std::string cursor = JsonString(first.json, "nextCursor").value_or("");
  Reply second = Get("/v1/messages?limit=2&cursor=" + PercentEncode(cursor), alice_);
  Reply delivered = Get("/v1/messages?status=delivered", alice_);

  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(JsonArray(first.json, "messages")->size(), 2u);
  EXPECT_FALSE(cursor.empty());
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(JsonArray(second.json, "messages")->size(), 1u);
  EXPECT_TRUE(second.json.as_object().at("nextCursor").is_null());
  EXPECT_EQ(JsonArray(delivered.json, "messages")->size(), 0u);
}

TEST_F(ApiTest, BadListParametersAre400NamingEachParameter) {
  Reply reply = Get("/v1/messages?status=lost&limit=0&createdAfter=yesterday&colour=red", alice_);

  EXPECT_EQ(reply.status, 400);
  EXPECT_THAT(ErrorPaths(reply), ElementsAre("?status", "?limit", "?createdAfter", "?colour"));
}

TEST_F(ApiTest, CancelThenRetryMovesTheMessageAndNotifiesItsLane) {
  const std::string id = SubmitOk("contoso", alice_);

  Reply cancelled = Post("/v1/messages/" + id + "/cancel", "", alice_);
  Reply again = Post("/v1/messages/" + id + "/cancel", "", alice_);
  Reply retried = Post("/v1/messages/" + id + "/retry", "", alice_);

  EXPECT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(JsonString(cancelled.json, "status"), "cancelled");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(JsonString(again.json, "type"), "urn:graphpost:problem:state-conflict");
  EXPECT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(JsonString(retried.json, "status"), "queued");
  EXPECT_EQ(Notified().size(), 2u);  // the submission, then the retry
}

TEST_F(ApiTest, ACancelWithAnIdempotencyKeyAnswersTheSameWhenRepeated) {
  const std::string id = SubmitOk("contoso", alice_);
  const std::vector<http::Header> idem = {{"Idempotency-Key", "cancel-1"}};

  Reply first = Post("/v1/messages/" + id + "/cancel", "", alice_, idem);
  Reply repeat = Post("/v1/messages/" + id + "/cancel", "", alice_, idem);

  EXPECT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(repeat.status, 200) << repeat.body;
  EXPECT_EQ(repeat.body, first.body);
}

}  // namespace
}  // namespace graphpost::api

namespace graphpost::api {
namespace {

TEST_F(ApiTest, ListFiltersByConnectionSenderAndCreationTime) {
  SubmitOk("contoso", admin_);
  clock_.Advance(std::chrono::minutes(1));
  const std::string later = SubmitOk("fabrikam", admin_);

  Reply by_connection = Get("/v1/messages?connection=fabrikam", admin_);
  Reply by_sender = Get("/v1/messages?sender=ALICE%40contoso.com", admin_);
  Reply after = Get("/v1/messages?createdAfter=2026-11-26T09:00:30Z", admin_);
  Reply before = Get("/v1/messages?createdBefore=2026-11-26T09:00:30%2B00:00", admin_);

  ASSERT_EQ(by_connection.status, 200) << by_connection.body;
  EXPECT_EQ(JsonString(JsonArray(by_connection.json, "messages")->at(0), "id"), later);
  EXPECT_EQ(JsonArray(by_connection.json, "messages")->size(), 1u);
  EXPECT_EQ(JsonArray(by_sender.json, "messages")->size(), 1u);
  EXPECT_EQ(JsonString(JsonArray(after.json, "messages")->at(0), "id"), later);
  EXPECT_EQ(JsonArray(after.json, "messages")->size(), 1u);
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(JsonArray(before.json, "messages")->size(), 1u);
}

TEST_F(ApiTest, ListFiltersByRecipient) {
  const std::string bob = SubmitOk("contoso", admin_);
  clock_.Advance(std::chrono::minutes(1));
  Reply carol_sent = Post("/v1/messages",
                          R"({"connection":"contoso","to":["x@y.com"],"bcc":["Carol@Example.com"],)"
                          R"("subject":"Hi","text":"Hello"})",
                          admin_);
  ASSERT_EQ(carol_sent.status, 202) << carol_sent.body;

  Reply by_bob = Get("/v1/messages?recipient=BOB%40fabrikam.com", admin_);
  Reply by_carol = Get("/v1/messages?recipient=carol%40example.com", admin_);
  Reply nobody = Get("/v1/messages?recipient=dave%40example.com", admin_);
  Reply bad = Get("/v1/messages?recipient=bob", admin_);

  ASSERT_EQ(by_bob.status, 200) << by_bob.body;
  ASSERT_EQ(JsonArray(by_bob.json, "messages")->size(), 1u);
  EXPECT_EQ(JsonString(JsonArray(by_bob.json, "messages")->at(0), "id"), bob);
  EXPECT_EQ(JsonArray(by_carol.json, "messages")->size(), 1u);
  EXPECT_EQ(JsonArray(nobody.json, "messages")->size(), 0u);
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(ErrorPaths(bad), ElementsAre("?recipient"));
}

}  // namespace
}  // namespace graphpost::api
