// Issue #8, "Delivery keeps the message as sent": the delivery engine sends messages that came in
// over SMTP (message/stored_mime.hpp) against the real sandbox and the real SQLite outbox. A small
// one goes through Graph's MIME sendMail and arrives byte for byte; the SMTP envelope decides who
// receives (an envelope-only address gets a copy without being shown, a header-only one gets
// nothing); a 20 MB one goes as a draft plus upload sessions and arrives with the same attachments
// and headers; without Mail.ReadWrite that path fails with a cause and fix that say so; and a
// message sent before a crash is found in Sent Items by its Message-ID, not sent twice.
#include <algorithm>

#include <gtest/gtest.h>

#include "app/client_runtime.hpp"
#include "crypto/digest.hpp"
#include "delivery/delivery_engine.hpp"
#include "log/capturing_logger.hpp"
#include "tests/e2e/client_e2e_support.hpp"
#include "tests/e2e/delivery_e2e_support.hpp"
#include "tests/e2e/delivery_mime_e2e_support.hpp"

namespace graphpost::testing {
namespace {

using namespace std::chrono_literals;
using outbox::MessageState;

constexpr const char* kSender = kSmtpSender;

boost::json::object PromptDelivery() { return {{"messagesPerMinutePerMailbox", 2147483647}}; }

delivery::EngineOptions FastOptions() {
  return delivery::EngineOptions{.default_limits = {.messages_per_minute = 0},
                                 .sent_items_delay = 1s,
                                 .backoff_base = 20ms,
                                 .backoff_cap = 500ms,
                                 .graph_timeout = 30s,
                                 .max_idle_wait = 20ms};
}

std::unique_ptr<delivery::DeliveryEngine> StartEngine(DeliveryWorld& world, Clock& clock,
                                                      Random& random,
                                                      delivery::EngineOptions options,
                                                      log::Logger* log) {
  auto engine =
      delivery::MakeDeliveryEngine(delivery::EngineSetup{.clock = clock,
                                                         .random = random,
                                                         .outbox = world.outbox(),
                                                         .connections = world.connections(),
                                                         .options = options,
                                                         .log = log});
  EXPECT_TRUE(engine) << engine.error().message;
  EXPECT_TRUE((*engine)->Start());
  return std::move(*engine);
}

TEST(DeliveryMimeE2eTest, ASmallMessageGoesThroughMimeSendMailAndArrivesByteIdentical) {
  SystemClock clock;
  SystemRandom random;
  DeliveryWorld world(clock, PromptDelivery());
  world.AddConnection("references", kSender);
  const std::string message_id = "<scan.4711.1@company.com>";
  const std::string mime = SmallMime(message_id, "To: Pat <pat@company.com>\r\n");
  const std::string id = world.SubmitMime("references", kSender, Stored(mime, {"pat@company.com"}));
  log::CapturingLogger log;

  auto engine = StartEngine(world, clock, random, FastOptions(), &log);
  const bool delivered = world.outbox().WaitUntil(
      [&] { return world.outbox().settled(MessageState::kDelivered) >= 1; }, 60s);
  engine->Stop(5s);

  ASSERT_TRUE(delivered) << world.outbox().Get(id, std::nullopt)->detail;
  // One MIME sendMail, not in a $batch, and nothing else but the token request.
  std::vector<std::string> graph_calls;
  for (const auto& r : RequestLog(world.sandbox())) {
    if (!IsTokenRequest(r))
      graph_calls.push_back(r.method + " " + r.path + " " + std::to_string(r.status));
  }
  EXPECT_EQ(graph_calls, std::vector<std::string>{"POST /v1.0/users/references@company.com/"
                                                  "sendMail 202"});
  MailboxReader reader(world.sandbox());
  const auto ids = reader.InboxIds("pat@company.com", message_id);
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(reader.Mime("pat@company.com", ids[0]), mime);  // passthrough: not a byte changed
  const auto attempts = log.WithMessage("delivery attempt");
  ASSERT_EQ(attempts.size(), 1u);
  EXPECT_EQ(attempts[0].Field("via"), "mime");
  EXPECT_EQ(attempts[0].Field("outcome"), "sent");
  EXPECT_EQ(world.outbox().Get(id, std::nullopt)->guarantee, outbox::Guarantee::kExactlyOnce);
  EXPECT_FALSE(log.Contains("Bonjour"));  // never a message body in the log
}

TEST(DeliveryMimeE2eTest, TheEnvelopeDecidesWhoReceivesAndEnvelopeOnlyRecipientsAreNotShown) {
  SystemClock clock;
  SystemRandom random;
  DeliveryWorld world(clock, PromptDelivery());
  world.AddConnection("references", kSender);
  const std::string message_id = "<scan.4711.2@company.com>";
  // advocacy@ is only in the header (a list's own address, say); admin@ only in the envelope.
  const std::string mime =
      SmallMime(message_id, "To: Pat <pat@company.com>\r\nCc: advocacy@company.com\r\n");
  world.SubmitMime("references", kSender, Stored(mime, {"pat@company.com", "admin@company.com"}));

  auto engine = StartEngine(world, clock, random, FastOptions(), nullptr);
  const bool delivered = world.outbox().WaitUntil(
      [&] { return world.outbox().settled(MessageState::kDelivered) >= 1; }, 60s);
  engine->Stop(5s);

  ASSERT_TRUE(delivered);
  MailboxReader reader(world.sandbox());
  const auto pat = reader.InboxIds("pat@company.com", message_id);
  const auto admin = reader.InboxIds("admin@company.com", message_id);
  ASSERT_EQ(pat.size(), 1u);
  ASSERT_EQ(admin.size(), 1u);
  EXPECT_TRUE(reader.InboxIds("advocacy@company.com", message_id).empty());
  for (const auto& [mailbox, copy] :
       {std::pair{"pat@company.com", pat[0]}, std::pair{"admin@company.com", admin[0]}}) {
    json::value m = reader.Message(mailbox, copy);
    EXPECT_EQ(AddressesOf(m, "toRecipients"), std::vector<std::string>{"pat@company.com"});
    EXPECT_TRUE(AddressesOf(m, "ccRecipients").empty()) << mailbox;
    EXPECT_TRUE(AddressesOf(m, "bccRecipients").empty()) << mailbox;
    // Only the recipient header lines change: the body is the client's, byte for byte.
    const std::string got = reader.Mime(mailbox, copy);
    EXPECT_EQ(BodyOf(got), BodyOf(mime));
    EXPECT_EQ(HeaderOf(got, "Subject"), HeaderOf(mime, "Subject"));
    EXPECT_EQ(HeaderOf(got, "X-Printer-Job"), "4711");
    // The header-only address is gone from what recipients see; Cc, left empty, says so.
    EXPECT_EQ(HeaderOf(got, "Cc"), "undisclosed-recipients:;");
    EXPECT_EQ(BodyOf(got).size(), BodyOf(mime).size());
    EXPECT_EQ(got.find("advocacy@company.com"), std::string::npos) << mailbox;
    EXPECT_EQ(HeaderOf(got, "To"), "Pat <pat@company.com>");
    // admin@ went in a Bcc line, which Exchange (and the sandbox) strips from delivered copies.
    EXPECT_EQ(got.find("admin@company.com"), std::string::npos) << mailbox;
    EXPECT_EQ(HeaderOf(got, "Bcc"), "");
  }
}

TEST(DeliveryMimeE2eTest, ATwentyMegabyteMessageGoesAsDraftPlusUploadSessionsAndKeepsItsFields) {
  SystemClock clock;
  SystemRandom random;
  DeliveryWorld world(clock, PromptDelivery());
  world.AddConnection("references", kSender);
  const std::vector<FileAttachment> files = {
      {"scan-1.pdf", "application/pdf", RandomBytes(9 * 1024 * 1024, 1)},
      {"scan-2.tiff", "image/tiff", RandomBytes(5 * 1024 * 1024, 2)},
      {"notes.txt", "text/plain", "klein\r\n"},
  };
  const std::string message_id = "<big.1@company.com>";
  const std::string mime = LargeMime(message_id, files);
  ASSERT_GT(mime.size(), 19u * 1024 * 1024);
  const std::string id = world.SubmitMime("references", kSender, Stored(mime, {"pat@company.com"}));
  log::CapturingLogger log;

  auto engine = StartEngine(world, clock, random, FastOptions(), &log);
  const bool delivered = world.outbox().WaitUntil(
      [&] {
        return world.outbox().settled(MessageState::kDelivered) +
                   world.outbox().settled(MessageState::kFailed) >=
               1;
      },
      120s);
  engine->Stop(5s);

  ASSERT_TRUE(delivered);
  auto record = world.outbox().Get(id, std::nullopt);
  ASSERT_EQ(record->state, MessageState::kDelivered) << record->cause << ": " << record->detail;
  MailboxReader reader(world.sandbox());
  const auto ids = reader.InboxIds("pat@company.com", message_id);
  ASSERT_EQ(ids.size(), 1u);
  std::map<std::string, std::string> want;
  for (const auto& f : files) want[f.name] = crypto::Sha256(f.bytes);
  EXPECT_EQ(reader.AttachmentDigests("pat@company.com", ids[0]), want);
  const std::string got = reader.Mime("pat@company.com", ids[0]);
  for (const char* header : {"Message-ID", "Subject", "From", "To", "In-Reply-To", "References",
                             "Importance", "X-Scanner", "Date"}) {
    EXPECT_EQ(HeaderOf(got, header), HeaderOf(mime, header)) << header;
  }
  for (const auto& f : files) {
    EXPECT_NE(got.find(f.name), std::string::npos) << f.name << " is not in the $value";
  }
  json::value m = reader.Message("pat@company.com", ids[0]);
  EXPECT_EQ(JsonString(m, "subject").value_or(""), "Scans f\xC3\xBCr Pat");
  EXPECT_EQ(JsonString(m, "importance").value_or(""), "high");
  // The draft path: draft from MIME (the small file stays in it: SplitForDraft takes out the
  // largest first, only until the rest fits), upload sessions for the two large files, send;
  // never a MIME sendMail of the whole.
  int drafts = 0, sessions = 0, small = 0, sends = 0, mime_sends = 0;
  for (const auto& r : RequestLog(world.sandbox())) {
    drafts += r.method == "POST" && r.path.ends_with("/references@company.com/messages");
    sessions += r.path.ends_with("/attachments/createUploadSession");
    small += r.method == "POST" && r.path.ends_with("/attachments");
    sends += r.path.ends_with("/send");
    mime_sends += r.path.ends_with("/sendMail");
  }
  EXPECT_EQ(drafts, 1);
  EXPECT_EQ(sessions, 2);
  EXPECT_EQ(small, 0);
  EXPECT_EQ(sends, 1);
  EXPECT_EQ(mime_sends, 0);
  const auto attempts = log.WithMessage("delivery attempt");
  ASSERT_EQ(attempts.size(), 1u);
  EXPECT_EQ(attempts[0].Field("via"), "mime-draft");
}

TEST(DeliveryMimeE2eTest, WithoutMailReadWriteALargeMessageFailsNamingThePermission) {
  SystemClock clock;
  SystemRandom random;
  DeliveryWorld world(clock, PromptDelivery(), DropMailReadWrite);
  world.AddConnection("references", kSender);
  const std::string small = world.SubmitMime(
      "references", kSender,
      Stored(SmallMime("<small.1@company.com>", "To: pat@company.com\r\n"), {"pat@company.com"}));
  const std::string large = world.SubmitMime(
      "references", kSender,
      Stored(LargeMime("<large.1@company.com>",
                       {{"scan.pdf", "application/pdf", RandomBytes(5 * 1024 * 1024, 3)}}),
             {"pat@company.com"}));
  log::CapturingLogger log;

  auto engine = StartEngine(world, clock, random, FastOptions(), &log);
  const bool settled = world.outbox().WaitUntil(
      [&] {
        return world.outbox().settled(MessageState::kDelivered) +
                   world.outbox().settled(MessageState::kFailed) >=
               2;
      },
      60s);
  const auto stats = engine->Stats();
  engine->Stop(5s);

  ASSERT_TRUE(settled);
  EXPECT_EQ(world.outbox().Get(small, std::nullopt)->state, MessageState::kDelivered);
  auto failed = world.outbox().Get(large, std::nullopt);
  ASSERT_EQ(failed->state, MessageState::kFailed);
  EXPECT_EQ(failed->cause, "mail_readwrite_missing");
  EXPECT_NE(failed->detail.find("over 4 MB are sent as a draft plus upload sessions"),
            std::string::npos)
      << failed->detail;
  EXPECT_NE(failed->detail.find("Mail.ReadWrite"), std::string::npos);
  EXPECT_NE(failed->fix.find("Application permissions > Mail.ReadWrite"), std::string::npos)
      << failed->fix;
  EXPECT_NE(failed->fix.find("\"Application Mail.ReadWrite\""), std::string::npos);
  EXPECT_EQ(stats.attempts.at({"failed", "mail_readwrite_missing"}), 1);
  EXPECT_TRUE(world.Deliveries("internetMessageId")["<large.1@company.com>"].empty() ||
              world.Deliveries("internetMessageId")["<large.1@company.com>"][0] == 0);
  EXPECT_FALSE(log.Contains(world.sandbox().GuideSecret()));
}

TEST(DeliveryMimeE2eTest, MessagesSentBeforeACrashAreFoundByMessageIdNotSentAgain) {
  SystemClock clock;
  SystemRandom random;
  boost::json::object settings = PromptDelivery();
  settings["sentItemsDelayMs"] = 500;  // Exchange files the Sent Items copy late
  DeliveryWorld world(clock, settings);
  world.AddConnection("references", kSender);
  std::vector<std::string> message_ids, mimes;
  for (int i = 0; i < 6; ++i) {
    // One Message-ID has a quote in it: the lookup's OData string must double it.
    message_ids.push_back(i == 0 ? "<o'brien.0@company.com>"
                                 : "<crash." + std::to_string(i) + "@company.com>");
    mimes.push_back(SmallMime(message_ids.back(), "To: pat@company.com\r\n"));
    world.SubmitMime("references", kSender, Stored(mimes.back(), {"pat@company.com"}));
  }
  // A previous process claimed all six, sent the first three, and died before recording anything.
  std::promise<Result<std::vector<outbox::MessageRecord>>> claimed;
  world.outbox().Claim({.lane = {"references", kSender},
                        .now = clock.WallNow(),
                        .limit = 6,
                        .lease_until = clock.WallNow()},
                       [&](Result<std::vector<outbox::MessageRecord>> r) { claimed.set_value(r); });
  auto records = claimed.get_future().get();
  ASSERT_TRUE(records && records->size() == 6u);
  app::ClientRuntime runtime(clock, random);
  auto session = runtime.Open(world.connections().Get("references").value());
  ASSERT_TRUE(session);
  for (int i = 0; i < 3; ++i) {
    auto stored = message::DecodeStoredMime((*records)[i].payload);
    ASSERT_TRUE(stored);
    ASSERT_TRUE((*session)->graph->SendMime(kSender, stored->mime));
  }
  log::CapturingLogger log;

  auto engine = StartEngine(world, clock, random, FastOptions(), &log);
  const bool all_delivered = world.outbox().WaitUntil(
      [&] { return world.outbox().settled(MessageState::kDelivered) >= 6; }, 60s);
  engine->Stop(5s);

  ASSERT_TRUE(all_delivered) << world.outbox().settled(MessageState::kDelivered);
  const auto attempts = engine->Stats().attempts;
  EXPECT_EQ(attempts.at({"found-in-sent-items", ""}), 3);
  EXPECT_EQ(attempts.at({"sent", ""}), 3);
  // Sent Items copies are filed sentItemsDelayMs after the send: wait for the last ones (bounded;
  // the sandbox is the other party here, so this is a poll of its state, not a sleep).
  std::map<std::string, std::vector<int>> counts;
  world.outbox().WaitUntil(
      [&] {
        counts = world.Deliveries("internetMessageId");
        return std::all_of(message_ids.begin(), message_ids.end(), [&](const std::string& m) {
          return counts[m].size() == 3u && counts[m][1] >= 1;
        });
      },
      10s);
  for (const auto& mid : message_ids) {
    ASSERT_EQ(counts[mid].size(), 3u) << mid;
    EXPECT_EQ(counts[mid][0], 1) << mid << " in Inboxes";
    EXPECT_EQ(counts[mid][1], 1) << mid << " in Sent Items";
  }
  std::map<std::string, std::string> lookups;
  for (const auto& r : log.WithMessage("sent items lookup")) {
    lookups[r.Field("message_id")] = r.Field("result");
  }
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(lookups[(*records)[i].id], i < 3 ? "found" : "not-found") << i;
    EXPECT_EQ(world.outbox().Get((*records)[i].id, std::nullopt)->guarantee,
              outbox::Guarantee::kExactlyOnce);
  }
}

}  // namespace
}  // namespace graphpost::testing
