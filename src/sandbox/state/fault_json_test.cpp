#include "sandbox/state/fault_json.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/json.hpp"

namespace graphpost::sandbox {
namespace {

using ::testing::HasSubstr;

Result<FaultRule> Parse(std::string_view text) {
  return FaultRuleFromJson(ParseJson(text).value());
}

std::string ErrorOf(std::string_view text) {
  auto fault = Parse(text);
  EXPECT_FALSE(fault.has_value()) << text;
  return fault ? std::string() : fault.error().message;
}

TEST(FaultJsonTest, ReadsEveryField) {
  auto f =
      Parse(R"({"tenantId":"t","mailboxId":"m","errorRate":0.5,"errorStatus":429,"latencyMs":1500,)"
            R"("dropRate":0.25,"tokenOutage":true})");

  ASSERT_TRUE(f.has_value()) << f.error().message;
  EXPECT_EQ(f->tenant_id, "t");
  EXPECT_EQ(f->mailbox_id, "m");
  EXPECT_EQ(f->error_rate, 0.5);
  EXPECT_EQ(f->error_status, 429);
  EXPECT_EQ(f->latency, std::chrono::milliseconds{1500});
  EXPECT_EQ(f->drop_rate, 0.25);
  EXPECT_TRUE(f->token_outage);
}

TEST(FaultJsonTest, RoundTrips) {
  auto f = Parse(R"({"errorRate":1,"errorStatus":504,"latencyMs":20})");
  ASSERT_TRUE(f.has_value());

  auto again = FaultRuleFromJson(FaultRuleToJson(*f));

  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_EQ(again->error_status, 504);
  EXPECT_EQ(again->latency, std::chrono::milliseconds{20});
}

TEST(FaultJsonTest, UnknownFieldIsRefusedByName) {
  std::string error = ErrorOf(R"({"errorRate":0.5,"errorstatus":429})");

  EXPECT_THAT(error, HasSubstr("unknown fault field 'errorstatus'"));
  EXPECT_THAT(error, HasSubstr("errorStatus"));  // lists the known names
}

TEST(FaultJsonTest, LatencyIsBoundedToTenMinutes) {
  EXPECT_TRUE(Parse(R"({"latencyMs":600000})").has_value());
  EXPECT_THAT(ErrorOf(R"({"latencyMs":600001})"), HasSubstr("'latencyMs'"));
  EXPECT_THAT(ErrorOf(R"({"latencyMs":-1})"), HasSubstr("'latencyMs'"));
  EXPECT_THAT(ErrorOf(R"({"latencyMs":1e300})"), HasSubstr("'latencyMs'"));
  EXPECT_THAT(ErrorOf(R"({"latencyMs":18446744073709551615})"), HasSubstr("'latencyMs'"));
}

TEST(FaultJsonTest, RatesAreSharesBetweenZeroAndOne) {
  EXPECT_THAT(ErrorOf(R"({"errorRate":1.5})"), HasSubstr("'errorRate'"));
  EXPECT_THAT(ErrorOf(R"({"dropRate":-0.1})"), HasSubstr("'dropRate'"));
  EXPECT_THAT(ErrorOf(R"({"dropRate":"0.5"})"), HasSubstr("'dropRate'"));
}

TEST(FaultJsonTest, StatusMustBeAnInjectableOne) {
  EXPECT_THAT(ErrorOf(R"({"errorStatus":500})"), HasSubstr("429, 503 or 504"));
  EXPECT_THAT(ErrorOf(R"({"errorStatus":"429"})"), HasSubstr("429, 503 or 504"));
}

TEST(FaultJsonTest, RequestsCountsAWholeNumberOfGraphRequests) {
  auto f = Parse(R"({"latencyMs":10,"requests":2})");

  ASSERT_TRUE(f.has_value()) << f.error().message;
  EXPECT_EQ(f->remaining_requests, 2u);
  EXPECT_EQ(FaultRuleToJson(*f).at("requests").to_number<long long>(), 2);
  EXPECT_FALSE(Parse(R"({"latencyMs":10})")->remaining_requests.has_value());
  EXPECT_THAT(ErrorOf(R"({"latencyMs":10,"requests":0})"), HasSubstr("'requests'"));
  EXPECT_THAT(ErrorOf(R"({"latencyMs":10,"requests":1.5})"), HasSubstr("'requests'"));
}

TEST(FaultJsonTest, WrongTypesAreNamed) {
  EXPECT_THAT(ErrorOf(R"({"tokenOutage":"yes"})"), HasSubstr("'tokenOutage'"));
  EXPECT_THAT(ErrorOf(R"({"tenantId":5})"), HasSubstr("'tenantId'"));
  EXPECT_THAT(ErrorOf("[1]"), HasSubstr("JSON object"));
}

}  // namespace
}  // namespace graphpost::sandbox
