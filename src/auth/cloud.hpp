// auth/cloud.hpp — the ONE table of the Microsoft clouds graphpost can talk to: their login
// (Entra) and Graph base URLs and the Graph scope a token is asked for (docs/cli.md, `--cloud`).
// connections/ and app/ resolve through it. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace graphpost::auth {

enum class Cloud { kGlobal, kUsGov, kUsGovDod, kChina };

struct CloudEndpoints {
  std::string login_base;  // e.g. "https://login.microsoftonline.com" (no trailing '/')
  std::string graph_base;  // e.g. "https://graph.microsoft.com/v1.0" (no trailing '/')
};

// The documented hosts of `cloud`:
//   global     login.microsoftonline.com          graph.microsoft.com
//   usgov      login.microsoftonline.us           graph.microsoft.us        (GCC High, L4)
//   usgov-dod  login.microsoftonline.us           dod-graph.microsoft.us    (DoD, L5)
//   china      login.partner.microsoftonline.cn   microsoftgraph.chinacloudapi.cn (21Vianet)
CloudEndpoints EndpointsFor(Cloud cloud);

// The client-credentials scope for Graph in `cloud`, e.g. "https://graph.microsoft.us/.default".
std::string GraphScopeFor(Cloud cloud);

// Parses "global", "usgov", "usgov-dod" or "china" (exact, lower-case); nullopt otherwise.
std::optional<Cloud> ParseCloud(std::string_view name);

// The name ParseCloud accepts for `cloud`.
std::string_view CloudName(Cloud cloud);

}  // namespace graphpost::auth
