// SmtpIntake over a real SQLite outbox: what it stores, when it answers, and each refusal.
#include "gateway/smtp_intake.hpp"

#include <future>

#include <gtest/gtest.h>

#include "api/api_test_fixture.hpp"
#include "log/capturing_logger.hpp"
#include "message/stored_mime.hpp"

namespace graphpost::gateway {
namespace {

using namespace std::chrono_literals;

constexpr char kMessage[] =
    "From: Alice <alice@contoso.com>\r\n"
    "To: pat@example.com\r\n"
    "Subject: Scan\r\n"
    "\r\n"
    "Hello\r\n";

class SmtpIntakeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_.Add("contoso", "alice@contoso.com");
    directory_.Add("fabrikam", "sales@fabrikam.com");
    Open();
  }

  void Open(outbox::OutboxOptions options = {}) {
    intake_.reset();
    store_.reset();
    auto store = outbox::SqliteOutboxStore::Open(dir_.path() / "outbox.db", options, clock_);
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    intake_ = std::make_unique<SmtpIntake>(
        SmtpIntakeSetup{.outbox = *store_,
                        .connections = directory_,
                        .clock = clock_,
                        .random = random_,
                        .log = log_,
                        .notify = [this](const std::vector<outbox::LaneKey>& lanes) {
                          std::lock_guard lock(mu_);
                          notified_.insert(notified_.end(), lanes.begin(), lanes.end());
                        }});
  }

  static smtp::Principal Account(std::vector<std::string> connections,
                                 std::vector<std::string> senders = {}) {
    return {.kind = smtp::Principal::Kind::kAccount,
            .name = "scanner",
            .connections = std::move(connections),
            .senders = std::move(senders)};
  }

  smtp::Reply Submit(smtp::Principal principal, std::string mime,
                     std::string mail_from = "alice@contoso.com") {
    smtp::Submission s{.principal = std::move(principal),
                       .peer = {.address = "10.1.2.3", .port = 40000, .loopback = false},
                       .session_id = "s-1",
                       .mail_from = std::move(mail_from),
                       .rcpt_to = {"pat@example.com", "hidden@example.com"},
                       .mime = std::move(mime)};
    std::promise<smtp::Reply> reply;
    auto future = reply.get_future();
    intake_->Submit(std::move(s), [&reply](smtp::Reply r) { reply.set_value(std::move(r)); });
    EXPECT_EQ(future.wait_for(30s), std::future_status::ready);
    return future.get();
  }

  static std::string IdOf(const smtp::Reply& reply) {
    return reply.text.starts_with("queued as ") ? reply.text.substr(10) : "";
  }

