// The Connections pages over a real ":memory:" connection store (a client-secret, a certificate
// and a secret connection without expiry), crafted engine stats with a paused lane, and a fake
// DoctorRunner: the list, one connection, the doctor result, rotate secret — and the secrets
// nowhere in any answer.
#include <future>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "connections/connection_store.hpp"
#include "connections/sample_connections_test.hpp"
#include "console/page.hpp"
#include "core/time_format.hpp"
#include "outbox/sqlite/sqlite_outbox_store.hpp"
#include "testing/fake_clock.hpp"
#include "testing/fake_random.hpp"
#include "testing/temp_dir.hpp"

namespace graphpost::console {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kOtherSecret[] = "Zz9~an0ther.S3cret_value-for-legacy~7";
constexpr char kRotatedSecret[] = "N3w~rotated.S3cret_pasted-in-the-form~1";

doctor::DoctorReport FailedReport(std::string name) {
  doctor::DoctorReport report;
  report.connection = std::move(name);
  report.checks = {
      {"tenant", "The tenant exists", doctor::CheckStatus::kPass, "", ""},
      {"credential", "Entra ID accepts the credential", doctor::CheckStatus::kFail,
       "The client secret <expired> (AADSTS7000222)", "Create a new secret:\n  step 2 & step 3"},
      {"mailbox", "The User ID is a mailbox", doctor::CheckStatus::kSkipped, "Skipped: no token",
       ""},
      {"test-send", "A test message is sent", doctor::CheckStatus::kSkipped,
       "Not requested: add --send-test-to ADDRESS to send a real message and find it in Sent "
       "Items.",
       ""},
  };
  report.can_send = false;
  return report;
}

class ConnectionsPageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto outbox = outbox::SqliteOutboxStore::Open(dir_.path() / "outbox.db", {}, clock_);
    ASSERT_TRUE(outbox) << outbox.error().message;
    outbox_ = std::move(*outbox);
    auto store =
        connections::ConnectionStore::Open(":memory:", connections::test::TestVault(), clock_);
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    auto sales = connections::test::SecretConnection("sales", "advocacy@contoso.com");
    sales.secret_expires_on = clock_.WallNow() + std::chrono::days{10};
    ASSERT_TRUE(store_->Add(sales));
    ASSERT_TRUE(store_->Add(connections::test::CertificateConnection(cert_, "cert")));
    auto legacy = connections::test::SecretConnection("legacy", "old@contoso.com");
    legacy.client_secret = Secret(kOtherSecret);
    ASSERT_TRUE(store_->Add(legacy));
    lanes_ = {{.connection = "sales",
               .sender = "advocacy@contoso.com",
               .in_flight = 0,
               .paused = true,
               .reason = "AADSTS7000222: the client secret <expired>",
               .fix = "graphpost connection rotate-secret sales\n  --secret-stdin"},
              {.connection = "cert", .sender = "news@contoso.com", .in_flight = 2}};
    MakeRoutes(true);
  }

  void MakeRoutes(bool with_doctor) {
    DoctorRunner runner;
    if (with_doctor) {
      runner = [this](std::string name, std::function<void(Result<doctor::DoctorReport>)> done) {
        doctor_runs_.push_back(name);
        if (name == "missing") return done(Fail(ErrorCode::kNotFound, "no connection 'missing'"));
        done(FailedReport(name));
      };
    }
    deps_ = std::make_unique<ConsoleDeps>(
        ConsoleDeps{.clock = clock_,
                    .random = random_,
                    .outbox = *outbox_,
                    .connections = *store_,
                    .engine_stats = [this] { return delivery::EngineStats{.lane_status = lanes_}; },
                    .notify = {},
                    .run_doctor = std::move(runner),
                    .sandbox = {},
                    .options = {}});
    routes_ = RouteTable();
    RegisterConnectionsRoutes(routes_, *deps_);
  }

  // Runs the route for method + path; the handler must answer before returning (fakes do).
  PageAnswer Call(std::string method, std::vector<std::string> path, FormFields form = {},
                  FormFields query = {}) {
    const Route* route = routes_.Find(method, path);
    if (route == nullptr) {
      PageAnswer none;
      none.status = 404;
      return none;
    }
    PageRequest request;
    request.path = std::move(path);
    request.form = std::move(form);
    request.query = std::move(query);
    request.principal = "admin token";
    request.csrf = "csrf-token";
    request.now = clock_.WallNow();
    std::optional<PageAnswer> answer;
    route->handler(std::move(request), [&](PageAnswer a) { answer = std::move(a); });
    EXPECT_TRUE(answer.has_value());
    if (!answer) return {};
    answers_.push_back(*answer);
    return *answer;
  }

  testing::FakeClock clock_;
  testing::FakeRandom random_;
  testing::TempDir dir_;
  connections::test::CertificateAndKey cert_ = connections::test::MakeCertificate();
  std::unique_ptr<outbox::SqliteOutboxStore> outbox_;
  std::unique_ptr<connections::ConnectionStore> store_;
  std::vector<delivery::LaneStatus> lanes_;
  std::vector<std::string> doctor_runs_;
  std::unique_ptr<ConsoleDeps> deps_;
  RouteTable routes_;
  std::vector<PageAnswer> answers_;  // every answer, for the secret check
};

