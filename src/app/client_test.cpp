#include "app/client.hpp"

#include <gtest/gtest.h>

#include "auth/token_test_fixtures.hpp"
#include "log/capturing_logger.hpp"
#include "testing/fake_clock.hpp"
#include "testing/fake_http_transport.hpp"
#include "testing/fake_random.hpp"
#include "testing/temp_dir.hpp"

namespace graphpost::app {
namespace {

constexpr char kSecret[] = "Qx8Q~first.secret_from-the-Entra-portal~42";
constexpr char kRotated[] = "Qx8Q~second.secret_from-the-Entra-portal~7";

// Every transport the Client makes forwards to one fake, so the test sees all requests.
class ForwardingTransport final : public http::HttpTransport {
 public:
  explicit ForwardingTransport(http::HttpTransport& target) : target_(target) {}
  [[nodiscard]] Result<http::ClientResponse> Send(const http::ClientRequest& request) override {
    return target_.Send(request);
  }

 private:
  http::HttpTransport& target_;
};

connections::Connection Billing() {
  connections::Connection c;
  c.name = "billing";
  c.tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  c.client_id = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
  c.user_id = "billing@contoso.com";
  c.client_secret = Secret(kSecret);
  c.cloud = "custom";
  c.login_url = "https://127.0.0.1:8443";
  c.graph_url = "https://127.0.0.1:8443/v1.0";
  return c;
}

http::ClientResponse Accepted() {
  http::ClientResponse r;
  r.status = 202;
  return r;
}

class ClientTest : public ::testing::Test {
 protected:
  std::unique_ptr<Client> OpenClient() {
    auto client = Client::Open(
        {.data_dir = dir_.path()},
        {.clock = &clock_,
         .random = &random_,
         .transport_factory = [this](const std::string&) -> std::unique_ptr<http::HttpTransport> {
           return std::make_unique<ForwardingTransport>(http_);
         },
         .wait = [this](std::chrono::milliseconds d) { clock_.Advance(d); },
         .log = &log_});
    EXPECT_TRUE(client) << client.error().message;
    return client ? std::move(*client) : nullptr;
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  testing::FakeRandom random_;
  testing::FakeHttpTransport http_;
  log::CapturingLogger log_;
};

TEST_F(ClientTest, ReturnsTheCachedSessionWhileTheConnectionIsUnchanged) {
  auto client = OpenClient();
  ASSERT_TRUE(client->connections().Add(Billing()));

  auto first = client->Session("billing");
  auto second = client->Session("billing");

  ASSERT_TRUE(first) << first.error().message;
  ASSERT_TRUE(second);
  EXPECT_EQ(first->get(), second->get());
}

TEST_F(ClientTest, RotatingTheSecretReplacesTheSessionEvenWithinTheSameClockTick) {
  auto client = OpenClient();
  ASSERT_TRUE(client->connections().Add(Billing()));
  auto before = client->Session("billing");
  ASSERT_TRUE(before);

  ASSERT_TRUE(client->connections().RotateSecret("billing", Secret(kRotated), std::nullopt));
  auto after = client->Session("billing");

  ASSERT_TRUE(after) << after.error().message;
  EXPECT_NE(before->get(), after->get());
  EXPECT_EQ((*after)->credential.client_secret.Reveal(), kRotated);
  EXPECT_EQ((*before)->credential.client_secret.Reveal(), kSecret);  // still usable by its holder
}

TEST_F(ClientTest, ARemovedConnectionHasNoSession) {
  auto client = OpenClient();
  ASSERT_TRUE(client->connections().Add(Billing()));
  ASSERT_TRUE(client->Session("billing"));

  ASSERT_TRUE(client->connections().Remove("billing"));
  auto session = client->Session("billing");

  ASSERT_FALSE(session);
  EXPECT_EQ(session.error().code, ErrorCode::kNotFound);
}

TEST_F(ClientTest, NamesAreMatchedWithoutRegardToCase) {
  auto client = OpenClient();
  ASSERT_TRUE(client->connections().Add(Billing()));

  auto lower = client->Session("billing");
  auto upper = client->Session("BILLING");

  ASSERT_TRUE(lower && upper);
  EXPECT_EQ(lower->get(), upper->get());
}

TEST_F(ClientTest, ResolveIsAppliedBeforeTheSessionIsBuilt) {
  auto client = Client::Open({.data_dir = dir_.path(),
                              .resolve =
                                  [](connections::Connection c) {
                                    c.graph_url = "https://127.0.0.1:9999/v1.0";
                                    return c;
                                  }},
                             {.clock = &clock_, .random = &random_});
  ASSERT_TRUE(client) << client.error().message;
  ASSERT_TRUE((*client)->connections().Add(Billing()));

  auto session = (*client)->Session("billing");

  ASSERT_TRUE(session) << session.error().message;
  EXPECT_EQ((*session)->graph_base, "https://127.0.0.1:9999/v1.0");
}

TEST_F(ClientTest, MailSenderSendsFromTheConnectionsMailboxAndLogsWithoutSecrets) {
  auto client = OpenClient();
  ASSERT_TRUE(client->connections().Add(Billing()));
  const std::string token = auth::test::FakeAccessToken("t1");
  http_.Enqueue(auth::test::TokenReply(token, std::chrono::hours{1}));
  http_.Enqueue(Accepted());
  graph::OutgoingMessage message;
  message.subject = "Invoice";
  message.body = "Hello";
  message.to.push_back({.name = "", .address = "customer@fabrikam.com"});

  auto report = client->mail_sender().Send(
      {.connection = "billing", .message = message, .message_id = "m-1"});

  ASSERT_TRUE(report) << report.error().error.message;
  EXPECT_EQ(report->attempts, 1);
  const auto requests = http_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].url, "https://127.0.0.1:8443/v1.0/users/billing@contoso.com/sendMail");
  auto sent = log_.WithMessage("message sent");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].Field("message_id"), "m-1");
  EXPECT_EQ(sent[0].Field("mailbox"), "billing@contoso.com");
  EXPECT_FALSE(log_.Contains(kSecret));
  EXPECT_FALSE(log_.Contains(token));
}

