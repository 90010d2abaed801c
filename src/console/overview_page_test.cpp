// The Overview page: its handler over a real SQLite outbox and a crafted engine snapshot, and the
// latency estimate it shows.
#include <future>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "connections/connection_store.hpp"
#include "console/latency_estimate.hpp"
#include "console/page.hpp"
#include "core/base64.hpp"
#include "outbox/sqlite/sqlite_outbox_store.hpp"
#include "testing/fake_clock.hpp"
#include "testing/fake_random.hpp"
#include "testing/temp_dir.hpp"

namespace graphpost::console {
namespace {

using namespace std::chrono_literals;
using outbox::MessageState;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kSecret[] = "s3cr3t-<never>-shown";

// Graph latencies: 100 requests, 40 within 50 ms, 90 within 100 ms, 99 within 250 ms, 1 slower.
delivery::EngineStats Latencies() {
  delivery::EngineStats stats;
  stats.latency_bounds = {0.05, 0.1, 0.25, 0.5};
  stats.latency_cumulative = {40, 90, 99, 99};
  stats.latency_count = 100;
  return stats;
}

delivery::EngineStats Crafted() {
  delivery::EngineStats stats = Latencies();
  stats.lanes = 2;
  stats.paused_lanes = 1;
  stats.throttled = 7;
  stats.attempts[{"sent", ""}] = 12;
  stats.attempts[{"retry", "throttled"}] = 7;
  stats.attempts[{"failed", "mailbox_not_found"}] = 3;
  stats.alerts = {"connection contoso: The client secret has expired (AADSTS7000222)."};
  stats.lane_status = {
      delivery::LaneStatus{.connection = "contoso",
                           .sender = "sales@contoso.com",
                           .paused = true,
                           .reason = "The client secret of app <app> has expired (AADSTS7000222).",
                           .fix = "graphpost connection rotate-secret contoso --secret-stdin\n"
                                  "or Rotate secret on /ui/connections/contoso & wait"},
      delivery::LaneStatus{.connection = "fabrikam",
                           .sender = "news@fabrikam.com",
                           .in_flight = 3,
                           .next_due = std::nullopt}};
  return stats;
}

class OverviewPageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto outbox = outbox::SqliteOutboxStore::Open(dir_.path() / "outbox.db", {}, clock_);
    ASSERT_TRUE(outbox) << outbox.error().message;
    outbox_ = std::move(*outbox);
    auto vault = connections::SecretVault::FromMasterKey(Base64Encode(std::string(32, 'k')), "s");
    ASSERT_TRUE(vault);
    auto store = connections::ConnectionStore::Open(":memory:", *vault, clock_);
    ASSERT_TRUE(store) << store.error().message;
    connections_ = std::move(*store);
  }

  // Registers the overview into a route table and runs its handler for GET /ui/overview.
  PageAnswer Render(std::function<delivery::EngineStats()> engine_stats) {
    ConsoleDeps deps{.clock = clock_,
                     .random = random_,
                     .outbox = *outbox_,
                     .connections = *connections_,
                     .engine_stats = std::move(engine_stats),
                     .notify = {},
                     .run_doctor = {},
                     .sandbox = {},
                     .options = {.live_refresh = 7s}};
    RouteTable routes;
    RegisterOverviewRoutes(routes, deps);
    const Route* route = routes.Find("GET", {"overview"});
    EXPECT_NE(route, nullptr);
    if (route == nullptr) return {};
    PageRequest request;
    request.path = {"overview"};
    request.principal = "admin token";
    request.now = clock_.WallNow();
    std::optional<PageAnswer> answer;
    route->handler(std::move(request), [&](PageAnswer a) { answer = std::move(a); });
    EXPECT_TRUE(answer) << "the overview answers at once";
    return answer.value_or(PageAnswer{});
  }

  void Submit(const std::string& id) {
    outbox::MessageRecord m;
    m.id = id;
    m.api_key_id = "k_one";
    m.lane = {"contoso", "sales@contoso.com"};
    m.recipients = 1;
    m.payload = "{}";
    m.created_at = m.send_at = m.next_attempt_at = clock_.WallNow();
    outbox::Submission s{.api_key_id = "k_one", .messages = {m}};
    std::promise<Result<outbox::SubmitOutcome>> done;
    outbox_->Submit(s, [&](Result<outbox::SubmitOutcome> r) { done.set_value(std::move(r)); });
    ASSERT_TRUE(done.get_future().get());
  }

  void Cancel(const std::string& id) {
    std::promise<Result<outbox::MessageRecord>> done;
    outbox_->Cancel(id, std::nullopt,
                    [&](Result<outbox::MessageRecord> r) { done.set_value(std::move(r)); });
    ASSERT_TRUE(done.get_future().get());
  }

  graphpost::testing::TempDir dir_;
  graphpost::testing::FakeClock clock_;
  graphpost::testing::FakeRandom random_;
  std::unique_ptr<outbox::SqliteOutboxStore> outbox_;
  std::unique_ptr<connections::ConnectionStore> connections_;
};

