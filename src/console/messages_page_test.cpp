// The Messages and Message pages against a real SQLite outbox: filters, paging, the message's
// facts and attempts, Retry and Cancel, escaping, and field errors for bad filter values.
#include <future>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "connections/connection_store.hpp"
#include "connections/secret_vault.hpp"
#include "console/page.hpp"
#include "outbox/sqlite/sqlite_outbox_store.hpp"
#include "testing/fake_clock.hpp"
#include "testing/fake_random.hpp"
#include "testing/temp_dir.hpp"

namespace graphpost::console {
namespace {

using namespace std::chrono_literals;
using outbox::LaneKey;
using outbox::MessageRecord;
using outbox::MessageState;

const LaneKey kContoso{"contoso", "a@contoso.com"};
const LaneKey kFabrikam{"fabrikam", "news@fabrikam.com"};

template <class T, class Start>
Result<T> Await(Start start) {
  auto promise = std::make_shared<std::promise<Result<T>>>();
  auto future = promise->get_future();
  start([promise](Result<T> r) { promise->set_value(std::move(r)); });
  if (future.wait_for(30s) != std::future_status::ready) {
    ADD_FAILURE() << "an outbox callback did not run";
    return Fail(ErrorCode::kDeadlineExceeded, "no callback");
  }
  return future.get();
}

std::string ApiPayload(const std::string& to, const std::string& subject,
                       const std::string& bcc = "") {
  std::string json = R"({"connection":"contoso","to":[")" + to + R"("],"subject":")" + subject +
                     R"(","text":"hello")";
  if (!bcc.empty()) json += R"(,"bcc":[")" + bcc + R"("])";
  return json + "}";
}

class MessagesPageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.SetWall(std::chrono::sys_days{std::chrono::December / 2 / 2026} + 15h);
    auto outbox = outbox::SqliteOutboxStore::Open(dir_.path() / "outbox.db", {}, clock_);
    ASSERT_TRUE(outbox) << outbox.error().message;
    outbox_ = std::move(*outbox);
    auto vault = connections::SecretVault::FromMasterKey(
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "s");
    ASSERT_TRUE(vault) << vault.error().message;
    auto connections = connections::ConnectionStore::Open(":memory:", std::move(*vault), clock_);
    ASSERT_TRUE(connections) << connections.error().message;
    connections_ = std::move(*connections);
    deps_ = std::make_unique<ConsoleDeps>(ConsoleDeps{
        .clock = clock_,
        .random = random_,
        .outbox = *outbox_,
        .connections = *connections_,
        .engine_stats = {},
        .notify =
            [this](const std::vector<LaneKey>& lanes) {
              notified_.insert(notified_.end(), lanes.begin(), lanes.end());
            },
        .run_doctor = {},
        .sandbox = {},
        .options = {},
    });
    RegisterMessagesRoutes(routes_, *deps_);
  }

  // Submits one message created now, then moves the clock on a minute.
  void Add(const std::string& id, LaneKey lane = kContoso,
           std::string payload = ApiPayload("bob@fabrikam.com", "Hello")) {
    MessageRecord m;
    m.id = id;
    m.api_key_id = "k_one";
    m.lane = std::move(lane);
    m.recipients = 1;
    m.payload = std::move(payload);
    m.created_at = m.send_at = m.next_attempt_at = clock_.WallNow();
    outbox::Submission s{.api_key_id = "k_one", .request_hash = "h", .messages = {m}};
    auto done = Await<outbox::SubmitOutcome>(
        [&](auto cb) { outbox_->Submit(std::move(s), std::move(cb)); });
    ASSERT_TRUE(done) << done.error().message;
    clock_.Advance(1min);
  }

  // Claims the lane's oldest due message and finishes it with one attempt.
  void Attempt(const LaneKey& lane, MessageState state, std::string cause, std::string detail,
               int http_status) {
    const auto now = clock_.WallNow();
    auto claimed = Await<std::vector<MessageRecord>>([&](auto cb) {
      outbox_->Claim(outbox::ClaimRequest{lane, now, 1, now + 5min}, std::move(cb));
    });
    ASSERT_TRUE(claimed && claimed->size() == 1u);
    outbox::AttemptResult r;
    r.message_id = claimed->front().id;
    r.attempt = outbox::Attempt{
        claimed->front().attempts, now, now + 1s, "failed", http_status, cause, detail};
    r.new_state = state;
    if (state == MessageState::kDelivered) r.guarantee = outbox::Guarantee::kExactlyOnce;
    r.cause = cause;
    r.detail = detail;
    r.fix = "Grant <Mail.Send> & retry";
    auto finished = Await<void>([&](auto cb) { outbox_->Finish({r}, std::move(cb)); });
    ASSERT_TRUE(finished) << finished.error().message;
  }

  PageAnswer Call(const std::string& method, std::vector<std::string> path, FormFields query = {}) {
    const Route* route = routes_.Find(method, path);
    if (route == nullptr) {
      ADD_FAILURE() << "no route";
      return {};
    }
    PageRequest request;
    request.path = std::move(path);
    request.query = std::move(query);
    request.csrf = "csrf-token";
    request.principal = "admin token";
    request.now = clock_.WallNow();
    auto promise = std::make_shared<std::promise<PageAnswer>>();
    auto future = promise->get_future();
    route->handler(std::move(request),
                   [promise](PageAnswer a) { promise->set_value(std::move(a)); });
    if (future.wait_for(30s) != std::future_status::ready) {
      ADD_FAILURE() << "the page did not answer";
      return {};
    }
    return future.get();
  }
  PageAnswer List(FormFields query = {}) { return Call("GET", {"messages"}, std::move(query)); }
  PageAnswer Show(const std::string& id, FormFields query = {}) {
    return Call("GET", {"messages", id}, std::move(query));
  }
  MessageState StateOf(const std::string& id) { return outbox_->Get(id, std::nullopt)->state; }

  static bool Has(const PageAnswer& a, const std::string& text) {
    return a.body.find(text) != std::string::npos;
  }
  static bool Row(const PageAnswer& a, const std::string& id) {
    return Has(a, "data-message-id=\"" + id + "\"");
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  testing::FakeRandom random_;
  std::unique_ptr<outbox::SqliteOutboxStore> outbox_;
  std::unique_ptr<connections::ConnectionStore> connections_;
  std::unique_ptr<ConsoleDeps> deps_;
  std::vector<LaneKey> notified_;
  RouteTable routes_;
};