// The text between `start` and the next `end` after it ("" when absent).
std::string Between(const std::string& text, const std::string& start, const std::string& end) {
  auto from = text.find(start);
  if (from == std::string::npos) return "";
  auto to = text.find(end, from);
  return text.substr(from, to == std::string::npos ? std::string::npos : to - from);
}

TEST_F(ConnectionsPageTest, ListShowsEachConnectionWithExpiryAndLaneState) {
  PageAnswer page = Call("GET", {"connections"});

  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.title, "Connections");
  EXPECT_EQ(page.section, "connections");
  EXPECT_GT(page.refresh_seconds, 0);
  EXPECT_THAT(page.body, HasSubstr("<table id=\"connections\" class=\"data\"><caption>"));
  const std::string sales = Between(page.body, "<tr data-connection=\"sales\">", "</tr>");
  EXPECT_THAT(sales, HasSubstr("<td class=\"tenant\">72f988bf-86f1-41af-91ab-2d7cd011db47</td>"));
  EXPECT_THAT(sales, HasSubstr("<td class=\"client-id\">3fa85f64-5717-4562-b3fc-2c963f66afa6"));
  EXPECT_THAT(sales, HasSubstr("<td class=\"mailbox\">advocacy@contoso.com</td>"));
  EXPECT_THAT(sales, HasSubstr("<td class=\"credential\">client secret</td>"));
  EXPECT_THAT(
      sales,
      HasSubstr("<td class=\"expiry expiry-soon\"><time datetime=\"2026-12-06T09:00:00Z\">"));
  EXPECT_THAT(sales, HasSubstr("(expires in 10 days)"));
  EXPECT_THAT(sales,
              HasSubstr("<td class=\"lane-state\"><span class=\"badge lane-paused\">paused<"));
  EXPECT_THAT(sales, HasSubstr("href=\"/ui/connections/sales\""));
  const std::string cert = Between(page.body, "<tr data-connection=\"cert\">", "</tr>");
  EXPECT_THAT(cert, HasSubstr("<td class=\"credential\">certificate</td>"));
  // The certificate's notAfter (2028-01-01), far away: no warning class.
  EXPECT_THAT(cert, HasSubstr("<td class=\"expiry\"><time datetime=\"2028-01-01T00:00:00Z\">"));
  EXPECT_THAT(cert, HasSubstr(">active</span>"));
  const std::string legacy = Between(page.body, "<tr data-connection=\"legacy\">", "</tr>");
  EXPECT_THAT(legacy, HasSubstr("<td class=\"expiry expiry-unknown\">unknown (not recorded"));
  EXPECT_THAT(legacy, HasSubstr(">idle</span>"));
}

