// ReportToJson and RenderReport.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/json.hpp"
#include "doctor/doctor.hpp"

namespace graphpost::doctor {
namespace {

using ::testing::HasSubstr;

DoctorReport SampleReport() {
  DoctorReport report;
  report.connection = "sales";
  report.checks.push_back({"tenant", "The tenant exists", CheckStatus::kPass, "Known.", ""});
  report.checks.push_back({"mailbox-access", "The app may send as this mailbox", CheckStatus::kFail,
                           "Out of scope.", "1. Do this:\n  Run-Thing x"});
  report.checks.push_back({"primary-address", "The User ID is the primary SMTP address",
                           CheckStatus::kWarn, "An alias.", "Fix it."});
  report.checks.push_back({"test-send", "A test message", CheckStatus::kSkipped, "Not run.", ""});
  return report;
}

TEST(CheckStatusNameTest, NamesEveryStatus) {
  EXPECT_EQ(CheckStatusName(CheckStatus::kPass), "pass");
  EXPECT_EQ(CheckStatusName(CheckStatus::kWarn), "warn");
  EXPECT_EQ(CheckStatusName(CheckStatus::kFail), "fail");
  EXPECT_EQ(CheckStatusName(CheckStatus::kSkipped), "skipped");
}

TEST(ReportToJsonTest, HasConnectionVerdictAndChecks) {
  std::string text = ToJson(ReportToJson(SampleReport()));

  EXPECT_EQ(text.substr(0, 50), R"({"connection":"sales","canSend":false,"checks":[{")");
  EXPECT_THAT(text, HasSubstr(R"({"id":"mailbox-access","title":"The app may send as this )"
                              R"(mailbox","status":"fail","cause":"Out of scope.","fix":"1. Do )"
                              R"(this:\n  Run-Thing x"})"));
  EXPECT_THAT(text, HasSubstr(R"("status":"skipped")"));
}

TEST(RenderReportTest, OneLinePerCheckWithCauseAndFixIndented) {
  std::string text = RenderReport(SampleReport());

  EXPECT_EQ(text,
            "Connection sales\n"
            "✓ tenant            The tenant exists\n"
            "    Known.\n"
            "✗ mailbox-access    The app may send as this mailbox\n"
            "    Out of scope.\n"
            "    Fix: 1. Do this:\n"
            "        Run-Thing x\n"
            "! primary-address   The User ID is the primary SMTP address\n"
            "    An alias.\n"
            "    Fix: Fix it.\n"
            "- test-send         A test message\n"
            "    Not run.\n"
            "Result: this connection cannot send mail yet; fix the failed (✗) checks above, in "
            "order.\n");
}

TEST(RenderReportTest, SaysWhenTheConnectionCanSend) {
  DoctorReport report;
  report.connection = "sales";
  report.can_send = true;

  EXPECT_THAT(RenderReport(report), HasSubstr("Result: this connection can send mail."));
}

}  // namespace
}  // namespace graphpost::doctor
