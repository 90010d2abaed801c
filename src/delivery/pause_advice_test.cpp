// The texts shown for a lane paused because its credential was refused for good.
#include "delivery/pause_advice.hpp"

#include <gtest/gtest.h>

namespace graphpost::delivery {
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

Error Refusal(std::string remote_code, std::string message = "refused") {
  Error e;
  e.code = ErrorCode::kUnauthenticated;
  e.message = std::move(message);
  e.remote_code = std::move(remote_code);
  return e;
}

TEST(PauseAdviceTest, AnExpiredSecretNamesItsCodeAndHowTheLanesResume) {
  PauseAdvice advice = AdviseOnPause(Contoso(), Refusal("AADSTS7000222"));

  EXPECT_NE(advice.reason.find("has expired (AADSTS7000222)"), std::string::npos) << advice.reason;
  EXPECT_NE(advice.fix.find("Certificates & secrets"), std::string::npos) << advice.fix;
  EXPECT_NE(advice.fix.find("graphpost connection rotate-secret contoso --secret-stdin"),
            std::string::npos)
      << advice.fix;
  EXPECT_NE(advice.fix.find("/ui/connections/contoso"), std::string::npos) << advice.fix;
  EXPECT_EQ(advice.alert,
            "connection contoso: The client secret of app 8d2c4b6a-1e3f-4a5b-9c7d-0e1f2a3b4c5d has "
            "expired (AADSTS7000222). Its lanes are paused until the secret changes (graphpost "
            "connection rotate-secret contoso).");
}

TEST(PauseAdviceTest, AnUnknownRefusalKeepsTheEndpointsWordsAndAddsItsCode) {
  PauseAdvice advice = AdviseOnPause(Contoso(), Refusal("AADSTS50000", "There was an error"));

  EXPECT_EQ(advice.reason, "There was an error (AADSTS50000)");
  EXPECT_EQ(advice.fix.rfind("The lanes resume as soon as the connection's secret changes", 0), 0u)
      << advice.fix;
}

TEST(PauseAdviceTest, NoTextHoldsTheSecret) {
  for (const char* code : {"AADSTS7000222", "AADSTS7000215", "AADSTS7000112", "AADSTS700016"}) {
    PauseAdvice advice = AdviseOnPause(Contoso(), Refusal(code));

    EXPECT_EQ((advice.reason + advice.fix + advice.alert).find("s3cr3t"), std::string::npos)
        << code;
  }
}

}  // namespace
}  // namespace graphpost::delivery