TEST_F(ConnectionsPageTest, ExpiredSecretIsMarkedExpired) {
  clock_.Advance(std::chrono::days{11});

  PageAnswer page = Call("GET", {"connections"});

  const std::string sales = Between(page.body, "<tr data-connection=\"sales\">", "</tr>");
  EXPECT_THAT(sales, HasSubstr("<td class=\"expiry expiry-expired\">"));
  EXPECT_THAT(sales, HasSubstr("(expired 24 h ago)"));
}

TEST_F(ConnectionsPageTest, ConnectionPageShowsFactsLanesTestAndRotateForm) {
  PageAnswer page = Call("GET", {"connections", "sales"});

  EXPECT_EQ(page.status, 200);
  const std::string facts = Between(page.body, "<dl id=\"connection-facts\">", "</dl>");
  EXPECT_THAT(facts, HasSubstr("<dd class=\"mailbox\">advocacy@contoso.com</dd>"));
  EXPECT_THAT(facts, HasSubstr("<dd class=\"credential\">client secret</dd>"));
  EXPECT_THAT(facts, HasSubstr("<dd class=\"expiry expiry-soon\">"));
  EXPECT_THAT(facts, HasSubstr(">paused</span>"));
  const std::string lane =
      Between(page.body, "<tr data-lane=\"sales/advocacy@contoso.com\">", "</tr>");
  EXPECT_THAT(lane,
              HasSubstr("<td class=\"reason\">AADSTS7000222: the client secret &lt;expired&gt;"));
  EXPECT_THAT(lane, HasSubstr("<pre class=\"fix\">graphpost connection rotate-secret sales\n"));
  EXPECT_THAT(page.body, HasSubstr("action=\"/ui/connections/sales/test\""));
  EXPECT_THAT(page.body, HasSubstr("<form id=\"rotate-secret\" method=\"post\" "
                                   "action=\"/ui/connections/sales/secret\">"));
  EXPECT_THAT(page.body, HasSubstr("<input type=\"password\" id=\"secret\" name=\"secret\" "
                                   "autocomplete=\"off\" required>"));
  EXPECT_THAT(page.body, HasSubstr("<label for=\"secret\">New client secret</label>"));
  EXPECT_THAT(page.body, HasSubstr("value=\"csrf-token\""));
}

TEST_F(ConnectionsPageTest, CertificateConnectionHasNoRotateForm) {
  PageAnswer page = Call("GET", {"connections", "cert"});

  EXPECT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("<dd class=\"credential\">certificate</dd>"));
  EXPECT_THAT(page.body, HasSubstr("<tr data-lane=\"cert/news@contoso.com\">"));
  EXPECT_THAT(page.body, Not(HasSubstr("rotate-secret")));
  EXPECT_EQ(Call("GET", {"connections", "nobody"}).status, 404);
}

TEST_F(ConnectionsPageTest, WithoutADoctorThereIsNoTestButtonNorRoute) {
  MakeRoutes(false);

  PageAnswer page = Call("GET", {"connections", "sales"});

  EXPECT_THAT(page.body, Not(HasSubstr("/test")));
  EXPECT_EQ(routes_.Find("POST", {"connections", "sales", "test"}), nullptr);
}