  std::int64_t Stored() {
    auto page = store_->List({.limit = 1000});
    return page ? static_cast<std::int64_t>(page->messages.size()) : -1;
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  testing::FakeRandom random_;
  log::CapturingLogger log_;
  api::MapDirectory directory_;
  std::unique_ptr<outbox::SqliteOutboxStore> store_;
  std::unique_ptr<SmtpIntake> intake_;
  std::mutex mu_;
  std::vector<outbox::LaneKey> notified_;  // Guarded by mu_.
};

TEST_F(SmtpIntakeTest, AcceptedMessageIsStoredWithItsEnvelopeThenAnswered250) {
  smtp::Reply reply = Submit(Account({"contoso"}), kMessage);

  ASSERT_EQ(reply.code, 250) << reply.text;
  EXPECT_EQ(reply.enhanced, "2.0.0");
  auto record = store_->Get(IdOf(reply), "account:scanner");
  ASSERT_TRUE(record) << record.error().message;
  EXPECT_EQ(record->lane, (outbox::LaneKey{"contoso", "alice@contoso.com"}));
  EXPECT_EQ(record->recipients, 2);
  EXPECT_EQ(record->state, outbox::MessageState::kQueued);
  EXPECT_EQ(record->created_at, clock_.WallNow());
  auto stored = message::DecodeStoredMime(record->payload);
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ(stored->rcpt_to, (std::vector<std::string>{"pat@example.com", "hidden@example.com"}));
  EXPECT_EQ(stored->principal, "account:scanner");
  EXPECT_EQ(stored->client, "10.1.2.3");
  EXPECT_EQ(stored->session_id, "s-1");
  EXPECT_EQ(stored->mime, "Message-ID: <" + record->id + "@contoso.com>\r\n" + kMessage);
  std::lock_guard lock(mu_);
  EXPECT_EQ(notified_, (std::vector<outbox::LaneKey>{{"contoso", "alice@contoso.com"}}));
}

TEST_F(SmtpIntakeTest, AnApiKeyDoesNotSeeSmtpMessages) {
  smtp::Reply reply = Submit(Account({"contoso"}), kMessage);

  ASSERT_EQ(reply.code, 250);
  EXPECT_TRUE(store_->Get(IdOf(reply), std::nullopt));
  EXPECT_FALSE(store_->Get(IdOf(reply), "k_some_api_key"));
}

TEST_F(SmtpIntakeTest, AFromHeaderThePrincipalMayNotUseGets550EvenWithAnAllowedEnvelope) {
  const std::string mime = "From: admin@company.com\r\nSubject: x\r\n\r\nbody\r\n";

  smtp::Reply reply = Submit(Account({"contoso", "fabrikam"}), mime, "Sales@Fabrikam.com");

  EXPECT_EQ(reply.code, 550);
  EXPECT_EQ(reply.enhanced, "5.7.1");
  EXPECT_EQ(reply.text,
            "account:scanner may not send as admin@company.com; it may send as "
            "alice@contoso.com or sales@fabrikam.com");
  EXPECT_EQ(Stored(), 0);
}

TEST_F(SmtpIntakeTest, TheEnvelopeSenderIsTheMailboxOnlyWhenThereIsNoFromHeader) {
  const std::string mime = "Subject: x\r\n\r\nbody\r\n";

  smtp::Reply reply = Submit(Account({"contoso", "fabrikam"}), mime, "Sales@Fabrikam.com");

  ASSERT_EQ(reply.code, 250) << reply.text;
  auto record = store_->Get(IdOf(reply), std::nullopt);
  ASSERT_TRUE(record);
  EXPECT_EQ(record->lane, (outbox::LaneKey{"fabrikam", "sales@fabrikam.com"}));
}

TEST_F(SmtpIntakeTest, SeveralFromAddressesSendAsTheSenderHeader) {
  const std::string mime =
      "From: admin@company.com, sales@fabrikam.com\r\nSender: sales@fabrikam.com\r\n"
      "Subject: x\r\n\r\nbody\r\n";

  smtp::Reply reply = Submit(Account({"contoso", "fabrikam"}), mime);

  ASSERT_EQ(reply.code, 250) << reply.text;
  auto record = store_->Get(IdOf(reply), std::nullopt);
  ASSERT_TRUE(record);
  EXPECT_EQ(record->lane, (outbox::LaneKey{"fabrikam", "sales@fabrikam.com"}));
}

TEST_F(SmtpIntakeTest, SeveralFromAddressesWithoutASenderHeaderGet550) {
  const std::string mime =
      "From: alice@contoso.com, sales@fabrikam.com\r\nSubject: x\r\n\r\nbody\r\n";

  smtp::Reply reply = Submit(Account({"contoso", "fabrikam"}), mime);

  EXPECT_EQ(reply.code, 550);
  EXPECT_EQ(reply.enhanced, "5.6.0");
  EXPECT_NE(reply.text.find("Sender header"), std::string::npos);
  EXPECT_EQ(Stored(), 0);
}

TEST_F(SmtpIntakeTest, SenderOutsideThePrincipalsMailboxesGets550NamingWhatItMayUse) {
  const std::string mime = "From: boss@fabrikam.com\r\nSubject: x\r\n\r\nbody\r\n";

  smtp::Reply reply = Submit(Account({"contoso"}, {"@contoso.net"}), mime, "");

  EXPECT_EQ(reply.code, 550);
  EXPECT_EQ(reply.enhanced, "5.7.1");
  EXPECT_EQ(reply.text,
            "account:scanner may not send as boss@fabrikam.com; it may send as "
            "alice@contoso.com or any address at contoso.net");
  EXPECT_EQ(Stored(), 0);
  EXPECT_EQ(intake_->Counts().at("account:scanner").refused_permanent, 1);
}

TEST_F(SmtpIntakeTest, AnAllowedSenderDomainSendsThroughTheFirstConnection) {
  const std::string mime = "From: Billing@Contoso.NET\r\nSubject: x\r\n\r\nbody\r\n";

  smtp::Reply reply = Submit(Account({"fabrikam", "contoso"}, {"@contoso.net"}), mime, "");

  ASSERT_EQ(reply.code, 250) << reply.text;
  auto record = store_->Get(IdOf(reply), std::nullopt);
  ASSERT_TRUE(record);
  EXPECT_EQ(record->lane, (outbox::LaneKey{"fabrikam", "billing@contoso.net"}));
  auto stored = message::DecodeStoredMime(record->payload);
  ASSERT_TRUE(stored);
  EXPECT_TRUE(stored->mime.starts_with("Message-ID: <" + record->id + "@contoso.net>\r\n"));
}

TEST_F(SmtpIntakeTest, AMessageWithItsOwnMessageIdKeepsItByteForByte) {
  const std::string mime = std::string("Message-ID: <own@client>\r\n") + kMessage;

  smtp::Reply reply = Submit(Account({"contoso"}), mime);

  ASSERT_EQ(reply.code, 250);
  auto stored = message::DecodeStoredMime(store_->Get(IdOf(reply), std::nullopt)->payload);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->mime, mime);
}