TEST_F(MessagesPageTest, ListsEveryMessageNewestFirstAsALivePage) {
  Add("m1");
  Add("m2", kFabrikam);

  PageAnswer a = List();

  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.section, "messages");
  EXPECT_GT(a.refresh_seconds, 0);
  EXPECT_TRUE(Has(a, "<form class=\"filters\" id=\"message-filters\" method=\"get\""));
  EXPECT_TRUE(Has(a, "<table id=\"messages\" class=\"data\">"));
  ASSERT_TRUE(Row(a, "m1") && Row(a, "m2"));
  EXPECT_LT(a.body.find("\"m2\""), a.body.find("\"m1\""));
  EXPECT_TRUE(Has(a, "<td class=\"state\"><span class=\"badge state-queued\">queued</span></td>"));
  EXPECT_TRUE(Has(a, "<td class=\"from\"><bdi>news@fabrikam.com</bdi></td>"));
  EXPECT_TRUE(Has(a, "href=\"/ui/messages/m1\""));
  EXPECT_FALSE(Has(a, "id=\"next-page\""));
}

TEST_F(MessagesPageTest, SaysSoWhenNothingMatches) {
  EXPECT_TRUE(Has(List(), "No messages yet."));
  Add("m1");
  PageAnswer a = List({{"connection", "nowhere"}});
  EXPECT_TRUE(Has(a, "No messages match these filters."));
  EXPECT_FALSE(Has(a, "<table id=\"messages\""));
}

