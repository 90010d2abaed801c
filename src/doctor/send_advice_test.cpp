// The doctor's advice for failures met while sending (the delivery engine's fix texts).
#include "doctor/send_advice.hpp"

#include <gtest/gtest.h>

namespace graphpost::doctor {
namespace {

connections::Connection Contoso() {
  connections::Connection c;
  c.name = "contoso";
  c.tenant = "contoso.com";
  c.client_id = "8d2c4b6a-1e3f-4a5b-9c7d-0e1f2a3b4c5d";
  c.user_id = "sales@contoso.com";
  c.client_secret = Secret("s3cr3t-value-never-shown");
  return c;
}

Error Err(ErrorCode code, std::string remote = "") {
  Error e;
  e.code = code;
  e.message = "m";
  e.remote_code = std::move(remote);
  return e;
}

TEST(SendAdviceTest, AnExpiredSecretPointsToRotateSecret) {
  SendAdvice advice =
      AdviseOnSendFailure(Contoso(), Err(ErrorCode::kUnauthenticated, "AADSTS7000222"));

  EXPECT_NE(advice.cause.find("expired"), std::string::npos);
  EXPECT_NE(advice.fix.find("graphpost connection rotate-secret contoso"), std::string::npos);
  EXPECT_EQ(advice.fix.find("s3cr3t"), std::string::npos);
}

TEST(SendAdviceTest, ForbiddenPointsToTheExchangeScope) {
  SendAdvice advice = AdviseOnSendFailure(Contoso(), Err(ErrorCode::kPermissionDenied));

  EXPECT_NE(advice.cause.find("sales@contoso.com"), std::string::npos);
  EXPECT_NE(advice.fix.find("Test-ServicePrincipalAuthorization"), std::string::npos);
}

TEST(SendAdviceTest, AnUnknownMailboxPointsToItsPrimaryAddress) {
  SendAdvice advice = AdviseOnSendFailure(Contoso(), Err(ErrorCode::kNotFound));

  EXPECT_NE(advice.fix.find("Get-Mailbox sales@contoso.com"), std::string::npos);
}

TEST(SendAdviceTest, TransientFailuresHaveNoFix) {
  EXPECT_EQ(AdviseOnSendFailure(Contoso(), Err(ErrorCode::kUnavailable)).fix, "");
}

TEST(SendAdviceTest, ARefusedDraftNamesMailReadWriteBothWays) {
  SendAdvice advice = AdviseOnDraftRefused(
      Contoso(), Err(ErrorCode::kPermissionDenied, "ErrorAccessDenied"), 4 * 1024 * 1024);

  EXPECT_NE(advice.cause.find("over 4 MB"), std::string::npos) << advice.cause;
  EXPECT_NE(advice.cause.find("draft plus upload sessions"), std::string::npos);
  EXPECT_NE(advice.cause.find("Mail.ReadWrite"), std::string::npos);
  EXPECT_NE(advice.fix.find("Application permissions > Mail.ReadWrite"), std::string::npos);
  EXPECT_NE(advice.fix.find("-Role \"Application Mail.ReadWrite\" -App " + Contoso().client_id),
            std::string::npos)
      << advice.fix;
  EXPECT_EQ(advice.fix.find("s3cr3t"), std::string::npos);
}

}  // namespace
}  // namespace graphpost::doctor
