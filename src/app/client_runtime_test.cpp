#include "app/client_runtime.hpp"

#include <gtest/gtest.h>

#include "core/form.hpp"
#include "testing/fake_clock.hpp"
#include "testing/fake_http_transport.hpp"
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

// The token request itself (not only the credential) must name the connection's cloud: before the
// cloud table was shared, a national-cloud connection asked for
// https://graph.microsoft.com/.default.
class TokenRequestScopeTest : public ::testing::TestWithParam<std::pair<std::string, std::string>> {
};

TEST_P(TokenRequestScopeTest, TokenRequestAsksForTheConnectionsCloudGraphScope) {
  const auto& [cloud, login_host_and_scope] = GetParam();
  testing::FakeClock clock;
  testing::FakeRandom random;
  testing::FakeHttpTransport* http = nullptr;
  ClientRuntime runtime(clock, random, {.transport_factory = [&](const std::string&) {
                          auto fake = std::make_unique<testing::FakeHttpTransport>();
                          http = fake.get();
                          return fake;
                        }});
  auto session = runtime.Open(ConnectionIn(cloud));
  ASSERT_TRUE(session) << session.error().message;

  (void)(*session)->tokens->GetToken();  // no scripted reply: fails after sending the request

  ASSERT_NE(http, nullptr);
  ASSERT_GE(http->request_count(), 1u);
  const http::ClientRequest request = http->requests().front();
  const std::string login = login_host_and_scope.substr(0, login_host_and_scope.find(' '));
  const std::string scope = login_host_and_scope.substr(login_host_and_scope.find(' ') + 1);
  EXPECT_TRUE(request.url.starts_with(login)) << request.url;
  EXPECT_NE(request.body.find("scope=" + PercentEncode(scope)), std::string::npos) << request.body;
  EXPECT_EQ(request.body.find(PercentEncode("https://graph.microsoft.com/.default")),
            cloud == "global" ? request.body.find("scope=") + 6 : std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Clouds, TokenRequestScopeTest,
    ::testing::Values(
        std::pair<std::string, std::string>{
            "usgov", "https://login.microsoftonline.us https://graph.microsoft.us/.default"},
        std::pair<std::string, std::string>{
            "usgov-dod",
            "https://login.microsoftonline.us https://dod-graph.microsoft.us/.default"},
        std::pair<std::string, std::string>{"china",
                                            "https://login.partner.microsoftonline.cn "
                                            "https://microsoftgraph.chinacloudapi.cn/.default"},
        std::pair<std::string, std::string>{
            "global", "https://login.microsoftonline.com https://graph.microsoft.com/.default"}));

}  // namespace
}  // namespace graphpost::app
