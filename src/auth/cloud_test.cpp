#include "auth/cloud.hpp"

#include <gtest/gtest.h>

namespace graphpost::auth {
namespace {

TEST(CloudTest, GlobalEndpointsAreTheWorldwideHosts) {
  CloudEndpoints endpoints = EndpointsFor(Cloud::kGlobal);

  EXPECT_EQ(endpoints.login_base, "https://login.microsoftonline.com");
  EXPECT_EQ(endpoints.graph_base, "https://graph.microsoft.com/v1.0");
  EXPECT_EQ(GraphScopeFor(Cloud::kGlobal), "https://graph.microsoft.com/.default");
}

TEST(CloudTest, NationalCloudsUseTheirOwnHosts) {
  EXPECT_EQ(EndpointsFor(Cloud::kUsGov).login_base, "https://login.microsoftonline.us");
  EXPECT_EQ(EndpointsFor(Cloud::kUsGov).graph_base, "https://graph.microsoft.us/v1.0");
  EXPECT_EQ(EndpointsFor(Cloud::kUsGovDod).login_base, "https://login.microsoftonline.us");
  EXPECT_EQ(EndpointsFor(Cloud::kUsGovDod).graph_base, "https://dod-graph.microsoft.us/v1.0");
  EXPECT_EQ(EndpointsFor(Cloud::kChina).login_base, "https://login.partner.microsoftonline.cn");
  EXPECT_EQ(EndpointsFor(Cloud::kChina).graph_base, "https://microsoftgraph.chinacloudapi.cn/v1.0");
  EXPECT_EQ(GraphScopeFor(Cloud::kUsGovDod), "https://dod-graph.microsoft.us/.default");
}

TEST(CloudTest, NamesRoundTrip) {
  for (Cloud cloud : {Cloud::kGlobal, Cloud::kUsGov, Cloud::kUsGovDod, Cloud::kChina}) {
    EXPECT_EQ(ParseCloud(CloudName(cloud)), cloud);
  }
  EXPECT_EQ(CloudName(Cloud::kUsGovDod), "usgov-dod");
}

TEST(CloudTest, UnknownNamesDoNotParse) {
  EXPECT_EQ(ParseCloud("Global"), std::nullopt);
  EXPECT_EQ(ParseCloud("germany"), std::nullopt);
  EXPECT_EQ(ParseCloud(""), std::nullopt);
}

}  // namespace
}  // namespace graphpost::auth