TEST_F(ConnectionsPageTest, TestShowsTheDoctorsChecksInOrderEscapedWithTheVerdict) {
  PageAnswer page = Call("POST", {"connections", "sales", "test"});

  EXPECT_EQ(doctor_runs_, std::vector<std::string>{"sales"});
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.title, "Doctor: sales");
  const std::string checks = Between(page.body, "<ol id=\"doctor-checks\">", "</ol>");
  const auto tenant = checks.find("data-check=\"tenant\" data-status=\"pass\"");
  const auto credential = checks.find("data-check=\"credential\" data-status=\"fail\"");
  const auto mailbox = checks.find("data-check=\"mailbox\" data-status=\"skipped\"");
  ASSERT_NE(tenant, std::string::npos);
  ASSERT_NE(credential, std::string::npos);
  ASSERT_NE(mailbox, std::string::npos);
  EXPECT_LT(tenant, credential);
  EXPECT_LT(credential, mailbox);
  EXPECT_THAT(checks, HasSubstr("<span class=\"check-title\">Entra ID accepts the credential</span>"
                                " <span class=\"badge status-fail\">fail</span>"));
  EXPECT_THAT(checks,
              HasSubstr("<p class=\"cause\">The client secret &lt;expired&gt; (AADSTS7000222)"));
  EXPECT_THAT(checks, HasSubstr("<p class=\"fix-label\">Fix:</p><pre class=\"fix\">Create a new "
                                "secret:\n  step 2 &amp; step 3</pre>"));
  EXPECT_THAT(checks, Not(HasSubstr("add --send-test-to")));
  EXPECT_THAT(checks, HasSubstr("Not requested: the console does not send test messages. To send "
                                "one and find it in Sent Items, run graphpost connection test "
                                "sales --send-test-to ADDRESS."));
  EXPECT_THAT(page.body,
              HasSubstr("<p id=\"doctor-verdict\" class=\"status-fail\">sales cannot send</p>"));
}

TEST_F(ConnectionsPageTest, TestOfAnUnknownConnectionIs404) {
  PageAnswer page = Call("POST", {"connections", "missing", "test"});

  EXPECT_EQ(page.status, 404);
  EXPECT_THAT(page.body, Not(HasSubstr("doctor-checks")));
}

TEST_F(ConnectionsPageTest, RotateSecretRedirectsWithTheNoticeAndStoresTheSecret) {
  PageAnswer posted =
      Call("POST", {"connections", "sales", "secret"},
           {{"csrf", "csrf-token"}, {"secret", kRotatedSecret}, {"expires", "2027-06-30"}});

  EXPECT_EQ(posted.redirect, "/ui/connections/sales?rotated=sales");
  auto stored = store_->Get("sales");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->client_secret.Reveal(), kRotatedSecret);
  ASSERT_TRUE(stored->secret_expires_on.has_value());
  EXPECT_EQ(FormatDate(*stored->secret_expires_on), "2027-06-30");
  PageAnswer page = Call("GET", {"connections", "sales"}, {}, {{"rotated", "sales"}});
  EXPECT_EQ(page.notice, "Secret rotated for sales; paused lanes resume within a few seconds");
  EXPECT_THAT(page.body, HasSubstr("name=\"secret\" autocomplete=\"off\" required>"));
}

TEST_F(ConnectionsPageTest, RotateSecretRefusesEmptyCertificateUnknownAndBadDates) {
  PageAnswer empty = Call("POST", {"connections", "sales", "secret"}, {{"secret", "   "}});
  EXPECT_EQ(empty.status, 400);
  EXPECT_THAT(empty.body, HasSubstr("<p class=\"error\" role=\"alert\">"));
  EXPECT_THAT(empty.body, HasSubstr("dl id=\"connection-facts\""));

  PageAnswer certificate =
      Call("POST", {"connections", "cert", "secret"}, {{"secret", kRotatedSecret}});
  EXPECT_EQ(certificate.status, 409);
  EXPECT_THAT(certificate.body, HasSubstr("certificate"));

  PageAnswer unknown =
      Call("POST", {"connections", "nobody", "secret"}, {{"secret", kRotatedSecret}});
  EXPECT_EQ(unknown.status, 404);

  PageAnswer bad_date = Call("POST", {"connections", "sales", "secret"},
                             {{"secret", kRotatedSecret}, {"expires", "next year"}});
  EXPECT_EQ(bad_date.status, 400);
  EXPECT_EQ(store_->Get("sales")->client_secret.Reveal(), connections::test::kSecretValue);
}