TEST_F(OverviewPageTest, IsALivePageOfTheOverviewSection) {
  PageAnswer page = Render(Crafted);

  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.title, "Overview");
  EXPECT_EQ(page.section, "overview");
  EXPECT_EQ(page.refresh_seconds, 7);
}

TEST_F(OverviewPageTest, ShowsACardPerStateWithItsCount) {
  Submit("m1");
  Submit("m2");
  Submit("m3");
  Cancel("m3");

  std::string body = Render(Crafted).body;

  EXPECT_THAT(body, HasSubstr("<div class=\"card\" data-state=\"queued\"><h2><span class=\"badge "
                              "state-queued\">Queued</span></h2><p class=\"figure\">2</p></div>"));
  EXPECT_THAT(body, HasSubstr("data-state=\"cancelled\"><h2><span class=\"badge "
                              "state-cancelled\">Cancelled</span></h2><p class=\"figure\">1</p>"));
  EXPECT_THAT(body, HasSubstr("data-state=\"delivered\"><h2><span class=\"badge "
                              "state-delivered\">Delivered</span></h2><p class=\"figure\">0</p>"));
}

TEST_F(OverviewPageTest, ChartsTheLastHourFromTheOutboxActivity) {
  Submit("m1");
  clock_.Advance(2min);
  Submit("m2");

  std::string body = Render(Crafted).body;

  EXPECT_THAT(body, HasSubstr("<figure id=\"activity\"><svg id=\"activity-chart\""));
  EXPECT_THAT(body, HasSubstr("From 08:03 to 09:02 UTC: 2 accepted, 0 delivered, 0 failed."));
  EXPECT_THAT(body, HasSubstr("<details><summary>The numbers</summary><div class=\"table-wrap\">"
                              "<table class=\"data\" id=\"activity-table\">"));
}

TEST_F(OverviewPageTest, ShowsLatencyQuantilesInMilliseconds) {
  std::string body = Render(Crafted).body;

  // p50: rank 50 lies in (50 ms, 100 ms], 10 of its 50 requests in: 60 ms. p99: rank 99 is the
  // last of (100 ms, 250 ms]: 250 ms.
  EXPECT_THAT(body, HasSubstr("<p class=\"figure\" data-quantile=\"p50\">60 ms</p>"));
  EXPECT_THAT(body, HasSubstr("<p class=\"figure\" data-quantile=\"p99\">250 ms</p>"));
  EXPECT_THAT(body, HasSubstr("<p class=\"figure\" data-figure=\"throttled\">7</p>"));
}

TEST_F(OverviewPageTest, LatencyIsADashWithoutMeasurements) {
  std::string body = Render([] { return delivery::EngineStats{}; }).body;

  EXPECT_THAT(body, HasSubstr("data-quantile=\"p50\">—</p>"));
  EXPECT_THAT(body, HasSubstr("data-quantile=\"p99\">—</p>"));
}

TEST_F(OverviewPageTest, ListsAttemptsByOutcomeAndCauseMostFrequentFirst) {
  std::string body = Render(Crafted).body;

  const auto sent = body.find("<tr data-outcome=\"sent\" data-cause=\"\">");
  const auto throttled = body.find("<tr data-outcome=\"retry\" data-cause=\"throttled\">");
  const auto failed = body.find("<tr data-outcome=\"failed\" data-cause=\"mailbox_not_found\">");
  ASSERT_NE(failed, std::string::npos);
  EXPECT_LT(sent, throttled);
  EXPECT_LT(throttled, failed);
  EXPECT_THAT(body, HasSubstr("<table class=\"data\" id=\"causes\">"));
}

TEST_F(OverviewPageTest, ShowsEachLaneAndThePausedOnesWithReasonAndFixEscaped) {
  std::string body = Render(Crafted).body;

  EXPECT_THAT(body, HasSubstr("<tr data-lane=\"contoso/sales@contoso.com\">"));
  EXPECT_THAT(body, HasSubstr("<tr data-lane=\"fabrikam/news@fabrikam.com\">"));
  EXPECT_THAT(body, HasSubstr("<td class=\"lane-state\"><span class=\"badge lane-paused\">paused"
                              "</span></td>"));
  EXPECT_THAT(body, HasSubstr("<td class=\"lane-state\"><span class=\"badge lane-active\">active"
                              "</span></td><td class=\"number in-flight\">3</td>"));
  const auto paused = body.find("<section id=\"paused-lanes\"");
  ASSERT_NE(paused, std::string::npos);
  const std::string section = body.substr(paused, body.find("</section>", paused) - paused);
  EXPECT_THAT(section,
              HasSubstr("<li class=\"paused-lane\" data-lane=\"contoso/sales@contoso.com"));
  EXPECT_THAT(section, Not(HasSubstr("fabrikam")));
  EXPECT_THAT(section, HasSubstr("<p class=\"reason\">The client secret of app &lt;app&gt; has "
                                 "expired (AADSTS7000222).</p>"));
  EXPECT_THAT(section, HasSubstr("<pre class=\"fix\">graphpost connection rotate-secret contoso "
                                 "--secret-stdin\nor Rotate secret on /ui/connections/contoso "
                                 "&amp; wait</pre>"));
  EXPECT_THAT(body, Not(HasSubstr("<app>")));
}

