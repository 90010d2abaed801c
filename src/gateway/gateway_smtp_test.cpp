// SMTP through the whole composition root: the listener on a free port, an account in the real
// outbox (or a relay range), the intake, the stand-in engine told of the lane, the session's log
// record in the gateway's log, the counters in /metrics and the ports in gateway.json.
#include <future>

#include "core/base64.hpp"
#include "crypto/password_hash.hpp"
#include "gateway/gateway_test_fixture.hpp"
#include "smtp/server/smtp_test_client.hpp"

namespace graphpost::gateway {
namespace {

using namespace std::chrono_literals;
using smtp::testing::SmtpTestClient;

constexpr char kPassword[] = "correct horse battery staple";

class GatewaySmtpTest : public GatewayTest {
 protected:
  void AddAccount(Gateway& gw, std::vector<std::string> senders = {}) {
    auto hash = crypto::HashPassword(Secret(kPassword), crypto::PasswordHashLimits::Minimum());
    ASSERT_TRUE(hash);
    outbox::SmtpAccountRecord account{.name = "scanner",
                                      .password_hash = *hash,
                                      .connections = {"contoso"},
                                      .senders = std::move(senders),
                                      .created_at = clock_.WallNow(),
                                      .password_changed_at = clock_.WallNow()};
    std::promise<Status> stored;
    gw.outbox().PutSmtpAccount(account, [&](Status s) { stored.set_value(s); });
    ASSERT_TRUE(stored.get_future().get());
  }

  // EHLO and (unless empty) AUTH PLAIN as scanner; false when either is refused.
  static bool Hello(SmtpTestClient& client, bool auth = true) {
    if (!client.ReadReply().starts_with("220")) return false;
    if (!client.Command("EHLO client.example").starts_with("250")) return false;
    if (!auth) return true;
    const std::string plain = Base64Encode(std::string("\0scanner\0", 9) + kPassword);
    return client.Command("AUTH PLAIN " + plain).starts_with("235");
  }

  // MAIL, RCPT, DATA with `mime`; the reply to the message (or the first refusal).
  static std::string SendMessage(SmtpTestClient& client, const std::string& from,
                                 const std::string& mime) {
    if (auto r = client.Command("MAIL FROM:<" + from + ">"); !r.starts_with("250")) return r;
    if (auto r = client.Command("RCPT TO:<pat@example.com>"); !r.starts_with("250")) return r;
    if (auto r = client.Command("DATA"); !r.starts_with("354")) return r;
    client.Send(mime + ".\r\n");
    return client.ReadReply();
  }