TEST_F(ConnectionsPageTest, RotateSecretRefusesControlCharactersLongSecretsAndPastDates) {
  const std::string with_newline = std::string(kRotatedSecret) + "\r\n";
  const std::string with_nul = std::string("ab\0cd", 5) + kRotatedSecret;
  const std::string too_long(1025, 'x');
  for (const std::string& bad : {with_newline, with_nul, too_long}) {
    PageAnswer page = Call("POST", {"connections", "sales", "secret"}, {{"secret", bad}});
    EXPECT_EQ(page.status, 400);
    EXPECT_THAT(page.body, HasSubstr("<p class=\"error\" role=\"alert\">New client secret: "));
    EXPECT_THAT(page.body, Not(HasSubstr(kRotatedSecret)));
    EXPECT_THAT(page.body, Not(HasSubstr("xxxxxxxx")));
  }
  PageAnswer past = Call("POST", {"connections", "sales", "secret"},
                         {{"secret", kRotatedSecret}, {"expires", "2026-11-25"}});
  EXPECT_EQ(past.status, 400);
  EXPECT_THAT(past.body, HasSubstr("Expires: the date is in the past."));
  EXPECT_EQ(store_->Get("sales")->client_secret.Reveal(), connections::test::kSecretValue);

  const std::string longest(1024, 'y');
  PageAnswer today = Call("POST", {"connections", "sales", "secret"},
                          {{"secret", longest}, {"expires", FormatDate(clock_.WallNow())}});
  EXPECT_EQ(today.redirect, "/ui/connections/sales?rotated=sales");
}

TEST_F(ConnectionsPageTest, RotateWithoutExpiryIsLabelledAndShowsUnknownExpiryAsAWarning) {
  PageAnswer form = Call("GET", {"connections", "sales"});
  EXPECT_THAT(form.body, HasSubstr("<label for=\"expires\">Expires (optional; left empty, the "
                                   "expiry is recorded as unknown"));

  PageAnswer posted =
      Call("POST", {"connections", "sales", "secret"}, {{"secret", kRotatedSecret}});
  EXPECT_EQ(posted.redirect, "/ui/connections/sales?rotated=sales");

  PageAnswer page = Call("GET", {"connections", "sales"});
  EXPECT_THAT(page.body, HasSubstr("<dd class=\"expiry expiry-unknown\">unknown (not recorded"));
}

TEST_F(ConnectionsPageTest, RotatedNoticeOnlyForThisConnectionAndThoseSharingItsCredential) {
  auto twin = connections::test::SecretConnection("twin", "twin@contoso.com");
  ASSERT_TRUE(store_->Add(twin));  // same tenant and client ID as sales

  EXPECT_TRUE(Call("GET", {"connections", "sales"}, {}, {{"rotated", "legacy"}}).notice.empty());
  EXPECT_TRUE(Call("GET", {"connections", "sales"}, {}, {{"rotated", "twin"}}).notice.empty());
  EXPECT_TRUE(Call("GET", {"connections", "cert"}, {}, {{"rotated", "sales"}}).notice.empty());
  EXPECT_EQ(Call("GET", {"connections", "sales"}, {}, {{"rotated", "sales,twin,cert"}}).notice,
            "Secret rotated for sales, twin; paused lanes resume within a few seconds");
}

TEST_F(ConnectionsPageTest, ALaneWaitingForPacingShowsItsQueuedMailAsPaced) {
  outbox::MessageRecord m;
  m.id = "m1";
  m.api_key_id = "k_one";
  m.lane = {"legacy", "old@contoso.com"};
  m.recipients = 1;
  m.payload = "{}";
  m.created_at = m.send_at = m.next_attempt_at = clock_.WallNow() + std::chrono::minutes{5};
  std::promise<Result<outbox::SubmitOutcome>> done;
  outbox_->Submit(outbox::Submission{.api_key_id = "k_one", .messages = {m}},
                  [&](Result<outbox::SubmitOutcome> r) { done.set_value(std::move(r)); });
  ASSERT_TRUE(done.get_future().get());
  lanes_.push_back({.connection = "legacy", .sender = "old@contoso.com", .in_flight = 0});

  PageAnswer page = Call("GET", {"connections", "legacy"});

  const std::string lane = Between(page.body, "<tr data-lane=\"legacy/old@contoso.com\">", "</tr>");
  EXPECT_THAT(lane, HasSubstr("<span class=\"badge lane-paced\">paced</span>"));
  EXPECT_THAT(lane, HasSubstr("<td class=\"queued\">1</td>"));
  EXPECT_THAT(lane, HasSubstr("(in 5 min)"));
}

