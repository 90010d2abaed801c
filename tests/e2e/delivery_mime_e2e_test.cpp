// Issue #8, "Delivery keeps the message as sent": the delivery engine sends messages that came in
// over SMTP (message/stored_mime.hpp) against the real sandbox and the real SQLite outbox. A small
// one goes through Graph's MIME sendMail and arrives byte for byte; the SMTP envelope decides who
// receives (an envelope-only address gets a copy without being shown, a header-only one gets
// nothing); a 20 MB one goes as a draft plus upload sessions and arrives with the same attachments
// and headers; without Mail.ReadWrite that path fails with a cause and fix that say so; and a
// message sent before a crash is found in Sent Items by its Message-ID, not sent twice.
#include <algorithm>
#include <cctype>
#include <random>

#include <gtest/gtest.h>

#include "app/client_runtime.hpp"
#include "core/base64.hpp"
#include "core/form.hpp"
#include "crypto/digest.hpp"
#include "delivery/delivery_engine.hpp"
#include "graph/graph_urls.hpp"
#include "log/capturing_logger.hpp"
#include "tests/e2e/client_e2e_support.hpp"
#include "tests/e2e/delivery_e2e_support.hpp"

namespace graphpost::testing {
namespace {

using namespace std::chrono_literals;
using outbox::MessageState;

constexpr char kSender[] = "references@company.com";

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

// A message as an SMTP client writes it: CRLF lines, a Message-ID (the gateway ensures one at
// intake), a non-ASCII subject and display name, a custom header and a quoted-printable body.
std::string SmallMime(const std::string& message_id, const std::string& to_cc_lines) {
  return "Message-ID: " + message_id +
         "\r\n"
         "Date: Wed, 02 Dec 2026 11:00:00 +0000\r\n"
         "From: =?UTF-8?Q?R=C3=A9f=C3=A9rences?= <references@company.com>\r\n" +
         to_cc_lines +
         "Subject: =?UTF-8?B?UmFwcG9ydCBtZW5zdWVsIOKAkyBkw6ljZW1icmU=?=\r\n"
         "X-Printer-Job: 4711\r\n"
         "MIME-Version: 1.0\r\n"
         "Content-Type: text/plain; charset=utf-8\r\n"
         "Content-Transfer-Encoding: quoted-printable\r\n"
         "\r\n"
         "Bonjour, voici le rapport du mois de d=C3=A9cembre. Une ligne tr=C3=A8s longue qui =\r\n"
         "continue ici.\r\n"
         "\r\n"
         "-- \r\n"
         "Le scanner\r\n";
}

message::StoredMime Stored(std::string mime, std::vector<std::string> rcpt_to) {
  return message::StoredMime{.mail_from = kSender,
                             .rcpt_to = std::move(rcpt_to),
                             .principal = "account:scanner",
                             .client = "127.0.0.1",
                             .session_id = "s1",
                             .mime = std::move(mime)};
}

// `n` bytes that do not compress or repeat.
std::string RandomBytes(std::size_t n, unsigned seed) {
  std::mt19937_64 gen(seed);
  std::string out(n, '\0');
  for (auto& c : out) c = static_cast<char>(gen() & 0xff);
  return out;
}

std::string Base64Lines(std::string_view bytes) {
  const std::string b64 = Base64Encode(bytes);
  std::string out;
  out.reserve(b64.size() + b64.size() / 76 * 2 + 2);
  for (std::size_t i = 0; i < b64.size(); i += 76) out += b64.substr(i, 76) + "\r\n";
  return out;
}

struct FileAttachment {
  std::string name, type, bytes;
};

// A reply with attachments, as a mail client writes it: about 20 MB on the wire.
std::string LargeMime(const std::string& message_id, const std::vector<FileAttachment>& files) {
  std::string mime = "Message-ID: " + message_id +
                     "\r\n"
                     "Date: Wed, 02 Dec 2026 11:05:00 +0000\r\n"
                     "From: References <references@company.com>\r\n"
                     "To: Pat <pat@company.com>\r\n"
                     "Subject: =?UTF-8?Q?Scans_f=C3=BCr_Pat?=\r\n"
                     "In-Reply-To: <question.17@company.com>\r\n"
                     "References: <thread.1@company.com>\r\n <question.17@company.com>\r\n"
                     "Importance: high\r\n"
                     "X-Scanner: MFP-7\r\n"
                     "MIME-Version: 1.0\r\n"
                     "Content-Type: multipart/mixed; boundary=\"==b1\"\r\n"
                     "\r\n"
                     "This is a multi-part message in MIME format.\r\n"
                     "--==b1\r\n"
                     "Content-Type: text/plain; charset=utf-8\r\n"
                     "Content-Transfer-Encoding: 8bit\r\n"
                     "\r\n"
                     "Die Scans sind angeh\xC3\xA4ngt.\r\n";
  for (const auto& f : files) {
    mime += "--==b1\r\nContent-Type: " + f.type + "; name=\"" + f.name +
            "\"\r\n"
            "Content-Disposition: attachment; filename=\"" +
            f.name + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Base64Lines(f.bytes);
  }
  return mime + "--==b1--\r\n";
}

// The unfolded value of the first `name:` header in `mime`'s header block ("" when absent).
std::string HeaderOf(std::string_view mime, std::string_view name) {
  const std::size_t end = mime.find("\r\n\r\n");
  std::string_view head = mime.substr(0, end);
  std::string value;
  bool in = false;
  std::size_t pos = 0;
  while (pos <= head.size()) {
    std::size_t eol = head.find("\r\n", pos);
    if (eol == std::string_view::npos) eol = head.size();
    std::string_view line = head.substr(pos, eol - pos);
    pos = eol + 2;
    if (in && !line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      value += line;
      continue;
    }
    if (in) break;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || line.size() < name.size()) continue;
    std::string key(line.substr(0, colon));
    if (key.size() == name.size() &&
        std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      in = true;
      value = std::string(line.substr(colon + 1));
    }
  }
  const auto first = value.find_first_not_of(" \t");
  return first == std::string::npos ? "" : value.substr(first);
}

std::string BodyOf(std::string_view mime) {
  const std::size_t end = mime.find("\r\n\r\n");
  return end == std::string_view::npos ? "" : std::string(mime.substr(end + 4));
}

// Reads mailboxes through Graph with the guide app's token (it has Mail.ReadWrite).
class MailboxReader {
 public:
  explicit MailboxReader(SandboxFixture& sandbox)
      : sandbox_(sandbox), token_(sandbox.GuideAccessToken()) {}