TEST_F(MessagesPageTest, FiltersByStateConnectionSenderAndRecipient) {
  Add("c1");
  Add("c2", kContoso, ApiPayload("carol@example.com", "Hi"));
  Add("f1", kFabrikam);
  Attempt(kContoso, MessageState::kFailed, "mailbox_not_found", "no such mailbox", 404);  // c1

  PageAnswer failed = List({{"state", "failed"}});
  EXPECT_TRUE(Row(failed, "c1"));
  EXPECT_FALSE(Row(failed, "c2") || Row(failed, "f1"));
  EXPECT_TRUE(Has(failed, "<option value=\"failed\" selected>"));

  PageAnswer fabrikam = List({{"connection", "fabrikam"}});
  EXPECT_TRUE(Row(fabrikam, "f1"));
  EXPECT_FALSE(Row(fabrikam, "c1") || Row(fabrikam, "c2"));

  PageAnswer sender = List({{"sender", "News@Fabrikam.com"}});
  EXPECT_TRUE(Row(sender, "f1"));
  EXPECT_FALSE(Row(sender, "c1"));

  PageAnswer carol = List({{"recipient", "CAROL@example.com"}});
  EXPECT_TRUE(Row(carol, "c2"));
  EXPECT_FALSE(Row(carol, "c1") || Row(carol, "f1"));
  EXPECT_TRUE(Has(carol, "value=\"CAROL@example.com\""));
}

TEST_F(MessagesPageTest, FiltersByCreationTimeInTheFormsOfTheTimeField) {
  Add("m1");  // 15:00
  Add("m2");  // 15:01
  Add("m3");  // 15:02

  PageAnswer minutes = List({{"after", "2026-12-02T15:01"}, {"before", "2026-12-02T15:02"}});
  EXPECT_TRUE(Row(minutes, "m2"));
  EXPECT_FALSE(Row(minutes, "m1") || Row(minutes, "m3"));

  PageAnswer seconds_z = List({{"after", "2026-12-02T15:01:30Z"}});
  EXPECT_TRUE(Row(seconds_z, "m3"));
  EXPECT_FALSE(Row(seconds_z, "m2"));

  PageAnswer minutes_z = List({{"before", "2026-12-02T15:01Z"}});
  EXPECT_TRUE(Row(minutes_z, "m1"));
  EXPECT_FALSE(Row(minutes_z, "m2"));
}

TEST_F(MessagesPageTest, BadFilterValuesAreShownNextToTheirFieldNeverAsA500) {
  Add("m1");

  PageAnswer a = List({{"after", "yesterday"}, {"recipient", "not an address"}, {"state", "x"}});

  EXPECT_EQ(a.status, 400);
  EXPECT_TRUE(Has(a, "class=\"error\" id=\"after-error\""));
  EXPECT_TRUE(Has(a, "class=\"error\" id=\"recipient-error\""));
  EXPECT_TRUE(Has(a, "class=\"error\" id=\"state-error\""));
  EXPECT_FALSE(Has(a, "id=\"before-error\""));
  EXPECT_TRUE(Has(a, "value=\"yesterday\""));  // kept, escaped, for correction
  EXPECT_FALSE(Row(a, "m1"));

  PageAnswer cursor = List({{"cursor", "garbage"}});
  EXPECT_EQ(cursor.status, 400);
  EXPECT_TRUE(Has(cursor, "id=\"cursor-error\""));
}

TEST_F(MessagesPageTest, PagesFiftyAtATimeKeepingTheFilters) {
  for (int i = 0; i < 51; ++i) Add("m" + std::to_string(i));
  Add("f1", kFabrikam);

  PageAnswer first = List({{"connection", "contoso"}});
  EXPECT_TRUE(Row(first, "m50"));
  EXPECT_TRUE(Row(first, "m1"));
  EXPECT_FALSE(Row(first, "m0") || Row(first, "f1"));
  auto at = first.body.find("<a id=\"next-page\" href=\"");
  ASSERT_NE(at, std::string::npos);
  at += std::string("<a id=\"next-page\" href=\"").size();
  std::string href = first.body.substr(at, first.body.find('"', at) - at);
  ASSERT_TRUE(href.starts_with("/ui/messages?connection=contoso&amp;cursor="));

  std::string raw = href.substr(href.find('?') + 1);
  raw.replace(raw.find("&amp;"), 5, "&");
  auto query = ParseForm(raw);
  ASSERT_TRUE(query);
  PageAnswer second = List(*query);
  EXPECT_TRUE(Row(second, "m0"));
  EXPECT_FALSE(Row(second, "m1") || Row(second, "f1"));
  EXPECT_FALSE(Has(second, "id=\"next-page\""));
  EXPECT_FALSE(Has(first, "id=\"first-page\""));
  EXPECT_TRUE(
      Has(second, "<a id=\"first-page\" href=\"/ui/messages?connection=contoso\">First page</a>"));
}

