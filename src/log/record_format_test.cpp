#include "log/record_format.hpp"

#include <gtest/gtest.h>

namespace graphpost::log {
namespace {

const WallTime kTime = std::chrono::sys_days{std::chrono::year{2026} / 1 / 2} +
                       std::chrono::hours{3} + std::chrono::minutes{4} +
                       std::chrono::milliseconds{5678};

std::string Json(std::initializer_list<Field> fields) {
  return FormatRecord(LogFormat::kJsonLines, kTime, Level::kInfo, "m",
                      std::span<const Field>(fields.begin(), fields.size()));
}

std::string Text(std::initializer_list<Field> fields) {
  return FormatRecord(LogFormat::kText, kTime, Level::kWarn, "lane paused",
                      std::span<const Field>(fields.begin(), fields.size()));
}

TEST(FormatRecordTest, JsonKeepsNumbersAndBoolsTyped) {
  EXPECT_EQ(Json({{"n", 3}, {"ok", false}, {"s", "x"}}),
            "{\"time\":\"2026-01-02T03:04:05.678Z\",\"level\":\"info\",\"msg\":\"m\","
            "\"n\":3,\"ok\":false,\"s\":\"x\"}");
}

TEST(FormatRecordTest, JsonFieldCannotOverwriteTheFixedKeys) {
  std::string line = Json({{"level", "error"}, {"msg", "forged"}});

  EXPECT_NE(line.find("\"level\":\"info\""), std::string::npos) << line;
  EXPECT_NE(line.find("\"field.level\":\"error\""), std::string::npos) << line;
  EXPECT_NE(line.find("\"field.msg\":\"forged\""), std::string::npos) << line;
}

TEST(FormatRecordTest, JsonEscapesValuesSoALineStaysOneLine) {
  std::string line = Json({{"subject", "a\n{\"level\":\"error\"}"}});

  EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST(FormatRecordTest, TextWritesKeyValuePairs) {
  EXPECT_EQ(Text({{"mailbox", "a@contoso.com"}, {"retry_after_ms", std::chrono::seconds{3}}}),
            "2026-01-02T03:04:05.678Z warn lane paused mailbox=a@contoso.com retry_after_ms=3000");
}

TEST(FormatRecordTest, TextQuotesValuesThatCouldForgeAFieldOrALine) {
  EXPECT_EQ(Text({{"reason", "bad secret x=1\nfake"}, {"empty", ""}}),
            "2026-01-02T03:04:05.678Z warn lane paused reason=\"bad secret x=1\\nfake\" "
            "empty=\"\"");
}

TEST(FormatRecordTest, RedactedSecretIsWrittenAsRedactedInBothFormats) {
  const Secret secret("super-secret-value-123");

  EXPECT_EQ(Text({{"secret", secret}}),
            "2026-01-02T03:04:05.678Z warn lane paused secret=[redacted]");
  EXPECT_NE(Json({{"secret", secret}}).find("\"secret\":\"[redacted]\""), std::string::npos);
}

}  // namespace
}  // namespace graphpost::log
