// RunDoctor: the all-pass case, the order of checks, and everything the token request decides
// (tenant, app, credential, credential-expiry, permissions). Graph-side cases are in
// doctor_mailbox_test.cpp.
#include "doctor/doctor.hpp"

#include <chrono>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/json.hpp"
#include "crypto/keys.hpp"
#include "doctor/doctor_fakes_test.hpp"
#include "testing/fake_clock.hpp"
#include "testing/fake_random.hpp"

namespace graphpost::doctor {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;
using test::FakeMailboxProbe;
using test::FakeTokenProvider;
using test::RemoteError;

class DoctorTest : public ::testing::Test {
 protected:
  DoctorReport Run(const DoctorOptions& options = {}) {
    return RunDoctor(connection_, tokens_, probe_, clock_, random_, options);
  }
  void TokenFails(ErrorCode code, const std::string& aadsts, const std::string& description) {
    tokens_.SetError(RemoteError(
        code, aadsts,
        "Entra token endpoint: HTTP 400 invalid_request: " + aadsts + ": " + description));
  }

  connections::Connection connection_ = test::SecretConnection();
  FakeTokenProvider tokens_;
  FakeMailboxProbe probe_;
  graphpost::testing::FakeClock clock_;
  graphpost::testing::FakeRandom random_;
};

const CheckResult& Check(const DoctorReport& report, std::string_view id) {
  for (const CheckResult& check : report.checks) {
    if (check.id == id) return check;
  }
  ADD_FAILURE() << "no check " << id;
  static const CheckResult kNone;
  return kNone;
}

TEST_F(DoctorTest, AllChecksPassForAWellSetUpConnection) {
  connection_.secret_expires_on = clock_.WallNow() + std::chrono::days{200};
  probe_.find_replies.push_back(std::optional(test::SentTestMessage(test::kMailbox)));

  DoctorReport report = Run({.send_test_to = "alex@fabrikam.com"});

  for (const CheckResult& check : report.checks) {
    EXPECT_EQ(check.status, CheckStatus::kPass) << check.id << ": " << check.cause;
  }
  EXPECT_TRUE(report.can_send);
  EXPECT_EQ(report.connection, "sales");
  EXPECT_THAT(Check(report, "mailbox-access").cause, HasSubstr("ErrorInvalidRecipients"));
  EXPECT_THAT(Check(report, "primary-address").cause, HasSubstr("the test message"));
  EXPECT_EQ(probe_.searched_markers.at(0), probe_.sent_marker);
  EXPECT_EQ(tokens_.calls, 1);
}

TEST_F(DoctorTest, ReportsEveryCheckInOrderWithTitles) {
  DoctorReport report = Run();

  std::vector<std::string> ids;
  for (const CheckResult& check : report.checks) {
    ids.push_back(check.id);
    EXPECT_FALSE(check.title.empty()) << check.id;
  }
  EXPECT_THAT(
      ids, ::testing::ElementsAre("tenant", "app", "credential", "credential-expiry", "permissions",
                                  "mailbox", "mailbox-access", "primary-address", "test-send"));
  EXPECT_EQ(Check(report, "test-send").status, CheckStatus::kSkipped);
  EXPECT_THAT(Check(report, "test-send").cause, HasSubstr("--send-test-to"));
  EXPECT_TRUE(report.can_send);
  EXPECT_THAT(probe_.calls, Not(::testing::Contains(HasSubstr("SendTest"))));
}

TEST_F(DoctorTest, WrongTenantFailsTheTenantCheckAndSkipsTheRest) {
  TokenFails(ErrorCode::kNotFound, "AADSTS90002", "Tenant 'x' not found.");

  DoctorReport report = Run();

  const CheckResult& tenant = Check(report, "tenant");
  EXPECT_EQ(tenant.status, CheckStatus::kFail);
  EXPECT_THAT(tenant.cause, HasSubstr("no tenant"));
  EXPECT_THAT(tenant.cause, HasSubstr("AADSTS90002"));
  EXPECT_THAT(tenant.fix, HasSubstr("Step 4"));
  EXPECT_THAT(tenant.fix, HasSubstr("Directory (tenant) ID"));
  EXPECT_THAT(tenant.fix, HasSubstr(test::kClientId));
  for (std::string_view id : {"app", "credential", "permissions", "mailbox", "mailbox-access"}) {
    EXPECT_EQ(Check(report, id).status, CheckStatus::kSkipped) << id;
  }
  EXPECT_FALSE(report.can_send);
  EXPECT_TRUE(probe_.calls.empty());
}

TEST_F(DoctorTest, MalformedTenantFailsTheTenantCheck) {
  TokenFails(ErrorCode::kInvalidArgument, "AADSTS900023", "Specified tenant identifier ...");

  DoctorReport report = Run();

  const CheckResult& tenant = Check(report, "tenant");

  EXPECT_EQ(tenant.status, CheckStatus::kFail);
  EXPECT_THAT(tenant.cause, HasSubstr("neither a tenant ID"));
}

TEST_F(DoctorTest, UnreachableSignInEndpointFailsTheTenantCheck) {
  tokens_.SetError(
      Error{ErrorCode::kUnavailable, "Entra token endpoint: connection refused", std::nullopt, ""});

  DoctorReport report = Run();

  EXPECT_EQ(Check(report, "tenant").status, CheckStatus::kFail);
  EXPECT_THAT(Check(report, "tenant").cause, HasSubstr("Could not get an answer"));
  EXPECT_THAT(Check(report, "tenant").fix, HasSubstr("https://login.microsoftonline.com"));
  EXPECT_FALSE(report.can_send);
}

TEST_F(DoctorTest, WrongClientIdFailsTheAppCheck) {
  TokenFails(ErrorCode::kNotFound, "AADSTS700016", "Application with identifier ... not found");

  DoctorReport report = Run();

  EXPECT_EQ(Check(report, "tenant").status, CheckStatus::kPass);
  const CheckResult& app = Check(report, "app");
  EXPECT_EQ(app.status, CheckStatus::kFail);
  EXPECT_THAT(app.cause, HasSubstr("wrong client ID"));
  EXPECT_THAT(app.cause, HasSubstr("another tenant"));
  EXPECT_THAT(app.fix, HasSubstr("Application (client) ID"));
  EXPECT_EQ(Check(report, "credential").status, CheckStatus::kSkipped);
  EXPECT_FALSE(report.can_send);
}

TEST_F(DoctorTest, DisabledAppFailsTheAppCheck) {
  TokenFails(ErrorCode::kPermissionDenied, "AADSTS7000112", "The application is disabled.");

  DoctorReport report = Run();

  const CheckResult& app = Check(report, "app");

  EXPECT_EQ(app.status, CheckStatus::kFail);
  EXPECT_THAT(app.cause, HasSubstr("disabled"));
  EXPECT_THAT(app.fix, HasSubstr("Enterprise applications"));
  EXPECT_THAT(app.fix, HasSubstr("Enabled for users to sign-in"));
}

TEST_F(DoctorTest, SecretIdPastedInsteadOfValueIsNamed) {
  connection_.client_secret = Secret("9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d");
  TokenFails(ErrorCode::kUnauthenticated, "AADSTS7000215", "Invalid client secret provided.");

  DoctorReport report = Run();

  const CheckResult& credential = Check(report, "credential");
  EXPECT_EQ(credential.status, CheckStatus::kFail);
  EXPECT_THAT(credential.cause, HasSubstr("secret's ID, not its value"));
  EXPECT_THAT(credential.fix, HasSubstr("Step 3"));
  EXPECT_THAT(credential.fix, HasSubstr("Value"));
  EXPECT_THAT(credential.fix, HasSubstr("graphpost connection rotate-secret sales"));
  EXPECT_THAT(ToJson(ReportToJson(report)), Not(HasSubstr("9b1deb4d")));
  EXPECT_EQ(Check(report, "tenant").status, CheckStatus::kPass);
  EXPECT_EQ(Check(report, "app").status, CheckStatus::kPass);
  EXPECT_FALSE(report.can_send);
}

TEST_F(DoctorTest, WrongSecretValueIsNotCalledASecretId) {
  TokenFails(ErrorCode::kUnauthenticated, "AADSTS7000215", "Invalid client secret provided.");

  DoctorReport report = Run();

  const CheckResult& credential = Check(report, "credential");

  EXPECT_EQ(credential.status, CheckStatus::kFail);
  EXPECT_THAT(credential.cause, HasSubstr("not a current secret"));
  EXPECT_THAT(credential.cause, Not(HasSubstr("secret's ID")));
}

TEST_F(DoctorTest, ExpiredSecretFailsCredentialAndExpiry) {
  connection_.secret_expires_on = clock_.WallNow() - std::chrono::days{3};
  TokenFails(ErrorCode::kUnauthenticated, "AADSTS7000222", "The provided client secret keys ...");

  DoctorReport report = Run();

  EXPECT_EQ(Check(report, "credential").status, CheckStatus::kFail);
  EXPECT_THAT(Check(report, "credential").cause, HasSubstr("expired"));
  EXPECT_THAT(Check(report, "credential").fix, HasSubstr("rotate-secret sales"));
  EXPECT_EQ(Check(report, "credential-expiry").status, CheckStatus::kFail);
  EXPECT_THAT(Check(report, "credential-expiry").cause, HasSubstr("expired on 2026-11-23"));
}

TEST_F(DoctorTest, SecretExpiringWithin30DaysWarns) {
  connection_.secret_expires_on = clock_.WallNow() + std::chrono::days{10};

  DoctorReport report = Run();

  const CheckResult& expiry = Check(report, "credential-expiry");
  EXPECT_EQ(expiry.status, CheckStatus::kWarn);
  EXPECT_THAT(expiry.cause, HasSubstr("expires soon"));
  EXPECT_THAT(expiry.cause, HasSubstr("in 10 days"));
  EXPECT_THAT(expiry.fix, HasSubstr("+ New client secret"));
  EXPECT_TRUE(report.can_send);
}

TEST_F(DoctorTest, UnknownSecretExpiryIsSkippedWithAHint) {
  DoctorReport report = Run();
  const CheckResult& expiry = Check(report, "credential-expiry");

  EXPECT_EQ(expiry.status, CheckStatus::kSkipped);
  EXPECT_THAT(expiry.cause, HasSubstr("no expiry date"));
  EXPECT_THAT(expiry.fix, HasSubstr("Expires"));
}

TEST_F(DoctorTest, UnregisteredCertificateShowsItsThumbprint) {
  auto key = crypto::Key::GenerateP256();
  ASSERT_TRUE(key.has_value());
  auto cert =
      crypto::Certificate::SelfSigned({.common_name = "graphpost-app",
                                       .not_before = clock_.WallNow() - std::chrono::days{1},
                                       .not_after = clock_.WallNow() + std::chrono::days{365}},
                                      *key);
  ASSERT_TRUE(cert.has_value());
  connection_.auth_type = connections::AuthType::kCertificate;
  connection_.client_secret = Secret();
  connection_.certificate_pem = cert->Pem();
  connection_.private_key_pem = Secret(key->PrivatePem());
  TokenFails(ErrorCode::kUnauthenticated, "AADSTS700027", "Client assertion failed signature...");

  DoctorReport report = Run();

  const CheckResult& credential = Check(report, "credential");
  EXPECT_EQ(credential.status, CheckStatus::kFail);
  EXPECT_THAT(credential.cause, HasSubstr("not registered"));
  EXPECT_THAT(credential.fix, HasSubstr("Certificates & secrets > Certificates"));
  EXPECT_THAT(credential.fix, HasSubstr(cert->ThumbprintSha1Hex()));
  EXPECT_EQ(Check(report, "credential-expiry").status, CheckStatus::kPass);
  EXPECT_THAT(RenderReport(report), Not(HasSubstr("PRIVATE KEY")));
}

TEST_F(DoctorTest, UnknownEntraErrorFailsTheCredentialCheckWithItsCode) {
  TokenFails(ErrorCode::kInvalidArgument, "AADSTS1002012", "The provided value for scope ...");

  DoctorReport report = Run();

  EXPECT_EQ(Check(report, "credential").status, CheckStatus::kFail);
  EXPECT_THAT(Check(report, "credential").cause, HasSubstr("AADSTS1002012"));
  EXPECT_THAT(Check(report, "credential").fix, HasSubstr("error?code=1002012"));
  EXPECT_EQ(Check(report, "tenant").status, CheckStatus::kSkipped);
  EXPECT_FALSE(report.can_send);
}

TEST_F(DoctorTest, TokenWithoutRolesPassesAndExplainsBothReadings) {
  DoctorReport report = Run();
  const CheckResult& permissions = Check(report, "permissions");

  EXPECT_EQ(permissions.status, CheckStatus::kPass);
  EXPECT_THAT(permissions.cause, HasSubstr("admin consent was never granted (Step 2)"));
  EXPECT_THAT(permissions.cause, HasSubstr("Exchange RBAC for Applications (Step 7)"));
  EXPECT_THAT(permissions.cause, HasSubstr("Delegated"));
}

TEST_F(DoctorTest, TenantWideEntraGrantWarnsThatTheScopeRestrictsNothing) {
  tokens_.SetRoles({"Mail.Send", "Mail.ReadWrite"});

  DoctorReport report = Run();

  const CheckResult& permissions = Check(report, "permissions");
  EXPECT_EQ(permissions.status, CheckStatus::kWarn);
  EXPECT_THAT(permissions.cause, HasSubstr("tenant-wide Mail.Send"));
  EXPECT_THAT(permissions.cause, HasSubstr("restricts nothing"));
  EXPECT_THAT(permissions.cause, HasSubstr("ANY mailbox"));
  EXPECT_THAT(permissions.fix, HasSubstr("API permissions"));
  EXPECT_THAT(permissions.fix, HasSubstr("revoke"));
  EXPECT_THAT(permissions.fix, HasSubstr("Application Mail.Send"));
  EXPECT_TRUE(report.can_send);
}

TEST_F(DoctorTest, NoCauseOrFixEverContainsTheSecretOrToken) {
  for (const std::string& code :
       {std::string("AADSTS7000215"), std::string("AADSTS7000222"), std::string("AADSTS1002012")}) {
    TokenFails(ErrorCode::kUnauthenticated, code, "refused");
    std::string text = RenderReport(Run()) + ToJson(ReportToJson(Run()));
    EXPECT_THAT(text, Not(HasSubstr(test::kSecretValue))) << code;
  }
  tokens_.SetRoles({});
  std::string text = RenderReport(Run({.send_test_to = "alex@fabrikam.com"}));
  EXPECT_THAT(text, Not(HasSubstr(test::kTokenValue)));
  EXPECT_THAT(text, Not(HasSubstr(test::kSecretValue)));
}

}  // namespace
}  // namespace graphpost::doctor