TEST_F(MessagesPageTest, MessagePageShowsFactsCauseAndAttemptsEscaped) {
  Add("m1", kContoso, ApiPayload("bob@fabrikam.com", "<script>x</script>", "hidden@fabrikam.com"));
  Attempt(kContoso, MessageState::kQueued, "throttled", "<b>429</b> Too many", 429);
  clock_.Advance(10min);
  Attempt(kContoso, MessageState::kFailed, "mailbox_not_found", "no <i>mailbox</i>", 404);

  PageAnswer a = Show("m1");

  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.refresh_seconds, 0);  // final: not live
  EXPECT_TRUE(Has(a, "<p id=\"message-state\"><span class=\"badge state-failed\">failed</span>"));
  EXPECT_TRUE(Has(a, "<dl id=\"message-facts\">"));
  EXPECT_TRUE(Has(a, "&lt;script&gt;x&lt;/script&gt;"));
  EXPECT_FALSE(Has(a, "<script>"));
  EXPECT_TRUE(Has(a, "bob@fabrikam.com"));
  EXPECT_TRUE(Has(a, "<dd class=\"bcc\"><bdi>hidden@fabrikam.com</bdi></dd>"));
  EXPECT_TRUE(Has(a, "<dd class=\"source\">api</dd>"));
  EXPECT_TRUE(Has(a, "<section id=\"message-cause\">"));
  EXPECT_TRUE(Has(a, "<p class=\"cause\">mailbox_not_found</p>"));
  EXPECT_TRUE(Has(a, "<p class=\"detail\">no &lt;i&gt;mailbox&lt;/i&gt;</p>"));
  EXPECT_TRUE(Has(a, "<pre class=\"fix\">Grant &lt;Mail.Send&gt; &amp; retry</pre>"));
  EXPECT_TRUE(Has(a, "<tr data-attempt=\"1\">"));
  EXPECT_TRUE(Has(a, "<tr data-attempt=\"2\">"));
  EXPECT_TRUE(Has(a, "<td class=\"http-status\">429</td>"));
  EXPECT_TRUE(Has(a, "&lt;b&gt;429&lt;/b&gt; Too many"));
  EXPECT_TRUE(Has(a, "action=\"/ui/messages/m1/retry\""));
  EXPECT_FALSE(Has(a, "/cancel"));
}

TEST_F(MessagesPageTest, SmtpMessagesShowSourcePrincipalAndHeadersButNeverBcc) {
  std::string payload =
      "graphpost-mime/1\n{\"mailFrom\":\"a@contoso.com\",\"rcptTo\":[\"bob@fabrikam.com\","
      "\"secret-bcc@fabrikam.com\"],\"principal\":\"account:printer\",\"client\":\"10.0.0.5\","
      "\"sessionId\":\"s1\",\"saveToSentItems\":true}\nFrom: a@contoso.com\r\nTo: "
      "bob@fabrikam.com\r\nSubject: Scan <1>\r\nMessage-ID: <x@y>\r\n\r\nbody\r\n";
  Add("s1", kContoso, payload);  // the stored MIME alone makes it an SMTP message

  PageAnswer a = Show("s1");

  EXPECT_EQ(a.status, 200);
  EXPECT_GT(a.refresh_seconds, 0);  // queued: live
  EXPECT_TRUE(Has(a, "<dd class=\"source\">smtp</dd>"));
  EXPECT_TRUE(Has(a, "<dd class=\"subject\"><bdi>Scan &lt;1&gt;</bdi></dd>"));
  EXPECT_TRUE(Has(a, "<dd class=\"to\"><bdi>bob@fabrikam.com</bdi></dd>"));
  EXPECT_FALSE(Has(a, "secret-bcc"));
  EXPECT_TRUE(Has(a, "action=\"/ui/messages/s1/cancel\""));
  EXPECT_TRUE(Has(a, "No attempts yet."));
}