TEST_F(OverviewPageTest, SaysSoWhenNoLaneIsPaused) {
  std::string body = Render([] { return Latencies(); }).body;

  EXPECT_THAT(body, HasSubstr("<h2 id=\"paused-heading\">Paused lanes</h2><p class=\"muted\">No "
                              "paused lanes.</p>"));
}

TEST_F(OverviewPageTest, ALaneWithQueuedMailAndNothingInFlightIsPacedWithTheOutboxNextDue) {
  Submit("m1");
  Submit("m2");
  std::string body = Render([] {
                       delivery::EngineStats stats = Latencies();
                       stats.lanes = 1;
                       stats.lane_status = {delivery::LaneStatus{.connection = "contoso",
                                                                 .sender = "sales@contoso.com"}};
                       return stats;
                     }).body;

  const auto at = body.find("<tr data-lane=\"contoso/sales@contoso.com\">");
  ASSERT_NE(at, std::string::npos);
  const std::string row = body.substr(at, body.find("</tr>", at) - at);
  EXPECT_THAT(row, HasSubstr("<span class=\"badge lane-paced\">paced</span>"));
  EXPECT_THAT(row, HasSubstr("<td class=\"number queued\">2</td>"));
  EXPECT_THAT(row, HasSubstr("<td class=\"next-due\"><time datetime=\""));
}

TEST_F(OverviewPageTest, OneLaneIsSingular) {
  std::string body = Render([] {
                       delivery::EngineStats stats = Latencies();
                       stats.lanes = 1;
                       return stats;
                     }).body;

  EXPECT_THAT(body, HasSubstr("<caption>1 lane (one per connection and sending mailbox)"));
}

TEST_F(OverviewPageTest, ShowsTheEngineAlerts) {
  std::string body = Render(Crafted).body;

  EXPECT_THAT(body, HasSubstr("<li class=\"error\">connection contoso: The client secret has "
                              "expired (AADSTS7000222).</li>"));
}

TEST_F(OverviewPageTest, NeverShowsAConnectionsSecret) {
  connections::Connection c;
  c.name = "contoso";
  c.tenant = "contoso.com";
  c.client_id = "8d2c4b6a-1e3f-4a5b-9c7d-0e1f2a3b4c5d";
  c.user_id = "sales@contoso.com";
  c.client_secret = Secret(kSecret);
  ASSERT_TRUE(connections_->Add(c));
  Submit("m1");

  std::string body = Render(Crafted).body;

  EXPECT_THAT(body, Not(HasSubstr("s3cr3t")));
}

TEST_F(OverviewPageTest, WithoutAnEngineShowsTheOutboxFiguresOnly) {
  Submit("m1");

  std::string body = Render({}).body;

  EXPECT_THAT(body, HasSubstr("data-state=\"queued\""));
  EXPECT_THAT(body, HasSubstr("The delivery engine is not running"));
  EXPECT_THAT(body, Not(HasSubstr("id=\"lanes\"")));
}

TEST(LatencyEstimateTest, InterpolatesWithinTheBucketHoldingTheRank) {
  delivery::EngineStats stats = Latencies();

  EXPECT_NEAR(EstimateLatency(stats, 0.2)->milliseconds, 25, 1e-9);  // half of (0, 50 ms]
  EXPECT_NEAR(EstimateLatency(stats, 0.5)->milliseconds, 60, 1e-9);
  EXPECT_NEAR(EstimateLatency(stats, 0.95)->milliseconds, 100 + 150 * 5.0 / 9, 1e-9);
}

TEST(LatencyEstimateTest, PastTheTopBoundIsAtLeastThatBound) {
  delivery::EngineStats stats = Latencies();

  auto p999 = EstimateLatency(stats, 0.999);

  ASSERT_TRUE(p999);
  EXPECT_TRUE(p999->at_least);
  EXPECT_EQ(FormatLatency(p999), "≥ 500 ms");
}

TEST(LatencyEstimateTest, NoMeasurementsIsNoEstimate) {
  EXPECT_FALSE(EstimateLatency(delivery::EngineStats{}, 0.5));
  EXPECT_EQ(FormatLatency(std::nullopt), "—");
  EXPECT_EQ(FormatLatency(LatencyEstimate{.milliseconds = 4.24}), "4.2 ms");
  EXPECT_EQ(FormatLatency(LatencyEstimate{.milliseconds = 12345.6}), "12,346 ms");
}

}  // namespace
}  // namespace graphpost::console
