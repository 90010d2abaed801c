#include "auth/cloud.hpp"

#include <array>

namespace graphpost::auth {
namespace {

struct CloudRow {
  Cloud cloud;
  std::string_view name;
  std::string_view login_base;
  std::string_view graph_host;
};

constexpr std::array<CloudRow, 4> kClouds{{
    {Cloud::kGlobal, "global", "https://login.microsoftonline.com", "https://graph.microsoft.com"},
    {Cloud::kUsGov, "usgov", "https://login.microsoftonline.us", "https://graph.microsoft.us"},
    {Cloud::kUsGovDod, "usgov-dod", "https://login.microsoftonline.us",
     "https://dod-graph.microsoft.us"},
    {Cloud::kChina, "china", "https://login.partner.microsoftonline.cn",
     "https://microsoftgraph.chinacloudapi.cn"},
}};

const CloudRow& RowFor(Cloud cloud) {
  for (const CloudRow& row : kClouds) {
    if (row.cloud == cloud) return row;
  }
  return kClouds[0];  // unreachable for a valid enum value
}

}  // namespace

CloudEndpoints EndpointsFor(Cloud cloud) {
  const CloudRow& row = RowFor(cloud);
  return CloudEndpoints{std::string(row.login_base), std::string(row.graph_host) + "/v1.0"};
}

std::string GraphScopeFor(Cloud cloud) {
  return std::string(RowFor(cloud).graph_host) + "/.default";
}

std::optional<Cloud> ParseCloud(std::string_view name) {
  for (const CloudRow& row : kClouds) {
    if (row.name == name) return row.cloud;
  }
  return std::nullopt;
}

std::string_view CloudName(Cloud cloud) { return RowFor(cloud).name; }

}  // namespace graphpost::auth
