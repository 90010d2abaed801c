// Issue #7, "Done when" 3: the delivery engine against the real sandbox and the real SQLite
// outbox. Under injected 503s, 429s with Retry-After and dropped connections every message is
// delivered exactly once (counted in the recipient's Inbox by X-Graphpost-Id); paced lanes stay
// within Exchange's per-mailbox limits and finish within 5% of the pacing bound (on a scaled
// clock); an expired secret pauses its lanes after one token request and they resume after the
// secret is rotated. Each test is bounded in messages and time.
#include <set>

#include <gtest/gtest.h>

#include "app/client_runtime.hpp"
#include "core/scaled_clock.hpp"
#include "delivery/delivery_engine.hpp"
#include "log/capturing_logger.hpp"
#include "tests/e2e/client_e2e_support.hpp"
#include "tests/e2e/delivery_e2e_support.hpp"

namespace graphpost::testing {
namespace {

using namespace std::chrono_literals;
using outbox::MessageState;

// Exchange delays deliveries over 30 messages per minute; these tests count Inbox copies at once.
boost::json::object PromptDelivery() { return {{"messagesPerMinutePerMailbox", 2147483647}}; }

std::unique_ptr<delivery::DeliveryEngine> StartEngine(DeliveryWorld& world, Clock& clock,
                                                      Random& random,
                                                      delivery::EngineOptions options,
                                                      log::Logger* log = nullptr) {
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

// No secret, bearer token (a JWT: "eyJ…") or message body in any record of `log`.
void ExpectNothingSecretIn(const log::CapturingLogger& log, DeliveryWorld& world) {
  EXPECT_FALSE(log.Contains(world.sandbox().GuideSecret()));
  EXPECT_FALSE(log.Contains("eyJ"));
  EXPECT_FALSE(log.Contains("Bearer"));
}

// With and without Graph JSON batching: a lost batch answer leaves each send in it ambiguous.
class DeliveryFaultsE2eTest : public ::testing::TestWithParam<bool> {};

TEST_P(DeliveryFaultsE2eTest, UnderFaultsEveryMessageIsDeliveredExactlyOnce) {
  SystemClock clock;
  SystemRandom random;
  DeliveryWorld world(clock, PromptDelivery());
  world.AddConnection("references", "references@company.com");
  world.AddConnection("advocacy", "advocacy@company.com");
  world.AddConnection("support", "support@company.com");
  std::vector<std::string> ids = world.Submit("references", "references@company.com", 60);
  for (const auto& id : world.Submit("advocacy", "advocacy@company.com", 60)) ids.push_back(id);
  for (const auto& id : world.Submit("support", "support@company.com", 60)) ids.push_back(id);
  // The faults apply to every Graph request (sendMail and Sent Items lookups alike).
  world.Admin("POST", "faults", R"({"errorRate":0.1,"errorStatus":503})");
  world.Admin("POST", "faults", R"({"errorRate":0.05,"errorStatus":429})");
  world.Admin("POST", "faults", R"({"dropRate":0.05})");
  delivery::EngineOptions options{.default_limits = {.messages_per_minute = 0},
                                  .sent_items_delay = 50ms,
                                  .backoff_base = 20ms,
                                  .backoff_cap = 500ms,
                                  .graph_timeout = 10s,
                                  .use_batch = GetParam(),
                                  .max_idle_wait = 20ms};
  log::CapturingLogger log;

  auto engine = StartEngine(world, clock, random, options, &log);
  const bool all_delivered = world.outbox().WaitUntil(
      [&] { return world.outbox().settled(MessageState::kDelivered) >= 180; }, 120s);
  engine->Stop(5s);

  ASSERT_TRUE(all_delivered) << world.outbox().settled(MessageState::kDelivered) << " delivered, "
                             << world.outbox().settled(MessageState::kFailed) << " failed";
  EXPECT_EQ(world.outbox().settled(MessageState::kFailed), 0);
  std::map<std::string, int> inbox = world.DeliveriesById("pat@company.com");
  int missing = 0, doubled = 0;
  for (const auto& id : ids) {
    missing += inbox[id] == 0 ? 1 : 0;
    doubled += inbox[id] > 1 ? 1 : 0;
  }
  EXPECT_EQ(missing, 0);
  EXPECT_EQ(doubled, 0);
  // One log record per finished attempt, each with its message id; every message's last one says
  // it was delivered.
  const auto attempts = log.WithMessage("delivery attempt");
  std::int64_t counted = 0;
  for (const auto& [key, n] : engine->Stats().attempts) counted += n;
  EXPECT_EQ(static_cast<std::int64_t>(attempts.size()), counted);
  std::map<std::string, std::string> last_outcome;
  for (const auto& r : attempts) {
    EXPECT_FALSE(r.Field("message_id").empty());
    EXPECT_FALSE(r.Field("latency_ms").empty());
    last_outcome[r.Field("message_id")] = r.Field("outcome");
  }
  for (const auto& id : ids) {
    EXPECT_TRUE(last_outcome[id] == "sent" || last_outcome[id] == "found-in-sent-items")
        << id << ": " << last_outcome[id];
  }
  ExpectNothingSecretIn(log, world);
  std::size_t batches = 0;
  for (const auto& r : RequestLog(world.sandbox())) batches += r.path.ends_with("/$batch") ? 1 : 0;
  EXPECT_EQ(batches > 0, GetParam());
  const delivery::EngineStats stats = engine->Stats();
  EXPECT_GT(stats.attempts.size(), 1u);  // retries happened: the faults were felt
  EXPECT_EQ(stats.in_flight, 0);
}

INSTANTIATE_TEST_SUITE_P(BatchOrNot, DeliveryFaultsE2eTest, ::testing::Bool(),
                         [](const auto& p) { return p.param ? "Batched" : "Direct"; });

TEST(DeliveryE2eTest, PacedLanesStayWithinTheMailboxLimitsAndFinishWithinFivePercentOfTheBound) {
  SystemClock real;
  ScaledClock clock(real, 50.0);  // 400 s of pacing in about 8 s
  SystemRandom random;
  DeliveryWorld world(clock, {});
  world.AddConnection("references", "references@company.com");
  world.AddConnection("advocacy", "advocacy@company.com");
  world.AddConnection("support", "support@company.com");
  world.Submit("references", "references@company.com", 200);
  world.Submit("advocacy", "advocacy@company.com", 200);
  world.Submit("support", "support@company.com", 200);
  delivery::EngineOptions options{.default_limits = {.max_in_flight = 4, .messages_per_minute = 30},
                                  .max_idle_wait = 2ms};

  const auto started = clock.WallNow();
  auto engine = StartEngine(world, clock, random, options);
  const bool all_delivered = world.outbox().WaitUntil(
      [&] { return world.outbox().settled(MessageState::kDelivered) >= 600; }, 60s);
  const auto finished = world.outbox().last_delivered_at();
  engine->Stop(5s);

  ASSERT_TRUE(all_delivered) << world.outbox().settled(MessageState::kDelivered);
  // 200 messages per lane at 30/min: the 200th starts 199 × 2 s after the first.
  const double bound = 199 * 2.0;
  const double took = std::chrono::duration<double>(finished - started).count();
  EXPECT_GE(took, bound);
  EXPECT_LE(took, bound * 1.05);
  std::size_t throttled = 0;
  for (const auto& r : RequestLog(world.sandbox())) throttled += r.status == 429 ? 1 : 0;
  EXPECT_EQ(throttled, 0u);
  EXPECT_EQ(engine->Stats().throttled, 0);
}

TEST(DeliveryE2eTest, AnExpiredSecretPausesItsLanesAfterOneTokenRequestAndRotationResumesThem) {
  SystemClock clock;
  SystemRandom random;
  DeliveryWorld world(clock, PromptDelivery());
  world.AddConnection("references", "references@company.com");
  world.AddConnection("advocacy", "advocacy@company.com");
  std::vector<std::string> ids = world.Submit("references", "references@company.com", 20);
  for (const auto& id : world.Submit("advocacy", "advocacy@company.com", 20)) ids.push_back(id);
  // 400 days on: the guide's 12-month secret has expired (AADSTS7000222).
  world.Admin("PATCH", "settings", R"({"clockOffsetSeconds":34560000})");
  delivery::EngineOptions options{
      .default_limits = {.messages_per_minute = 0}, .max_idle_wait = 20ms, .secret_poll = 50ms};
  log::CapturingLogger engine_log;

  auto engine = StartEngine(world, clock, random, options, &engine_log);
  const bool paused = world.outbox().WaitUntil(
      [&] { return engine->Stats().paused_lanes == 2 && !engine->Stats().alerts.empty(); }, 30s);
  ASSERT_TRUE(paused);
  EXPECT_EQ(CountTokenRequests(RequestLog(world.sandbox())), 1u);
  EXPECT_EQ(world.outbox().settled(MessageState::kDelivered), 0);
  EXPECT_NE(engine->Stats().alerts.front().find("rotate-secret"), std::string::npos);
  // The console's lanes: each paused with the refusal and what resumes it, in step with the count.
  const delivery::EngineStats paused_stats = engine->Stats();
  ASSERT_EQ(paused_stats.lane_status.size(), 2u);
  for (const delivery::LaneStatus& lane : paused_stats.lane_status) {
    EXPECT_TRUE(lane.paused) << lane.connection;
    EXPECT_EQ(lane.sender, lane.connection + "@company.com");
    EXPECT_NE(lane.reason.find("expired (AADSTS7000222)"), std::string::npos) << lane.reason;
    EXPECT_NE(lane.fix.find("graphpost connection rotate-secret " + lane.connection),
              std::string::npos)
        << lane.fix;
    EXPECT_NE(lane.fix.find("/ui/connections/" + lane.connection), std::string::npos) << lane.fix;
    EXPECT_EQ((lane.reason + lane.fix).find(world.sandbox().GuideSecret()), std::string::npos);
  }

  json::value secret = world.Admin(
      "POST", "tenants/company.com/apps/" + std::string(kGuideClient) + "/secrets", "{}");
  ASSERT_TRUE(world.connections().RotateSecret(
      "references", Secret(JsonString(secret, "value").value_or("")), std::nullopt));
  const bool resumed = world.outbox().WaitUntil(
      [&] { return world.outbox().settled(MessageState::kDelivered) >= 40; }, 60s);
  engine->Stop(5s);

  ASSERT_TRUE(resumed) << world.outbox().settled(MessageState::kDelivered);
  EXPECT_EQ(engine->Stats().paused_lanes, 0);
  EXPECT_TRUE(engine->Stats().alerts.empty());
  for (const delivery::LaneStatus& lane : engine->Stats().lane_status) {
    EXPECT_FALSE(lane.paused) << lane.connection;
    EXPECT_TRUE(lane.reason.empty() && lane.fix.empty()) << lane.connection;
  }
  const auto log = RequestLog(world.sandbox());
  std::string graph_statuses;
  for (const auto& r : log) {
    if (!IsTokenRequest(r) && r.status != 202) graph_statuses += std::to_string(r.status) + " ";
  }
  EXPECT_EQ(CountTokenRequests(log), 2u) << "Graph answers other than 202: " << graph_statuses;
  std::map<std::string, int> inbox = world.DeliveriesById("pat@company.com");
  for (const auto& id : ids) EXPECT_EQ(inbox[id], 1) << id;
  const auto failed = engine_log.WithMessage("token request failed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].Field("aadsts"), "AADSTS7000222");
  const auto paused_lines = engine_log.WithMessage("lanes paused");
  ASSERT_EQ(paused_lines.size(), 1u);
  EXPECT_EQ(paused_lines[0].Field("aadsts"), "AADSTS7000222");
  EXPECT_FALSE(paused_lines[0].Field("reason").empty());
  // Both connections share the app credential that was rotated: both resume.
  std::set<std::string> resumed_connections;
  for (const auto& r : engine_log.WithMessage("lanes resumed")) {
    resumed_connections.insert(r.Field("connection"));
  }
  EXPECT_EQ(resumed_connections, (std::set<std::string>{"advocacy", "references"}));
  EXPECT_FALSE(engine_log.Contains(JsonString(secret, "value").value_or("?")));
  ExpectNothingSecretIn(engine_log, world);
}

TEST(DeliveryE2eTest, MessagesInFlightWhenTheProcessDiedAreLookedUpNotSentAgain) {
  SystemClock clock;
  SystemRandom random;
  boost::json::object settings = PromptDelivery();
  settings["sentItemsDelayMs"] = 500;  // Exchange files the Sent Items copy late
  DeliveryWorld world(clock, settings);
  world.AddConnection("references", "references@company.com");
  std::vector<std::string> ids = world.Submit("references", "references@company.com", 10);
  // A previous process claimed all ten, sent the first five, and died before recording anything.
  std::promise<Result<std::vector<outbox::MessageRecord>>> claimed;
  world.outbox().Claim({.lane = {"references", "references@company.com"},
                        .now = clock.WallNow(),
                        .limit = 10,
                        .lease_until = clock.WallNow()},
                       [&](Result<std::vector<outbox::MessageRecord>> r) { claimed.set_value(r); });
  auto records = claimed.get_future().get();
  ASSERT_TRUE(records && records->size() == 10u);
  app::ClientRuntime runtime(clock, random);
  auto session = runtime.Open(world.connections().Get("references").value());
  ASSERT_TRUE(session);
  for (int i = 0; i < 5; ++i) {
    auto m = message::ParseApiMessage((*records)[i].payload).value().message;
    m.extended_properties.emplace_back(graph::kMessageIdProperty, (*records)[i].id);
    ASSERT_TRUE((*session)->graph->SendMail("references@company.com", m));
  }
  delivery::EngineOptions options{
      .default_limits = {.messages_per_minute = 0}, .sent_items_delay = 1s, .max_idle_wait = 20ms};
  log::CapturingLogger log;

  auto engine = StartEngine(world, clock, random, options, &log);
  const bool all_delivered = world.outbox().WaitUntil(
      [&] { return world.outbox().settled(MessageState::kDelivered) >= 10; }, 60s);
  engine->Stop(5s);

  ASSERT_TRUE(all_delivered) << world.outbox().settled(MessageState::kDelivered);
  const auto attempts = engine->Stats().attempts;
  EXPECT_EQ(attempts.at({"found-in-sent-items", ""}), 5);
  EXPECT_EQ(attempts.at({"sent", ""}), 5);
  std::map<std::string, int> inbox = world.DeliveriesById("pat@company.com");
  for (const auto& id : ids) EXPECT_EQ(inbox[id], 1) << id;
  for (int i = 0; i < 5; ++i) {
    auto got = world.outbox().Get((*records)[i].id, std::nullopt);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->guarantee, outbox::Guarantee::kExactlyOnce);
  }
  std::map<std::string, std::string> lookups;
  for (const auto& r : log.WithMessage("sent items lookup")) {
    lookups[r.Field("message_id")] = r.Field("result");
  }
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(lookups[(*records)[i].id], i < 5 ? "found" : "not-found") << i;
  }
  ExpectNothingSecretIn(log, world);
}

}  // namespace
}  // namespace graphpost::testing
