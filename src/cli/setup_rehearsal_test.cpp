// The verdict on a rehearsal (cli/setup_rehearsal.hpp): what fails `setup --rehearse` (exit 7)
// and what is the expected end state of each mode.
#include "cli/setup_rehearsal.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace graphpost::cli {
namespace {

using doctor::CheckStatus;
using ::testing::HasSubstr;

doctor::DoctorReport Report(const std::string& name, bool can_send, CheckStatus permissions) {
  doctor::DoctorReport r;
  r.connection = name;
  r.can_send = can_send;
  r.checks = {{"credential", "Entra ID accepts the credential", CheckStatus::kPass, "", ""},
              {"permissions", "No tenant-wide mail permission", permissions,
               "tenant-wide Mail.Send restricts nothing", ""},
              {"mailbox-access", "The app may send",
               can_send ? CheckStatus::kPass : CheckStatus::kFail, "", ""}};
  return r;
}

RehearsalReport Passing(CheckStatus permissions) {
  RehearsalReport report;
  report.connections = {"references", "pat"};
  report.reports = {Report("references", true, permissions), Report("pat", true, permissions)};
  return report;
}

TEST(RehearsalVerdict, RecommendedModePassesWhenEveryConnectionSendsWithNoPermissionsWarning) {
  EXPECT_TRUE(RehearsalVerdict(setup::Mode::kRecommended, Passing(CheckStatus::kPass)));
}

TEST(RehearsalVerdict, APermissionsWarningFailsRecommendedModeNamingTheConnection) {
  RehearsalReport report = Passing(CheckStatus::kPass);
  report.reports[1] = Report("pat", true, CheckStatus::kWarn);
  auto verdict = RehearsalVerdict(setup::Mode::kRecommended, report);
  ASSERT_FALSE(verdict);
  EXPECT_EQ(verdict.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_THAT(verdict.error().message, HasSubstr("'pat'"));
  EXPECT_THAT(verdict.error().message, HasSubstr("permissions check is warn"));
}

TEST(RehearsalVerdict, ThePermissionsWarningIsTheExpectedEndOfAsTheGuideMode) {
  EXPECT_TRUE(RehearsalVerdict(setup::Mode::kAsTheGuide, Passing(CheckStatus::kWarn)));
}

TEST(RehearsalVerdict, AConnectionThatCannotSendFailsEitherMode) {
  for (auto mode : {setup::Mode::kRecommended, setup::Mode::kAsTheGuide}) {
    RehearsalReport report = Passing(CheckStatus::kPass);
    report.reports[0] = Report("references", false, CheckStatus::kPass);
    auto verdict = RehearsalVerdict(mode, report);
    ASSERT_FALSE(verdict);
    EXPECT_EQ(verdict.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_THAT(verdict.error().message, HasSubstr("'references' cannot send"));
  }
}

TEST(RehearsalVerdict, AFailedStepFailsWithItsMessageAndTheJsonSaysSo) {
  RehearsalReport report;
  report.failure = Error{.code = ErrorCode::kFailedPrecondition,
                         .message = "Create the management scope 'S': filter matches nothing."};
  auto verdict = RehearsalVerdict(setup::Mode::kAsTheGuide, report);
  ASSERT_FALSE(verdict);
  EXPECT_EQ(verdict.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_THAT(verdict.error().message, HasSubstr("Create the management scope 'S'"));
  EXPECT_THAT(RehearsalToJson(report).at("error").as_string().c_str(),
              HasSubstr("filter matches nothing"));
}

TEST(RehearsalVerdict, NoConnectionsIsNotAPass) {
  EXPECT_FALSE(RehearsalVerdict(setup::Mode::kRecommended, RehearsalReport{}));
}

}  // namespace
}  // namespace graphpost::cli
