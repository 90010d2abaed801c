#include "log/logger.hpp"

#include <sstream>

#include <gtest/gtest.h>

#include "log/capturing_logger.hpp"
#include "log/spdlog_logger.hpp"
#include "testing/fake_clock.hpp"

namespace graphpost::log {
namespace {

const Secret kClientSecret("Abc8Q~not-a-real-client-secret-value");

TEST(FieldValueTest, KeepsTheTypeOfEachValue) {
  EXPECT_EQ(FieldValue("text").ToString(), "text");
  EXPECT_EQ(FieldValue(std::string("s")).ToString(), "s");
  EXPECT_EQ(FieldValue(-3).ToString(), "-3");
  EXPECT_EQ(FieldValue(std::size_t{7}).ToString(), "7");
  EXPECT_EQ(FieldValue(true).ToString(), "true");
  EXPECT_EQ(FieldValue(1.5).ToString(), "1.5");
  EXPECT_EQ(FieldValue(std::chrono::seconds{2}).ToString(), "2000");
  EXPECT_EQ(FieldValue(ErrorCode::kThrottled).ToString(), "throttled");
}

TEST(FieldValueTest, ASecretIsRedactedWhenTheFieldIsBuilt) {
  FieldValue value(kClientSecret);

  EXPECT_EQ(value.ToString(), "[redacted]");
  EXPECT_TRUE(std::holds_alternative<FieldValue::Redacted>(value.value()));
}

TEST(NullLoggerTest, IsDisabledAndWritesNothing) {
  NullLogger log;

  log.Error("failure", {{"code", ErrorCode::kInternal}});

  EXPECT_FALSE(log.Enabled(Level::kError));
}

TEST(CapturingLoggerTest, KeepsRecordsWithTheirFieldsAsText) {
  CapturingLogger log;

  log.Info("message sent", {{"message_id", "m-1"}, {"mailbox", "a@contoso.com"}, {"attempts", 2}});

  auto sent = log.WithMessage("message sent");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].level, Level::kInfo);
  EXPECT_EQ(sent[0].Field("message_id"), "m-1");
  EXPECT_EQ(sent[0].Field("attempts"), "2");
}

TEST(CapturingLoggerTest, NeverHoldsTheClearValueOfASecret) {
  CapturingLogger log;

  log.Warn("token request failed", {{"client_secret", kClientSecret}});

  EXPECT_EQ(log.records()[0].Field("client_secret"), "[redacted]");
  EXPECT_FALSE(log.Contains(kClientSecret.Reveal()));
}

TEST(ContextLoggerTest, AddsItsFieldsAfterTheRecordsOwn) {
  CapturingLogger base;
  ContextLogger log(base, {{"connection", "billing"}});

  log.Info("session opened", {{"mailbox", "a@contoso.com"}});

  const auto records = base.records();
  ASSERT_EQ(records.size(), 1u);
  const auto& fields = records[0].fields;
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0].first, "mailbox");
  EXPECT_EQ(fields[1], (std::pair<std::string, std::string>{"connection", "billing"}));
}

TEST(StreamLoggerTest, WritesOneJsonLinePerRecordTimedByTheClock) {
  testing::FakeClock clock;
  std::ostringstream out;
  auto log = NewStreamLogger(out, clock, {.format = LogFormat::kJsonLines});

  log->Info("message sent", {{"message_id", "m-1"}, {"attempts", 1}});
  clock.Advance(std::chrono::milliseconds{1500});
  log->Error("send failed", {{"code", ErrorCode::kUnavailable}});

  EXPECT_EQ(out.str(),
            "{\"time\":\"2026-11-26T09:00:00.000Z\",\"level\":\"info\",\"msg\":\"message sent\","
            "\"message_id\":\"m-1\",\"attempts\":1}\n"
            "{\"time\":\"2026-11-26T09:00:01.500Z\",\"level\":\"error\",\"msg\":\"send failed\","
            "\"code\":\"unavailable\"}\n");
}

TEST(StreamLoggerTest, DropsRecordsBelowTheMinimumLevel) {
  testing::FakeClock clock;
  std::ostringstream out;
  auto log = NewStreamLogger(out, clock, {.format = LogFormat::kText, .min_level = Level::kWarn});

  log->Info("noise");
  log->Warn("token endpoint slow", {{"elapsed_ms", std::chrono::milliseconds{900}}});

  EXPECT_FALSE(log->Enabled(Level::kInfo));
  EXPECT_EQ(out.str(), "2026-11-26T09:00:00.000Z warn token endpoint slow elapsed_ms=900\n");
}

TEST(StreamLoggerTest, ASecretNeverReachesTheOutputInEitherFormat) {
  testing::FakeClock clock;
  for (LogFormat format : {LogFormat::kJsonLines, LogFormat::kText}) {
    std::ostringstream out;
    auto log = NewStreamLogger(out, clock, {.format = format, .min_level = Level::kDebug});

    log->Debug("credential", {{"client_secret", kClientSecret}, {"tenant", "contoso"}});
    ContextLogger context(*log, {{"token", Secret("eyJ0eXAiOiJKV1Qi.payload.signature")}});
    context.Error("graph call failed");

    EXPECT_EQ(out.str().find(kClientSecret.Reveal()), std::string::npos) << out.str();
    EXPECT_EQ(out.str().find("eyJ0eXAiOiJKV1Qi"), std::string::npos) << out.str();
    EXPECT_NE(out.str().find("[redacted]"), std::string::npos) << out.str();
  }
}

}  // namespace
}  // namespace graphpost::log
