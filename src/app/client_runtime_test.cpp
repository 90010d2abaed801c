#include "app/client_runtime.hpp"

#include <gtest/gtest.h>

#include "testing/fake_clock.hpp"
#include "testing/fake_random.hpp"

namespace graphpost::app {
namespace {

connections::Connection ConnectionIn(std::string cloud) {
  connections::Connection c;
  c.name = "billing";
  c.tenant = "contoso.onmicrosoft.com";
  c.client_id = "8d2c4b6a-1e3f-4a5b-9c7d-0e1f2a3b4c5d";
  c.user_id = "billing@contoso.com";
  c.client_secret = Secret("not-a-real-secret-value");
  c.cloud = std::move(cloud);
  return c;
}

TEST(EndpointsOfTest, UsGovernmentConnectionAsksForItsOwnGraphScope) {
  auto endpoints = EndpointsOf(ConnectionIn("usgov"));

  ASSERT_TRUE(endpoints) << endpoints.error().message;
  EXPECT_EQ(endpoints->login_base, "https://login.microsoftonline.us");
  EXPECT_EQ(endpoints->graph_base, "https://graph.microsoft.us/v1.0");
  EXPECT_EQ(endpoints->scope, "https://graph.microsoft.us/.default");
}

TEST(EndpointsOfTest, ChinaConnectionAsksForItsOwnGraphScope) {
  auto endpoints = EndpointsOf(ConnectionIn("china"));

  ASSERT_TRUE(endpoints) << endpoints.error().message;
  EXPECT_EQ(endpoints->scope, "https://microsoftgraph.chinacloudapi.cn/.default");
}

TEST(EndpointsOfTest, CustomUrlsSpeakAsTheGlobalCloud) {
  connections::Connection c = ConnectionIn("custom");
  c.login_url = "https://localhost:8443/";
  c.graph_url = "https://localhost:8443/v1.0/";

  auto endpoints = EndpointsOf(c);

  ASSERT_TRUE(endpoints) << endpoints.error().message;
  EXPECT_EQ(endpoints->login_base, "https://localhost:8443");
  EXPECT_EQ(endpoints->graph_base, "https://localhost:8443/v1.0");
  EXPECT_EQ(endpoints->scope, "https://graph.microsoft.com/.default");
}

TEST(EndpointsOfTest, UnknownCloudWithoutUrlsIsRefused) {
  auto endpoints = EndpointsOf(ConnectionIn("mars"));

  ASSERT_FALSE(endpoints);
  EXPECT_EQ(endpoints.error().code, ErrorCode::kInvalidArgument);
}

TEST(ClientRuntimeTest, SessionCredentialCarriesTheCloudsScope) {
  testing::FakeClock clock;
  testing::FakeRandom random;
  ClientRuntime runtime(clock, random);

  auto session = runtime.Open(ConnectionIn("usgov"));

  ASSERT_TRUE(session) << session.error().message;
  EXPECT_EQ((*session)->credential.scope, "https://graph.microsoft.us/.default");
  EXPECT_EQ((*session)->credential.login_base, "https://login.microsoftonline.us");
}

}  // namespace
}  // namespace graphpost::app