  static std::string Mime(const std::string& from, std::size_t body_bytes = 10) {
    std::string body;
    while (body.size() < body_bytes) body += std::string(76, 'x') + "\r\n";
    return "From: " + from + "\r\nTo: pat@example.com\r\nSubject: scan\r\n\r\n" + body;
  }
};

TEST_F(GatewaySmtpTest, AnAuthenticatedMessageIsQueuedAnsweredWithItsIdAndItsLaneNotified) {
  auto gw = StartGateway();
  ASSERT_TRUE(gw) << gw.error().message;
  AddAccount(**gw);
  SmtpTestClient client((*gw)->endpoint().smtp_port);
  ASSERT_TRUE(Hello(client));

  const std::string reply = SendMessage(client, "a@contoso.com", Mime("a@contoso.com"));

  ASSERT_TRUE(reply.starts_with("250 2.0.0 queued as ")) << reply;
  const std::string id = reply.substr(20, reply.size() - 22);
  auto record = (*gw)->outbox().Get(id, "account:scanner");
  ASSERT_TRUE(record) << id;
  EXPECT_EQ(record->lane, (outbox::LaneKey{"contoso", "a@contoso.com"}));
  {
    std::unique_lock lock(mu_);
    ASSERT_TRUE(cv_.wait_for(lock, 10s, [&] { return !engine_.notified.empty(); }));
    EXPECT_EQ(engine_.notified[0], (outbox::LaneKey{"contoso", "a@contoso.com"}));
  }
  EXPECT_TRUE(client.Command("QUIT").starts_with("221"));
  client.ReadUntilClosed();
  auto ended = log_.WithMessage("smtp session ended");
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(ended[0].Field("principal"), "account:scanner");
  EXPECT_FALSE(ended[0].Field("session_id").empty());
  EXPECT_FALSE(log_.Contains(kPassword));
}

TEST_F(GatewaySmtpTest, ASenderOutsideTheAccountsMailboxesGets550AndNothingIsStored) {
  auto gw = StartGateway();
  ASSERT_TRUE(gw) << gw.error().message;
  AddAccount(**gw);
  SmtpTestClient client((*gw)->endpoint().smtp_port);
  ASSERT_TRUE(Hello(client));

  const std::string reply = SendMessage(client, "boss@fabrikam.com", Mime("boss@fabrikam.com"));

  EXPECT_EQ(reply,
            "550 5.7.1 account:scanner may not send as boss@fabrikam.com; it may send as "
            "a@contoso.com\r\n");
  auto page = (*gw)->outbox().List({.limit = 10});
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->messages.empty());
}

TEST_F(GatewaySmtpTest, ARelayRangeSubmitsWithoutAuth) {
  configure_ = [](GatewayConfig& c) {
    c.smtp.relay = {{.from = "127.0.0.0/8", .connections = {"contoso"}, .senders = {}}};
  };
  auto gw = StartGateway();
  ASSERT_TRUE(gw) << gw.error().message;
  SmtpTestClient client((*gw)->endpoint().smtp_port);
  ASSERT_TRUE(Hello(client, /*auth=*/false));

  const std::string reply = SendMessage(client, "a@contoso.com", Mime("a@contoso.com"));

  ASSERT_TRUE(reply.starts_with("250 2.0.0 queued as ")) << reply;
  auto record = (*gw)->outbox().Get(reply.substr(20, reply.size() - 22), std::nullopt);
  ASSERT_TRUE(record);
  EXPECT_EQ(record->api_key_id, "range:127.0.0.0/8");
}

TEST_F(GatewaySmtpTest, ARelayRangeNamingAConnectionThatDoesNotExistStopsTheStart) {
  configure_ = [](GatewayConfig& c) {
    c.smtp.relay = {{.from = "10.0.0.0/8", .connections = {"contoso", "nosuch"}, .senders = {}}};
  };

  auto gw = StartGateway();

  ASSERT_FALSE(gw);
  EXPECT_EQ(gw.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(gw.error().message.find("10.0.0.0/8"), std::string::npos) << gw.error().message;
  EXPECT_NE(gw.error().message.find("'nosuch'"), std::string::npos) << gw.error().message;
}

TEST_F(GatewaySmtpTest, AFullOutboxAnswers452AndStoresNothing) {
  auto gw = StartGateway(1 << 20);
  ASSERT_TRUE(gw) << gw.error().message;
  AddAccount(**gw);
  SmtpTestClient client((*gw)->endpoint().smtp_port);
  ASSERT_TRUE(Hello(client));

  const std::string reply = SendMessage(client, "a@contoso.com", Mime("a@contoso.com", 2 << 20));

  EXPECT_EQ(reply, "452 4.3.1 storage full; try again later\r\n");
  auto page = (*gw)->outbox().List({.limit = 10});
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->messages.empty());
  EXPECT_TRUE(client.Command("NOOP").starts_with("250"));  // the session goes on
}

TEST_F(GatewaySmtpTest, MetricsAndGatewayJsonShowTheListener) {
  auto gw = StartGateway();
  ASSERT_TRUE(gw) << gw.error().message;
  AddAccount(**gw);
  {
    SmtpTestClient client((*gw)->endpoint().smtp_port);
    ASSERT_TRUE(Hello(client));
    ASSERT_TRUE(SendMessage(client, "a@contoso.com", Mime("a@contoso.com")).starts_with("250"));
    ASSERT_TRUE(SendMessage(client, "x@fabrikam.com", Mime("x@fabrikam.com")).starts_with("550"));
  }

  auto metrics = Call(**gw, "GET", "/metrics").body;
  auto endpoint = ParseJson(*ReadFileText(EndpointFile(dir_.path())));

  EXPECT_NE(
      metrics.find("graphpost_smtp_messages_accepted_total{principal=\"account:scanner\"} 1\n"),
      std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("graphpost_smtp_messages_refused_total{principal=\"account:scanner\","
                         "class=\"5xx\"} 1\n"),
            std::string::npos);
  EXPECT_NE(metrics.find("graphpost_smtp_message_bytes_total{principal=\"account:scanner\"} "),
            std::string::npos);
  EXPECT_NE(metrics.find("graphpost_smtp_sessions_total 1\n"), std::string::npos);
  ASSERT_TRUE(endpoint);
  EXPECT_EQ(JsonInt(*endpoint, "smtp_port"), (*gw)->endpoint().smtp_port);
  EXPECT_EQ(JsonInt(*endpoint, "smtps_port"), 0);
  EXPECT_NE((*gw)->endpoint().smtp_port, 0);
}

TEST_F(GatewaySmtpTest, StartTlsUsesTheApisCertificateWhenSmtpHasNoneOfItsOwn) {
  const std::string testdata = std::string(GRAPHPOST_SOURCE_DIR) + "/testing/testdata/";
  const auto key_file = dir_.path() / "tls_key.pem";
  ASSERT_TRUE(
      WriteFileAtomic(key_file, *ReadFileText(testdata + "tls_server_key.pem"), kOwnerOnly));
  auto gw = StartGateway(0, testdata + "tls_server.pem", key_file);
  ASSERT_TRUE(gw) << gw.error().message;
  AddAccount(**gw);
  SmtpTestClient client((*gw)->endpoint().smtp_port);
  ASSERT_TRUE(client.ReadReply().starts_with("220"));
  ASSERT_NE(client.Command("EHLO client.example").find("STARTTLS"), std::string::npos);

  ASSERT_TRUE(client.Command("STARTTLS").starts_with("220"));
  ASSERT_TRUE(client.StartTls());

  ASSERT_TRUE(client.tls());
  ASSERT_TRUE(client.Command("EHLO client.example").starts_with("250"));
  const std::string plain = Base64Encode(std::string("\0scanner\0", 9) + kPassword);
  ASSERT_TRUE(client.Command("AUTH PLAIN " + plain).starts_with("235"));
  EXPECT_TRUE(SendMessage(client, "a@contoso.com", Mime("a@contoso.com")).starts_with("250 2.0.0"));
}

TEST_F(GatewaySmtpTest, ShutdownClosesOpenSessionsWith421AndStopsTheEngine) {
  auto gw = StartGateway();
  ASSERT_TRUE(gw) << gw.error().message;
  AddAccount(**gw);
  SmtpTestClient client((*gw)->endpoint().smtp_port);
  ASSERT_TRUE(Hello(client));

  (*gw)->Shutdown();

  EXPECT_TRUE(client.ReadReply().starts_with("421 4.3.2"));
  EXPECT_TRUE(client.ReadUntilClosed().empty());
  std::lock_guard lock(mu_);
  EXPECT_TRUE(engine_.stopped_with.has_value());
}

TEST_F(GatewaySmtpTest, SmtpOffOpensNoListener) {
  configure_ = [](GatewayConfig& c) { c.smtp.enabled = false; };

  auto gw = StartGateway();

  ASSERT_TRUE(gw) << gw.error().message;
  EXPECT_EQ((*gw)->endpoint().smtp_port, 0);
  EXPECT_EQ(Call(**gw, "GET", "/metrics").body.find("graphpost_smtp_"), std::string::npos);
}

}  // namespace
}  // namespace graphpost::gateway