TEST_F(ClientTest, MailSenderRefusesAnUnknownConnectionBeforeAnyRequest) {
  auto client = OpenClient();

  auto report = client->mail_sender().Send({.connection = "nobody", .message_id = "m-2"});

  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().error.code, ErrorCode::kNotFound);
  EXPECT_EQ(http_.request_count(), 0u);
}

}  // namespace
}  // namespace graphpost::app

namespace graphpost::app {
namespace {

TEST_F(ClientTest, AnIsolatedSessionAsksForItsOwnTokenWhileTheCachedOneIsValid) {
  auto client = OpenClient();
  ASSERT_TRUE(client->connections().Add(Billing()));
  http_.Enqueue(auth::test::TokenReply(auth::test::FakeAccessToken("t1"), std::chrono::hours{1}));
  http_.Enqueue(Accepted());
  graph::OutgoingMessage message;
  message.subject = "Invoice";
  message.to.push_back({.name = "", .address = "customer@fabrikam.com"});
  ASSERT_TRUE(client->mail_sender().Send(
      {.connection = "billing", .message = message, .message_id = "m-1"}));
  http_.Enqueue(auth::test::TokenReply(auth::test::FakeAccessToken("t2"), std::chrono::hours{1}));

  auto isolated = client->OpenIsolatedSession("BILLING");

  ASSERT_TRUE(isolated) << isolated.error().message;
  EXPECT_EQ(isolated->session->connection.name, "billing");
  ASSERT_TRUE(isolated->session->tokens->GetToken());
  EXPECT_EQ(http_.request_count(), 3u);  // a token request of its own, not the cached token
  EXPECT_EQ(isolated->runtime->token_requests(), 1u);
  EXPECT_EQ(client->token_requests(), 1u);
  EXPECT_EQ(client->OpenIsolatedSession("nobody").error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace graphpost::app
