// RunDoctor: what Graph's answers decide — mailbox, mailbox-access, primary-address, test-send.
#include <chrono>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "doctor/doctor.hpp"
#include "doctor/doctor_fakes_test.hpp"
#include "testing/fake_clock.hpp"
#include "testing/fake_random.hpp"

namespace graphpost::doctor {
namespace {

using test::RemoteError;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kAccessDenied[] =
    "graph sendMail: 403 ErrorAccessDenied: Access is denied. Check credentials and try again.";

class DoctorMailboxTest : public ::testing::Test {
 protected:
  DoctorReport Run(const DoctorOptions& options = {}) {
    return RunDoctor(connection_, tokens_, probe_, clock_, random_, options);
  }
  void ProbeFails(ErrorCode code, std::string remote_code, std::string message) {
    probe_.probe_reply =
        tl::unexpected<Error>(RemoteError(code, std::move(remote_code), std::move(message)));
  }
  const CheckResult& Check(const DoctorReport& report, std::string_view id) {
    for (const CheckResult& check : report.checks) {
      if (check.id == id) return check;
    }
    ADD_FAILURE() << "no check " << id;
    return none_;
  }

  connections::Connection connection_ = test::SecretConnection();
  test::FakeTokenProvider tokens_;
  test::FakeMailboxProbe probe_;
  graphpost::testing::FakeClock clock_;
  graphpost::testing::FakeRandom random_;
  CheckResult none_;
};

TEST_F(DoctorMailboxTest, NoConsentAndNoRbacFailsMailboxAccess) {
  ProbeFails(ErrorCode::kUnauthenticated, "NoPermissionsInAccessToken",
             "graph sendMail: 401 NoPermissionsInAccessToken: The token contains no permissions, "
             "or permissions can not be understood.");

  DoctorReport report = Run();

  EXPECT_EQ(Check(report, "permissions").status, CheckStatus::kPass);
  const CheckResult& access = Check(report, "mailbox-access");
  EXPECT_EQ(access.status, CheckStatus::kFail);
  EXPECT_THAT(access.cause, HasSubstr("no mail permission at all"));
  EXPECT_THAT(access.cause, HasSubstr("admin consent (Step 2)"));
  EXPECT_THAT(access.cause, HasSubstr("Exchange role assignment (Step 7)"));
  EXPECT_THAT(access.fix, HasSubstr("New-ServicePrincipal -AppId " + std::string(test::kClientId)));
  EXPECT_THAT(access.fix,
              HasSubstr("New-ManagementRoleAssignment -Role \"Application Mail.Send\""));
  EXPECT_EQ(Check(report, "mailbox").status, CheckStatus::kSkipped);
  EXPECT_FALSE(report.can_send);
}

TEST_F(DoctorMailboxTest, NoPermissionsRightAfterStep7SaysTheAssignmentHasNotReachedGraph) {
  ProbeFails(ErrorCode::kUnauthenticated, "NoPermissionsInAccessToken",
             "graph sendMail: 401 NoPermissionsInAccessToken: The token contains no permissions, "
             "or permissions can not be understood.");

  DoctorReport report = Run();

  const CheckResult& access = Check(report, "mailbox-access");
  EXPECT_EQ(access.status, CheckStatus::kFail);
  EXPECT_THAT(access.cause, HasSubstr("has not reached Graph yet"));
  EXPECT_THAT(access.cause, HasSubstr("30 minutes to 2 hours"));
  EXPECT_THAT(access.cause,
              HasSubstr("Test-ServicePrincipalAuthorization already says InScope = True"));
  EXPECT_THAT(access.fix, HasSubstr("Test-ServicePrincipalAuthorization -Identity " +
                                    std::string(test::kClientId) + " -Resource " + test::kMailbox));
  EXPECT_THAT(access.fix, HasSubstr("wait (up to 2 hours after Step 7) and run this test again"));
}

TEST_F(DoctorMailboxTest, MailboxNotInTheScopedGroupFailsMailboxAccess) {
  ProbeFails(ErrorCode::kPermissionDenied, "ErrorAccessDenied", kAccessDenied);

  DoctorReport report = Run();

  EXPECT_EQ(Check(report, "mailbox").status, CheckStatus::kPass);
  const CheckResult& access = Check(report, "mailbox-access");
  EXPECT_EQ(access.status, CheckStatus::kFail);
  EXPECT_THAT(access.cause, HasSubstr("out of the app's Exchange scope"));
  EXPECT_THAT(access.fix, HasSubstr("Add-DistributionGroupMember -Identity \"<group>\" -Member " +
                                    std::string(test::kMailbox)));
  EXPECT_THAT(access.fix, HasSubstr("mail-enabled security group of Step 7"));
  EXPECT_THAT(access.fix, HasSubstr("Test-ServicePrincipalAuthorization -Identity " +
                                    std::string(test::kClientId) + " -Resource " + test::kMailbox));
  EXPECT_THAT(access.fix, HasSubstr("30 minutes to 2 hours"));
  EXPECT_FALSE(report.can_send);
}

TEST_F(DoctorMailboxTest, ScopeFilteredByEmailAddressPointsAtTheGroupDn) {
  ProbeFails(ErrorCode::kPermissionDenied, "ErrorAccessDenied", kAccessDenied);

  DoctorReport report = Run();

  const CheckResult& access = Check(report, "mailbox-access");

  EXPECT_EQ(access.status, CheckStatus::kFail);
  EXPECT_THAT(access.cause, HasSubstr("e-mail address instead of its DN"));
  EXPECT_THAT(access.fix, HasSubstr("Get-Group \"<group>\" | Format-List DistinguishedName"));
  EXPECT_THAT(access.fix, HasSubstr("distinguished name (DN), not its e-mail address"));
  EXPECT_THAT(access.fix, HasSubstr("MemberOfGroup -eq '<the group's DN>'"));
}

TEST_F(DoctorMailboxTest, NestedGroupMemberIsToldToBeADirectMember) {
  ProbeFails(ErrorCode::kPermissionDenied, "ErrorAccessDenied", kAccessDenied);

  DoctorReport report = Run();

  const CheckResult& access = Check(report, "mailbox-access");

  EXPECT_EQ(access.status, CheckStatus::kFail);
  EXPECT_THAT(access.cause, HasSubstr("nested group"));
  EXPECT_THAT(access.fix, HasSubstr("DIRECT member"));
}

TEST_F(DoctorMailboxTest, OutOfScopeWithRolesButNoMailSendSaysSo) {
  tokens_.SetRoles({"User.Read.All"});
  ProbeFails(ErrorCode::kPermissionDenied, "ErrorAccessDenied", kAccessDenied);

  DoctorReport report = Run();

  const CheckResult& access = Check(report, "mailbox-access");

  EXPECT_THAT(access.cause, HasSubstr("do not include Mail.Send either"));
}

TEST_F(DoctorMailboxTest, ApplicationAccessPolicyDenialIsNamed) {
  tokens_.SetRoles({"Mail.Send"});
  ProbeFails(ErrorCode::kPermissionDenied, "ErrorAccessDenied",
             "graph sendMail: 403 ErrorAccessDenied: Access to OData is disabled: [RAOP] : Blocked "
             "by tenant configured AppOnly AccessPolicy settings.");

  DoctorReport report = Run();

  const CheckResult& access = Check(report, "mailbox-access");
  EXPECT_EQ(access.status, CheckStatus::kFail);
  EXPECT_THAT(access.cause, HasSubstr("blocked by an Application Access Policy"));
  EXPECT_THAT(access.fix, HasSubstr("Test-ApplicationAccessPolicy -Identity " +
                                    std::string(test::kMailbox) + " -AppId " + test::kClientId));
  EXPECT_THAT(access.fix, Not(HasSubstr("Set-ManagementScope")));
  EXPECT_EQ(Check(report, "permissions").status, CheckStatus::kWarn);
  EXPECT_FALSE(report.can_send);
}

TEST_F(DoctorMailboxTest, DistributionListIsNotAMailbox) {
  connection_.user_id = "sales-team@contoso.com";
  ProbeFails(ErrorCode::kNotFound, "ErrorInvalidUser",
             "graph sendMail: 404 ErrorInvalidUser: The requested user 'sales-team@contoso.com' "
             "is invalid.");

  DoctorReport report = Run();

  const CheckResult& mailbox = Check(report, "mailbox");
  EXPECT_EQ(mailbox.status, CheckStatus::kFail);
  EXPECT_THAT(mailbox.cause, HasSubstr("not a mailbox"));
  EXPECT_THAT(mailbox.cause, HasSubstr("distribution list"));
  EXPECT_THAT(mailbox.cause, HasSubstr("mail contact"));
  EXPECT_THAT(mailbox.fix, HasSubstr("Get-Mailbox sales-team@contoso.com"));
  EXPECT_EQ(Check(report, "mailbox-access").status, CheckStatus::kSkipped);
  EXPECT_EQ(Check(report, "primary-address").status, CheckStatus::kSkipped);
  EXPECT_FALSE(report.can_send);
}

TEST_F(DoctorMailboxTest, UnlicensedUserHasNoExchangeMailbox) {
  ProbeFails(ErrorCode::kNotFound, "MailboxNotEnabledForRESTAPI",
             "graph sendMail: 404 MailboxNotEnabledForRESTAPI: The mailbox is either inactive, "
             "soft-deleted, or is hosted on-premise.");

  DoctorReport report = Run();

  const CheckResult& mailbox = Check(report, "mailbox");
  EXPECT_EQ(mailbox.status, CheckStatus::kFail);
  EXPECT_THAT(mailbox.cause, HasSubstr("without an Exchange Online mailbox"));
  EXPECT_THAT(mailbox.fix, HasSubstr("license"));
  EXPECT_THAT(mailbox.fix, HasSubstr("shared mailbox"));
  EXPECT_FALSE(report.can_send);
}

TEST_F(DoctorMailboxTest, GraphUnavailableFailsMailboxAccessAsUnchecked) {
  ProbeFails(ErrorCode::kUnavailable, "ServiceUnavailable", "graph sendMail: 503 ...");

  DoctorReport report = Run();

  EXPECT_EQ(Check(report, "mailbox").status, CheckStatus::kSkipped);
  EXPECT_EQ(Check(report, "mailbox-access").status, CheckStatus::kFail);
  EXPECT_THAT(Check(report, "mailbox-access").cause, HasSubstr("Could not be checked"));
  EXPECT_FALSE(report.can_send);
}

TEST_F(DoctorMailboxTest, UserIdAliasIsResolvedThroughProxyAddresses) {
  connection_.user_id = "refs@contoso.com";
  tokens_.SetRoles({"User.Read.All"});
  probe_.address_reply = std::optional(
      graph::UserProfile{.id = "5f6e",
                         .display_name = "References",
                         .mail = "references@contoso.com",
                         .user_principal_name = "references@contoso.onmicrosoft.com"});
  probe_.user_reply = tl::unexpected<Error>(RemoteError(
      ErrorCode::kNotFound, "Request_ResourceNotFound", "graph get user: 404 not found"));

  DoctorReport report = Run();

  const CheckResult& primary = Check(report, "primary-address");
  EXPECT_EQ(primary.status, CheckStatus::kWarn);
  EXPECT_THAT(primary.cause, HasSubstr("an alias: mail is sent from references@contoso.com"));
  EXPECT_THAT(primary.fix,
              HasSubstr("Get-Mailbox refs@contoso.com | Format-List PrimarySmtpAddress"));
  EXPECT_THAT(primary.fix, HasSubstr("the directory's mail attribute says references@contoso.com"));
  EXPECT_THAT(probe_.calls, Contains("FindUserByAddress refs@contoso.com"));
  EXPECT_THAT(probe_.calls, Not(Contains(HasSubstr("GetUser"))));
  EXPECT_TRUE(report.can_send);
}

TEST_F(DoctorMailboxTest, DirectoryLookupFallsBackToGetUserWhenTheFilterFails) {
  connection_.user_id = "refs@contoso.com";
  tokens_.SetRoles({"User.Read.All"});
  probe_.user_reply = graph::UserProfile{.id = "5f6e",
                                         .display_name = "References",
                                         .mail = "references@contoso.com",
                                         .user_principal_name = "refs@contoso.com"};

  DoctorReport report = Run();

  const CheckResult& primary = Check(report, "primary-address");
  EXPECT_EQ(primary.status, CheckStatus::kWarn);
  EXPECT_THAT(primary.cause, HasSubstr("an alias: mail is sent from references@contoso.com"));
  EXPECT_THAT(probe_.calls, Contains("GetUser refs@contoso.com"));
}

TEST_F(DoctorMailboxTest, AnAddressNoUserHasIsSaidSo) {
  tokens_.SetRoles({"User.Read.All"});
  probe_.address_reply = std::optional<graph::UserProfile>();
  probe_.user_reply = tl::unexpected<Error>(RemoteError(
      ErrorCode::kNotFound, "Request_ResourceNotFound", "graph get user: 404 not found"));

  DoctorReport report = Run();

  const CheckResult& primary = Check(report, "primary-address");
  EXPECT_EQ(primary.status, CheckStatus::kSkipped);
  EXPECT_THAT(primary.cause, HasSubstr("no user in the directory has this address"));
}

TEST_F(DoctorMailboxTest, ANewestSentItemFromAnotherAddressIsOnlyAHint) {
  probe_.latest_reply = std::optional<std::string>("references@contoso.com");

  DoctorReport report = Run();

  const CheckResult& primary = Check(report, "primary-address");
  EXPECT_EQ(primary.status, CheckStatus::kWarn);
  EXPECT_THAT(primary.cause, HasSubstr("may be an alias"));
  EXPECT_THAT(primary.cause, Not(HasSubstr("is an alias")));
  EXPECT_THAT(primary.fix, HasSubstr("If it prints an address other than"));
}

TEST_F(DoctorMailboxTest, PrimaryAddressFallsBackToTheNewestSentItem) {
  probe_.latest_reply = std::optional<std::string>("ADVOCACY@contoso.com");

  DoctorReport report = Run();

  const CheckResult& primary = Check(report, "primary-address");

  EXPECT_EQ(primary.status, CheckStatus::kPass);
  EXPECT_THAT(primary.cause, HasSubstr("newest message in Sent Items"));
  EXPECT_THAT(probe_.calls, Not(Contains(HasSubstr("GetUser"))));
}

TEST_F(DoctorMailboxTest, PrimaryAddressIsSkippedWhenNothingCanTell) {
  probe_.latest_reply = tl::unexpected<Error>(
      RemoteError(ErrorCode::kPermissionDenied, "ErrorAccessDenied", kAccessDenied));

  DoctorReport report = Run();

  const CheckResult& primary = Check(report, "primary-address");

  EXPECT_EQ(primary.status, CheckStatus::kSkipped);
  EXPECT_THAT(primary.cause, HasSubstr("no User.Read.All"));
  EXPECT_THAT(primary.cause, HasSubstr("may not read Sent Items (ErrorAccessDenied)"));
  EXPECT_THAT(primary.fix, HasSubstr("Get-Mailbox advocacy@contoso.com | Format-List"));
}

TEST_F(DoctorMailboxTest, TestSendLooksInSentItemsSeveralTimesThroughTheWaitFunction) {
  std::vector<std::chrono::seconds> waits;
  probe_.find_replies.push_back(std::optional<graph::FoundMessage>());
  probe_.find_replies.push_back(std::optional(test::SentTestMessage(test::kMailbox)));

  DoctorReport report = Run({.send_test_to = "alex@fabrikam.com",
                             .find_attempts = 4,
                             .find_pause = std::chrono::seconds{2},
                             .wait = [&](std::chrono::seconds s) { waits.push_back(s); }});

  const CheckResult& test_send = Check(report, "test-send");
  EXPECT_EQ(test_send.status, CheckStatus::kPass);
  EXPECT_THAT(test_send.cause, HasSubstr("graphpost connection test sales"));
  EXPECT_THAT(probe_.calls, Contains("SendTest advocacy@contoso.com alex@fabrikam.com"));
  EXPECT_EQ(waits, std::vector<std::chrono::seconds>{std::chrono::seconds{2}});
  EXPECT_EQ(probe_.searched_markers.size(), 2u);
  EXPECT_EQ(probe_.sent_marker.size(), 36u);  // a GUID
  EXPECT_TRUE(report.can_send);
}

TEST_F(DoctorMailboxTest, TestMessageMissingFromSentItemsWarns) {
  DoctorReport report = Run({.send_test_to = "alex@fabrikam.com", .find_attempts = 3});

  const CheckResult& test_send = Check(report, "test-send");
  EXPECT_EQ(test_send.status, CheckStatus::kWarn);
  EXPECT_THAT(test_send.cause, HasSubstr("not in advocacy@contoso.com's Sent Items after 3"));
  EXPECT_EQ(probe_.searched_markers.size(), 3u);
  EXPECT_TRUE(report.can_send);
}

TEST_F(DoctorMailboxTest, RefusedTestSendFails) {
  probe_.send_reply = tl::unexpected<Error>(
      RemoteError(ErrorCode::kInvalidArgument, "ErrorInvalidRecipients",
                  "graph sendMail: 400 ErrorInvalidRecipients: At least one recipient is not "
                  "valid."));

  DoctorReport report = Run({.send_test_to = "not an address"});

  const CheckResult& test_send = Check(report, "test-send");
  EXPECT_EQ(test_send.status, CheckStatus::kFail);
  EXPECT_THAT(test_send.fix, HasSubstr("recipient address 'not an address'"));
  EXPECT_FALSE(report.can_send);
}

TEST_F(DoctorMailboxTest, NoTestMessageIsSentWhenTheAppMayNotSend) {
  ProbeFails(ErrorCode::kPermissionDenied, "ErrorAccessDenied", kAccessDenied);

  DoctorReport report = Run({.send_test_to = "alex@fabrikam.com"});

  EXPECT_EQ(Check(report, "test-send").status, CheckStatus::kSkipped);
  EXPECT_THAT(probe_.calls, Not(Contains(HasSubstr("SendTest"))));
}

}  // namespace
}  // namespace graphpost::doctor