TEST_F(ConnectionsPageTest, ASecretEntraIdRefusesIsNotSavedAndTheCodeIsShown) {
  std::vector<std::string> checked;
  bool accept = false;
  deps_->check_secret = [&](std::string connection, Secret secret,
                            std::function<void(Status)> done) {
    checked.push_back(connection + ":" + std::string(secret.Reveal()));
    if (accept) return done(Ok());
    done(Fail(ErrorCode::kUnauthenticated,
              "invalid client secret provided (AADSTS7000215): check the secret's Value"));
  };

  PageAnswer refused =
      Call("POST", {"connections", "sales", "secret"}, {{"secret", kRotatedSecret}});
  EXPECT_EQ(checked, std::vector<std::string>{std::string("sales:") + kRotatedSecret});
  EXPECT_EQ(refused.status, 400);
  EXPECT_THAT(refused.body, HasSubstr("Entra ID refused the new client secret; nothing was saved. "
                                      "Invalid client secret provided (AADSTS7000215)"));
  EXPECT_THAT(refused.body, Not(HasSubstr(kRotatedSecret)));
  EXPECT_EQ(store_->Get("sales")->client_secret.Reveal(), connections::test::kSecretValue);

  accept = true;
  PageAnswer saved = Call("POST", {"connections", "sales", "secret"}, {{"secret", kRotatedSecret}});
  EXPECT_EQ(saved.redirect, "/ui/connections/sales?rotated=sales");
  EXPECT_EQ(store_->Get("sales")->client_secret.Reveal(), kRotatedSecret);
}

TEST_F(ConnectionsPageTest, NoSecretOrPrivateKeyAppearsInAnyAnswer) {
  Call("GET", {"connections"});
  Call("GET", {"connections", "sales"});
  Call("GET", {"connections", "cert"});
  Call("GET", {"connections", "legacy"});
  Call("POST", {"connections", "sales", "test"});
  Call("POST", {"connections", "cert", "secret"}, {{"secret", kRotatedSecret}});
  Call("POST", {"connections", "sales", "secret"},
       {{"secret", kRotatedSecret}, {"expires", "bad"}});
  Call("POST", {"connections", "nobody", "secret"}, {{"secret", kRotatedSecret}});
  Call("POST", {"connections", "sales", "secret"}, {{"secret", kRotatedSecret}});
  Call("GET", {"connections", "sales"}, {}, {{"rotated", "sales"}});

  ASSERT_EQ(answers_.size(), 10u);
  const std::string key_line = connections::test::PemBodyLine(cert_.private_key_pem);
  for (const PageAnswer& a : answers_) {
    std::string all = a.title + a.body + a.notice + a.redirect;
    if (a.raw) {
      all += a.raw->body;
      for (const auto& header : a.raw->headers.all()) all += header.name + ": " + header.value;
    }
    EXPECT_THAT(all, Not(HasSubstr(connections::test::kSecretValue)));
    EXPECT_THAT(all, Not(HasSubstr(kOtherSecret)));
    EXPECT_THAT(all, Not(HasSubstr(kRotatedSecret)));
    EXPECT_THAT(all, Not(HasSubstr(key_line)));
    EXPECT_THAT(all, Not(HasSubstr("PRIVATE KEY")));
  }
}

}  // namespace
}  // namespace graphpost::console
