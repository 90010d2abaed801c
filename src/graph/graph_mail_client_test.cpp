#include "graph/graph_mail_client.hpp"

#include <gtest/gtest.h>

#include "core/base64.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "graph/internal/fake_token_provider.hpp"
#include "graph/mail_requests.hpp"
#include "testing/fake_http_transport.hpp"
#include "testing/fake_random.hpp"

namespace graphpost::graph {
namespace {

using graphpost::testing::FakeHttpTransport;
using graphpost::testing::FakeRandom;
using graphpost::testing::JsonResponse;
using internal::FakeTokenProvider;

constexpr char kBase[] = "https://graph.test/v1.0";
constexpr char kMailbox[] = "sender@contoso.com";

http::ClientResponse Accepted() {
  http::ClientResponse r;
  r.status = 202;
  return r;
}

OutgoingMessage SimpleMessage() {
  OutgoingMessage m;
  m.subject = "Hello";
  m.body = "Body";
  m.to = {{"Ann", "ann@contoso.com"}};
  return m;
}

std::string Header(const http::ClientRequest& r, std::string_view name) {
  return std::string(r.headers.Get(name).value_or("<none>"));
}

class GraphMailClientTest : public ::testing::Test {
 protected:
  FakeHttpTransport http_;
  FakeTokenProvider tokens_;
  FakeRandom random_;
  GraphMailClient client_{http_, tokens_, random_, GraphClientOptions{.base_url = kBase}};
};

TEST_F(GraphMailClientTest, SendMailPostsJsonWithBearerTokenAndRequestId) {
  http_.Enqueue(Accepted());

  Status sent = client_.SendMail(kMailbox, SimpleMessage());

  ASSERT_TRUE(sent.has_value()) << sent.error().message;
  ASSERT_EQ(http_.request_count(), 1u);
  const http::ClientRequest r = http_.requests()[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "https://graph.test/v1.0/users/sender@contoso.com/sendMail");
  EXPECT_EQ(Header(r, "Authorization"), "Bearer token-1");
  EXPECT_EQ(Header(r, "Content-Type"), "application/json");
  EXPECT_TRUE(IsGuid(Header(r, "client-request-id")));
  EXPECT_EQ(r.body, ToJson(SendMailToGraphJson(SimpleMessage())));
}

TEST_F(GraphMailClientTest, EveryRequestGetsItsOwnClientRequestId) {
  http_.Enqueue(Accepted());
  http_.Enqueue(Accepted());

  ASSERT_TRUE(client_.SendMail(kMailbox, SimpleMessage()).has_value());
  ASSERT_TRUE(client_.SendMail(kMailbox, SimpleMessage()).has_value());

  EXPECT_NE(Header(http_.requests()[0], "client-request-id"),
            Header(http_.requests()[1], "client-request-id"));
}

TEST_F(GraphMailClientTest, AcceptedWithJsonContentTypeAndEmptyBodyIsSuccess) {
  http_.Enqueue(JsonResponse(202, ""));

  EXPECT_TRUE(client_.SendMail(kMailbox, SimpleMessage()).has_value());
}

TEST_F(GraphMailClientTest, TrailingSlashInBaseUrlIsIgnored) {
  GraphMailClient client(http_, tokens_, random_, {.base_url = "https://graph.test/v1.0/"});
  http_.Enqueue(Accepted());

  ASSERT_TRUE(client.SendMail("a b@contoso.com", SimpleMessage()).has_value());

  EXPECT_EQ(http_.requests()[0].url, "https://graph.test/v1.0/users/a%20b@contoso.com/sendMail");
}

TEST_F(GraphMailClientTest, SmallAttachmentGoesInlineInOneSendMail) {
  OutgoingMessage m = SimpleMessage();
  m.attachments.push_back(
      {.name = "note.txt", .content_type = "text/plain", .bytes = std::string(10 * 1024, 'n')});
  http_.Enqueue(Accepted());

  ASSERT_TRUE(client_.SendMail(kMailbox, m).has_value());

  ASSERT_EQ(http_.request_count(), 1u);
  auto body = ParseJson(http_.requests()[0].body);
  ASSERT_TRUE(body.has_value());
  const auto& attachment = body->at("message").at("attachments").at(0);
  EXPECT_EQ(attachment.at("name"), "note.txt");
  EXPECT_EQ(Base64Decode(attachment.at("contentBytes").as_string()), m.attachments[0].bytes);
}

TEST_F(GraphMailClientTest, AttachmentJustBelowThreeMegabytesStillFitsOneRequest) {
  OutgoingMessage m = SimpleMessage();
  std::string bytes(static_cast<std::size_t>(2.9 * 1024 * 1024), '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 7);
  m.attachments.push_back({.name = "scan.pdf", .content_type = "application/pdf", .bytes = bytes});
  http_.Enqueue(Accepted());

  ASSERT_TRUE(client_.SendMail(kMailbox, m).has_value());

  ASSERT_EQ(http_.request_count(), 1u);
  const http::ClientRequest r = http_.requests()[0];
  EXPECT_TRUE(r.url.ends_with("/sendMail"));
  EXPECT_LE(r.body.size(), 4u * 1024 * 1024);
  auto body = ParseJson(r.body);
  ASSERT_TRUE(body.has_value());
  EXPECT_EQ(
      Base64Decode(body->at("message").at("attachments").at(0).at("contentBytes").as_string()),
      bytes);
}

TEST_F(GraphMailClientTest, FortyMegabyteMessageIsRefusedBeforeAnyRequest) {
  OutgoingMessage m = SimpleMessage();
  m.attachments.push_back({.name = "huge.iso", .bytes = std::string(40u * 1024 * 1024, 'h')});

  Status sent = client_.SendMail(kMailbox, m);

  ASSERT_FALSE(sent.has_value());
  EXPECT_EQ(sent.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(sent.error().message.starts_with("message is 40.0 MB")) << sent.error().message;
  EXPECT_NE(sent.error().message.find("Exchange Online accepts at most 35 MB"), std::string::npos);
  EXPECT_EQ(http_.request_count(), 0u);
  EXPECT_EQ(tokens_.get_count(), 0);
}

TEST_F(GraphMailClientTest, NonXHeaderIsRefusedBeforeAnyRequest) {
  OutgoingMessage m = SimpleMessage();
  m.headers = {{"List-Unsubscribe", "<mailto:u@contoso.com>"}};

  Status sent = client_.SendMail(kMailbox, m);

  ASSERT_FALSE(sent.has_value());
  EXPECT_EQ(sent.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(http_.request_count(), 0u);
}

TEST_F(GraphMailClientTest, SendMimePostsBase64AsTextPlain) {
  const std::string mime =
      "From: sender@contoso.com\r\nTo: ann@contoso.com\r\nSubject: Hi\r\n\r\nHello\r\n";
  http_.Enqueue(Accepted());

  ASSERT_TRUE(client_.SendMime(kMailbox, mime).has_value());

  const http::ClientRequest r = http_.requests()[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "https://graph.test/v1.0/users/sender@contoso.com/sendMail");
  EXPECT_EQ(Header(r, "Content-Type"), "text/plain");
  EXPECT_EQ(Header(r, "Authorization"), "Bearer token-1");
  EXPECT_EQ(r.body, Base64Encode(mime));
}

TEST_F(GraphMailClientTest, SendMimeRefusesWhatCannotFitOneRequest) {
  Status sent = client_.SendMime(kMailbox, std::string(3200 * 1024, 'm'));

  ASSERT_FALSE(sent.has_value());
  EXPECT_EQ(sent.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(http_.request_count(), 0u);
}

TEST_F(GraphMailClientTest, CreateDraftFromMimePostsBase64ToMessagesAndReturnsTheId) {
  const std::string mime =
      "Message-ID: <m1@contoso.com>\r\nFrom: sender@contoso.com\r\nSubject: Hi\r\n\r\nHello\r\n";
  http_.Enqueue(JsonResponse(201, R"({"id":"AAMkDraft1","isDraft":true})"));

  auto id = client_.CreateDraftFromMime(kMailbox, mime);

  ASSERT_TRUE(id.has_value()) << id.error().message;
  EXPECT_EQ(*id, "AAMkDraft1");
  const http::ClientRequest r = http_.requests()[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "https://graph.test/v1.0/users/sender@contoso.com/messages");
  EXPECT_EQ(Header(r, "Content-Type"), "text/plain");
  EXPECT_EQ(r.body, Base64Encode(mime));
}

TEST_F(GraphMailClientTest, CreateDraftFromMimeWithoutMailReadWriteIsPermissionDenied) {
  http_.Enqueue(JsonResponse(
      403, R"({"error":{"code":"ErrorAccessDenied","message":"Access is denied. Check credentials and try again."}})"));

  auto id = client_.CreateDraftFromMime(kMailbox, "Subject: x\r\n\r\nbody");

  ASSERT_FALSE(id.has_value());
  EXPECT_EQ(id.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(id.error().remote_code, "ErrorAccessDenied");
  EXPECT_EQ(id.error().message.rfind("graph create draft: 403", 0), 0u) << id.error().message;
}

TEST_F(GraphMailClientTest, CreateDraftFromMimeRefusesWhatCannotFitOneRequest) {
  auto id = client_.CreateDraftFromMime(kMailbox, std::string(3200 * 1024, 'm'));

  ASSERT_FALSE(id.has_value());
  EXPECT_EQ(id.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(http_.request_count(), 0u);
}

TEST_F(GraphMailClientTest, UnauthorizedInvalidatesTheTokenAndRetriesOnce) {
  http_.Enqueue(JsonResponse(401,
                             R"({"error":{"code":"InvalidAuthenticationToken",)"
                             R"("message":"Lifetime validation failed, the token is expired."}})"));
  http_.Enqueue(Accepted());

  Status sent = client_.SendMail(kMailbox, SimpleMessage());

  ASSERT_TRUE(sent.has_value()) << sent.error().message;
  ASSERT_EQ(http_.request_count(), 2u);
  EXPECT_EQ(tokens_.invalidated(), std::vector<std::string>{"token-1"});
  EXPECT_EQ(Header(http_.requests()[1], "Authorization"), "Bearer token-2");
  EXPECT_EQ(http_.requests()[1].body, http_.requests()[0].body);
}

TEST_F(GraphMailClientTest, SecondUnauthorizedIsReturnedWithoutAThirdTry) {
  const char* body =
      R"({"error":{"code":"InvalidAuthenticationToken","message":"Access token is empty."}})";
  http_.Enqueue(JsonResponse(401, body));
  http_.Enqueue(JsonResponse(401, body));

  Status sent = client_.SendMail(kMailbox, SimpleMessage());

  ASSERT_FALSE(sent.has_value());
  EXPECT_EQ(sent.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(sent.error().remote_code, "InvalidAuthenticationToken");
  EXPECT_EQ(http_.request_count(), 2u);
  EXPECT_EQ(tokens_.invalidated().size(), 1u);
}

TEST_F(GraphMailClientTest, ThrottlingIsNotRetriedAndKeepsRetryAfter) {
  auto throttled =
      JsonResponse(429, R"({"error":{"code":"ApplicationThrottled",)"
                        R"("message":"Application is over its MailboxConcurrency limit."}})");
  throttled.headers.Set("Retry-After", "7");
  http_.Enqueue(throttled);

  Status sent = client_.SendMail(kMailbox, SimpleMessage());

  ASSERT_FALSE(sent.has_value());
  EXPECT_EQ(sent.error().code, ErrorCode::kThrottled);
  EXPECT_EQ(sent.error().retry_after, std::chrono::seconds(7));
  EXPECT_EQ(sent.error().message,
            "graph sendMail: 429 ApplicationThrottled: Application is over its MailboxConcurrency "
            "limit.");
  EXPECT_EQ(http_.request_count(), 1u);
  EXPECT_TRUE(tokens_.invalidated().empty());
}

TEST_F(GraphMailClientTest, TransportFailureKeepsItsCodeWithContext) {
  http_.Enqueue(Fail(ErrorCode::kUnavailable, "http: POST to graph.test failed: refused"));

  Status sent = client_.SendMail(kMailbox, SimpleMessage());

  ASSERT_FALSE(sent.has_value());
  EXPECT_EQ(sent.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(sent.error().message, "graph sendMail: http: POST to graph.test failed: refused");
}

TEST_F(GraphMailClientTest, TokenFailureIsReturnedWithoutAnyGraphRequest) {
  Error entra{ErrorCode::kUnauthenticated, "entra: 401 invalid_client: AADSTS7000215: bad secret",
              std::nullopt, "AADSTS7000215"};
  tokens_.FailWith(entra);

  Status sent = client_.SendMail(kMailbox, SimpleMessage());

  ASSERT_FALSE(sent.has_value());
  EXPECT_EQ(sent.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(sent.error().remote_code, "AADSTS7000215");
  EXPECT_EQ(http_.request_count(), 0u);
}

TEST_F(GraphMailClientTest, TokenNeverAppearsInErrorMessages) {
  http_.Enqueue(JsonResponse(400,
                             R"({"error":{"code":"BadRequest",)"
                             R"("message":"Rejected header Authorization: Bearer token-1"}})"));

  Status sent = client_.SendMail(kMailbox, SimpleMessage());

  ASSERT_FALSE(sent.has_value());
  EXPECT_EQ(sent.error().message.find("token-1"), std::string::npos) << sent.error().message;
  EXPECT_NE(sent.error().message.find("Bearer ***"), std::string::npos);
}

TEST_F(GraphMailClientTest, SendDraftPostsAnEmptyBodyWithContentLengthZero) {
  http_.Enqueue(Accepted());

  ASSERT_TRUE(client_.SendDraft(kMailbox, "AAMk/1=").has_value());

  const http::ClientRequest r = http_.requests()[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "https://graph.test/v1.0/users/sender@contoso.com/messages/AAMk%2F1%3D/send");
  EXPECT_EQ(Header(r, "Content-Length"), "0");
  EXPECT_EQ(Header(r, "Content-Type"), "<none>");
  EXPECT_EQ(Header(r, "Authorization"), "Bearer token-1");
  EXPECT_EQ(r.body, "");
}

TEST_F(GraphMailClientTest, CreateDraftReturnsTheNewMessageId) {
  http_.Enqueue(JsonResponse(201, R"({"id":"AAMkDraft1","isDraft":true})"));

  auto id = client_.CreateDraft(kMailbox, SimpleMessage());

  ASSERT_TRUE(id.has_value()) << id.error().message;
  EXPECT_EQ(*id, "AAMkDraft1");
  const http::ClientRequest r = http_.requests()[0];
  EXPECT_EQ(r.url, "https://graph.test/v1.0/users/sender@contoso.com/messages");
  EXPECT_EQ(r.body, ToJson(MessageToGraphJson(SimpleMessage(), false)));
}

TEST_F(GraphMailClientTest, DraftNotSavedToSentItemsAsksExchangeToDeleteAfterSubmit) {
  OutgoingMessage m = SimpleMessage();
  m.save_to_sent_items = false;
  http_.Enqueue(JsonResponse(201, R"({"id":"AAMkDraft1"})"));

  ASSERT_TRUE(client_.CreateDraft(kMailbox, m).has_value());

  auto body = ParseJson(http_.requests()[0].body);
  ASSERT_TRUE(body.has_value());
  EXPECT_EQ(ToJson(body->at("singleValueExtendedProperties")),
            R"([{"id":"Boolean 0x0E01","value":"true"}])");
}

TEST_F(GraphMailClientTest, CreateDraftWithoutIdInResponseIsAnInternalError) {
  http_.Enqueue(JsonResponse(201, R"({"isDraft":true})"));

  auto id = client_.CreateDraft(kMailbox, SimpleMessage());

  ASSERT_FALSE(id.has_value());
  EXPECT_EQ(id.error().code, ErrorCode::kInternal);
}

TEST_F(GraphMailClientTest, ATokenTimeoutIsNotAnUnknownSendOutcome) {
  tokens_.FailWith(
      Error{ErrorCode::kDeadlineExceeded, "Entra token endpoint: timeout", std::nullopt, ""});

  Status sent = client_.SendMail(kMailbox, SimpleMessage());

  ASSERT_FALSE(sent.has_value());
  EXPECT_EQ(sent.error().code, ErrorCode::kUnavailable);  // sendMail never went out
  EXPECT_EQ(http_.request_count(), 0u);
}

TEST_F(GraphMailClientTest, FindMessageByPropertyBuildsTheExactFilter) {
  http_.Enqueue(JsonResponse(200, R"({"value":[]})"));

  auto found = client_.FindMessageByProperty(
      kMailbox, "sentitems", "String {00020386-0000-0000-C000-000000000046} Name X-Graphpost-Id",
      "abc'1");

  ASSERT_TRUE(found.has_value()) << found.error().message;
  EXPECT_FALSE(found->has_value());
  EXPECT_EQ(http_.requests()[0].method, "GET");
  EXPECT_EQ(http_.requests()[0].url,
            "https://graph.test/v1.0/users/sender@contoso.com/mailFolders/sentitems/messages"
            "?$filter=singleValueExtendedProperties%2Fany%28ep%3A%20ep%2Fid%20eq%20"
            "%27String%20%7B00020386-0000-0000-C000-000000000046%7D%20Name%20X-Graphpost-Id%27"
            "%20and%20ep%2Fvalue%20eq%20%27abc%27%271%27%29"
            "&$select=id,internetMessageId,subject,from,sentDateTime");
  EXPECT_EQ(Header(http_.requests()[0], "Content-Type"), "<none>");
}

TEST(MailRequestsTest, FindByInternetMessageIdEscapesQuotesAndEncodesTheFilter) {
  GraphCall call = FindMessageByInternetMessageIdCall(kMailbox, "sentitems", "<o'k.1@host>");

  EXPECT_EQ(call.method, "GET");
  EXPECT_EQ(call.path,
            "/users/sender@contoso.com/mailFolders/sentitems/messages"
            "?$filter=internetMessageId%20eq%20%27%3Co%27%27k.1%40host%3E%27"
            "&$select=id,internetMessageId,subject,from,sentDateTime");
  EXPECT_TRUE(call.body.empty());
}

TEST(MailRequestsTest, MimeCallsFitTheRequestLimitOrAreNotMade) {
  GraphClientOptions options;
  options.max_request_bytes = 8;
  EXPECT_EQ(MimeSendMailCall(kMailbox, "123456", options)->body, Base64Encode("123456"));
  EXPECT_EQ(MimeSendMailCall(kMailbox, "123456", options)->content_type, "text/plain");
  EXPECT_FALSE(MimeSendMailCall(kMailbox, "1234567", options).has_value());
  EXPECT_EQ(MimeDraftCall(kMailbox, "123456", options)->path, "/users/sender@contoso.com/messages");
  EXPECT_FALSE(MimeDraftCall(kMailbox, "1234567", options).has_value());
}

TEST_F(GraphMailClientTest, FindMessageByPropertyReturnsTheFirstMatch) {
  http_.Enqueue(JsonResponse(
      200, R"({"value":[{"id":"AAMk1","internetMessageId":"<m1@contoso.com>","subject":"Hi",)"
           R"("from":{"emailAddress":{"name":"S","address":"sender@contoso.com"}},)"
           R"("sentDateTime":"2024-02-02T19:22:43Z"},{"id":"AAMk2"}]})"));

  auto found = client_.FindMessageByProperty(kMailbox, "sentitems", "String 0x1", "v");

  ASSERT_TRUE(found.has_value());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, "AAMk1");
  EXPECT_EQ((*found)->internet_message_id, "<m1@contoso.com>");
  EXPECT_EQ((*found)->subject, "Hi");
  EXPECT_EQ((*found)->from_address, "sender@contoso.com");
  EXPECT_EQ((*found)->sent_date_time, "2024-02-02T19:22:43Z");
}

TEST_F(GraphMailClientTest, NewestMessageAsksForTheLatestSentOne) {
  http_.Enqueue(JsonResponse(
      200, R"({"value":[{"id":"AAMk1","from":{"emailAddress":{"address":"refs@contoso.com"}}}]})"));

  auto newest = client_.NewestMessage(kMailbox, "sentitems");

  ASSERT_TRUE(newest.has_value()) << newest.error().message;
  ASSERT_TRUE(newest->has_value());
  EXPECT_EQ((*newest)->from_address, "refs@contoso.com");
  EXPECT_EQ(http_.requests()[0].url,
            "https://graph.test/v1.0/users/sender@contoso.com/mailFolders/sentitems/messages"
            "?$top=1&$orderby=sentDateTime%20desc"
            "&$select=id,internetMessageId,subject,from,sentDateTime");
}

TEST_F(GraphMailClientTest, NewestMessageOfAnEmptyFolderIsNone) {
  http_.Enqueue(JsonResponse(200, R"({"value":[]})"));

  auto newest = client_.NewestMessage(kMailbox, "sentitems");

  ASSERT_TRUE(newest.has_value()) << newest.error().message;
  EXPECT_FALSE(newest->has_value());
}

TEST_F(GraphMailClientTest, GetUserReadsTheProfile) {
  http_.Enqueue(JsonResponse(200, R"({"id":"u1","displayName":"Ann Lee","mail":null,)"
                                  R"("userPrincipalName":"ann@contoso.com"})"));

  auto user = client_.GetUser("ann@contoso.com");

  ASSERT_TRUE(user.has_value()) << user.error().message;
  EXPECT_EQ(user->id, "u1");
  EXPECT_EQ(user->display_name, "Ann Lee");
  EXPECT_EQ(user->mail, "");
  EXPECT_EQ(user->user_principal_name, "ann@contoso.com");
  EXPECT_EQ(http_.requests()[0].url,
            "https://graph.test/v1.0/users/ann@contoso.com"
            "?$select=id,displayName,mail,userPrincipalName");
}

TEST_F(GraphMailClientTest, FindUserByAddressFiltersOnProxyAddresses) {
  http_.Enqueue(JsonResponse(200, R"({"value":[{"id":"u1","displayName":"Ann Lee",)"
                                  R"("mail":"ann.lee@contoso.com",)"
                                  R"("userPrincipalName":"ann@contoso.onmicrosoft.com"}]})"));

  auto user = client_.FindUserByAddress("ann@contoso.com");

  ASSERT_TRUE(user.has_value()) << user.error().message;
  ASSERT_TRUE(user->has_value());
  EXPECT_EQ((*user)->mail, "ann.lee@contoso.com");
  EXPECT_EQ((*user)->id, "u1");
  EXPECT_EQ(http_.requests()[0].method, "GET");
  EXPECT_EQ(http_.requests()[0].url,
            "https://graph.test/v1.0/users?$filter="
            "proxyAddresses%2Fany%28x%3Ax%20eq%20%27smtp%3Aann%40contoso.com%27%29"
            "&$select=id,displayName,mail,userPrincipalName");
  EXPECT_EQ(Header(http_.requests()[0], "Authorization"), "Bearer token-1");
}

TEST_F(GraphMailClientTest, FindUserByAddressIsEmptyWhenNoUserHasIt) {
  http_.Enqueue(JsonResponse(200, R"({"value":[]})"));

  auto user = client_.FindUserByAddress("nobody@contoso.com");

  ASSERT_TRUE(user.has_value()) << user.error().message;
  EXPECT_FALSE(user->has_value());
}

TEST_F(GraphMailClientTest, FindUserByAddressQuotesTheAddress) {
  http_.Enqueue(JsonResponse(200, R"({"value":[]})"));

  ASSERT_TRUE(client_.FindUserByAddress("o'brien@contoso.com"));

  EXPECT_NE(http_.requests()[0].url.find("%27smtp%3Ao%27%27brien%40contoso.com%27"),
            std::string::npos)
      << http_.requests()[0].url;
}

TEST_F(GraphMailClientTest, FindUserByAddressReturnsTheClassifiedError) {
  http_.Enqueue(
      JsonResponse(403, R"({"error":{"code":"Authorization_RequestDenied",)"
                        R"("message":"Insufficient privileges to complete the operation."}})"));

  auto user = client_.FindUserByAddress("ann@contoso.com");

  ASSERT_FALSE(user.has_value());
  EXPECT_EQ(user.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(user.error().remote_code, "Authorization_RequestDenied");
}

TEST_F(GraphMailClientTest, ProbeMailboxReturnsTheClassifiedErrorAsIs) {
  http_.Enqueue(
      JsonResponse(403, R"({"error":{"code":"ErrorAccessDenied",)"
                        R"("message":"Access is denied. Check credentials and try again."}})"));

  Status probe = client_.ProbeMailbox(kMailbox);

  ASSERT_FALSE(probe.has_value());
  EXPECT_EQ(probe.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(probe.error().remote_code, "ErrorAccessDenied");
  EXPECT_EQ(http_.requests()[0].url,
            "https://graph.test/v1.0/users/sender@contoso.com/mailFolders/inbox?$select=id");
}

TEST_F(GraphMailClientTest, DeleteMessageSendsDelete) {
  http_.Enqueue([] {
    http::ClientResponse r;
    r.status = 204;
    return r;
  }());

  ASSERT_TRUE(client_.DeleteMessage(kMailbox, "AAMk1").has_value());

  EXPECT_EQ(http_.requests()[0].method, "DELETE");
  EXPECT_EQ(http_.requests()[0].url,
            "https://graph.test/v1.0/users/sender@contoso.com/messages/AAMk1");
}

}  // namespace
}  // namespace graphpost::graph