TEST_F(MessagesPageTest, UnknownMessageIs404) {
  EXPECT_EQ(Show("nope").status, 404);
  EXPECT_EQ(Call("POST", {"messages", "nope", "retry"}).status, 404);
  EXPECT_EQ(Call("POST", {"messages", "nope", "cancel"}).status, 404);
}

TEST_F(MessagesPageTest, CancelQueuesNothingAndRedirectsWithANotice) {
  Add("m1");

  PageAnswer a = Call("POST", {"messages", "m1", "cancel"});

  EXPECT_EQ(a.redirect, "/ui/messages/m1?done=cancelled");
  EXPECT_EQ(StateOf("m1"), MessageState::kCancelled);
  EXPECT_TRUE(notified_.empty());
  EXPECT_EQ(Show("m1", {{"done", "cancelled"}}).notice, "Cancelled: the message will not be sent.");
}

TEST_F(MessagesPageTest, RetryRequeuesNotifiesTheLaneAndRedirectsWithANotice) {
  Add("m1");
  Attempt(kContoso, MessageState::kFailed, "mailbox_not_found", "gone", 404);

  PageAnswer a = Call("POST", {"messages", "m1", "retry"});

  EXPECT_EQ(a.redirect, "/ui/messages/m1?done=retried");
  EXPECT_EQ(StateOf("m1"), MessageState::kQueued);
  EXPECT_EQ(notified_, std::vector<LaneKey>{kContoso});
  EXPECT_EQ(Show("m1", {{"done", "retried"}}).notice, "Retried: the message is queued again.");
}

TEST_F(MessagesPageTest, RetryOfAnExpiredMessageSaysItRemovesTheTimeToLive) {
  Add("m1");
  Attempt(kContoso, MessageState::kExpired, "expired", "ttl", 0);
  PageAnswer expired = Show("m1");
  EXPECT_TRUE(Has(expired, "/ui/messages/m1/retry"));
  EXPECT_TRUE(Has(expired, "Retrying an expired message removes its time to live"));

  Add("m2");
  Attempt(kContoso, MessageState::kFailed, "mailbox_not_found", "gone", 404);
  EXPECT_FALSE(Has(Show("m2"), "removes its time to live"));
}

TEST_F(MessagesPageTest, ActionsInTheWrongStateAnswer409WithAnErrorNotice) {
  Add("m1");

  PageAnswer retry = Call("POST", {"messages", "m1", "retry"});
  EXPECT_EQ(retry.status, 409);
  EXPECT_TRUE(retry.notice.starts_with("Not retried"));
  EXPECT_TRUE(Has(retry, "<dl id=\"message-facts\">"));
  EXPECT_EQ(StateOf("m1"), MessageState::kQueued);
  EXPECT_TRUE(notified_.empty());

  Attempt(kContoso, MessageState::kDelivered, "", "", 202);
  PageAnswer cancel = Call("POST", {"messages", "m1", "cancel"});
  EXPECT_EQ(cancel.status, 409);
  EXPECT_TRUE(cancel.notice.starts_with("Not cancelled"));
}

TEST_F(MessagesPageTest, ANoticeTheStateContradictsIsNotShown) {
  Add("m1");
  EXPECT_TRUE(Show("m1", {{"done", "cancelled"}}).notice.empty());  // still queued
  EXPECT_EQ(Show("m1", {{"done", "retried"}}).notice, "Retried: the message is queued again.");
  Attempt(kContoso, MessageState::kDelivered, "", "", 202);
  EXPECT_TRUE(Show("m1", {{"done", "cancelled"}}).notice.empty());
  Add("m2");
  Attempt(kContoso, MessageState::kFailed, "mailbox_not_found", "gone", 404);
  EXPECT_TRUE(Show("m2", {{"done", "retried"}}).notice.empty());
  EXPECT_EQ(Show("m2", {{"done", "changed"}}).notice,
            "The message changed meanwhile; nothing was done.");
}

TEST_F(MessagesPageTest, TheNoticeParameterIsNeverReflected) {
  Add("m1");
  PageAnswer a = Show("m1", {{"done", "<script>alert(1)</script>"}});
  EXPECT_TRUE(a.notice.empty());
  EXPECT_FALSE(Has(a, "alert(1)"));
}

}  // namespace
}  // namespace graphpost::console