TEST_F(SmtpIntakeTest, NotAnRfc5322MessageGets554AndNothingIsStored) {
  smtp::Reply reply = Submit(Account({"contoso"}), "this is not a header line\r\n\r\nbody\r\n");

  EXPECT_EQ(reply.code, 554);
  EXPECT_EQ(reply.enhanced, "5.6.0");
  EXPECT_EQ(reply.text.find('\n'), std::string::npos);
  EXPECT_EQ(Stored(), 0);
}

TEST_F(SmtpIntakeTest, FullStorageGets452AndNothingIsStored) {
  Open({.max_bytes = 256 * 1024});
  const std::string big = std::string(kMessage) + std::string(1 << 20, 'x') + "\r\n";

  smtp::Reply reply = Submit(Account({"contoso"}), big);

  EXPECT_EQ(reply, (smtp::Reply{452, "4.3.1", "storage full; try again later"}));
  EXPECT_EQ(Stored(), 0);
  EXPECT_EQ(intake_->Counts().at("account:scanner").refused_temporary, 1);
}

TEST_F(SmtpIntakeTest, AfterShutdownBeganEverySubmissionGets421) {
  intake_->BeginShutdown();

  smtp::Reply reply = Submit(Account({"contoso"}), kMessage);

  EXPECT_EQ(reply.code, 421);
  EXPECT_EQ(reply.enhanced, "4.3.2");
  EXPECT_EQ(Stored(), 0);
}

TEST_F(SmtpIntakeTest, CountsAcceptedMessagesAndBytesPerPrincipal) {
  smtp::Principal range{.kind = smtp::Principal::Kind::kRange,
                        .name = "10.0.0.0/8",
                        .connections = {"contoso"},
                        .senders = {}};

  ASSERT_EQ(Submit(Account({"contoso"}), kMessage).code, 250);
  ASSERT_EQ(Submit(range, kMessage).code, 250);
  ASSERT_EQ(Submit(range, kMessage).code, 250);

  auto counts = intake_->Counts();
  EXPECT_EQ(counts.at("account:scanner").accepted, 1);
  EXPECT_EQ(counts.at("range:10.0.0.0/8").accepted, 2);
  EXPECT_EQ(counts.at("range:10.0.0.0/8").bytes_accepted,
            2 * static_cast<std::int64_t>(std::string(kMessage).size()));
}

TEST(OutboxFailureReplyTest, OnlyAFullStoreIs452) {
  EXPECT_EQ(OutboxFailureReply({ErrorCode::kUnavailable, "storage full: disk", {}, {}}).code, 452);
  EXPECT_EQ(OutboxFailureReply({ErrorCode::kUnavailable, "database is locked", {}, {}}).code, 451);
  EXPECT_EQ(OutboxFailureReply({ErrorCode::kInternal, "bug", {}, {}}).code, 451);
}

}  // namespace
}  // namespace graphpost::gateway