  // The ids of the messages in `mailbox`'s Inbox with this Message-ID.
  std::vector<std::string> InboxIds(const std::string& mailbox, const std::string& message_id) {
    auto r = sandbox_.Graph("GET", graph::UserPath(mailbox) +
                                       "/mailFolders/inbox/messages?$filter=" +
                                       PercentEncode(graph::InternetMessageIdFilter(message_id)) +
                                       "&$select=id",
                            token_);
    std::vector<std::string> ids;
    auto parsed = ParseJson(r.body);
    const json::array* value = parsed ? JsonArray(*parsed, "value") : nullptr;
    EXPECT_NE(value, nullptr) << r.status << " " << r.body;
    if (value == nullptr) return ids;
    for (const auto& m : *value) ids.push_back(JsonString(m, "id").value_or(""));
    return ids;
  }
  json::value Message(const std::string& mailbox, const std::string& id) {
    auto r = sandbox_.Graph("GET", graph::MessagePath(mailbox, id), token_);
    EXPECT_EQ(r.status, 200) << r.body;
    return ParseJson(r.body).value_or(nullptr);
  }
  std::string Mime(const std::string& mailbox, const std::string& id) {
    auto r = sandbox_.Graph("GET", graph::MessagePath(mailbox, id) + "/$value", token_);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.body;
  }
  // name → SHA-256 of the content, for every file attachment of the message.
  std::map<std::string, std::string> AttachmentDigests(const std::string& mailbox,
                                                       const std::string& id) {
    auto r = sandbox_.Graph("GET", graph::MessagePath(mailbox, id) + "/attachments", token_);
    EXPECT_EQ(r.status, 200) << r.body.substr(0, 500);
    std::map<std::string, std::string> out;
    auto parsed = ParseJson(r.body);
    const json::array* value = parsed ? JsonArray(*parsed, "value") : nullptr;
    if (value == nullptr) return out;
    for (const auto& a : *value) {
      auto bytes = Base64Decode(JsonString(a, "contentBytes").value_or(""));
      out[JsonString(a, "name").value_or("")] = crypto::Sha256(bytes.value_or("?"));
    }
    return out;
  }

 private:
  SandboxFixture& sandbox_;
  std::string token_;
};

std::vector<std::string> AddressesOf(const json::value& message, std::string_view field) {
  std::vector<std::string> out;
  if (const json::array* list = JsonArray(message, field)) {
    for (const auto& r : *list) {
      out.push_back(JsonString(r.at("emailAddress"), "address").value_or(""));
    }
  }
  return out;
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
    if (!IsTokenRequest(r)) graph_calls.push_back(r.method + " " + r.path + " " + std::to_string(r.status));
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
  world.SubmitMime("references", kSender,
                   Stored(mime, {"pat@company.com", "admin@company.com"}));

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
  for (const auto& [mailbox, copy] : {std::pair{"pat@company.com", pat[0]},
                                      std::pair{"admin@company.com", admin[0]}}) {
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

// The guide's app without Mail.ReadWrite: Mail.Send alone sends small messages, not large ones.
void DropMailReadWrite(json::value& scenario) {
  json::object& tenant = scenario.at("tenants").as_array()[0].as_object();
  auto drop = [](json::array& list, auto matches) {
    list.erase(std::remove_if(list.begin(), list.end(), matches), list.end());
  };
  drop(tenant.at("applications").as_array()[0].at("requiredPermissions").as_array(),
       [](const json::value& p) { return JsonString(p, "value") == "Mail.ReadWrite"; });
  drop(tenant.at("servicePrincipals").as_array()[0].at("appRoles").as_array(),
       [](const json::value& r) { return r.is_string() && r.as_string() == "Mail.ReadWrite"; });
}

TEST(DeliveryMimeE2eTest, WithoutMailReadWriteALargeMessageFailsNamingThePermission) {
  SystemClock clock;
  SystemRandom random;
  DeliveryWorld world(clock, PromptDelivery(), DropMailReadWrite);
  world.AddConnection("references", kSender);
  const std::string small =
      world.SubmitMime("references", kSender,
                       Stored(SmallMime("<small.1@company.com>", "To: pat@company.com\r\n"),
                              {"pat@company.com"}));
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
