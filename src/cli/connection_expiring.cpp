// `graphpost connection expiring [--within 30d]` (client_commands.hpp): which connections' secret
// or certificate runs out soon, with an exit code a monitor can alert on. A certificate's expiry
// is its notAfter; a secret's is the date entered with --secret-expires (unknown otherwise).
#include <iostream>

#include <boost/json.hpp>

#include "cli/client_commands.hpp"
#include "cli/client_store.hpp"
#include "cli/table.hpp"
#include "core/json.hpp"
#include "core/time_format.hpp"
#include "crypto/keys.hpp"
#include "gateway/gateway_config.hpp"

namespace graphpost::cli {
namespace {

namespace json = boost::json;
using connections::AuthType;
using connections::Connection;

// When the credential of `c` expires; nullopt when unknown.
std::optional<WallTime> ExpiryOf(const Connection& c) {
  if (c.auth_type == AuthType::kClientSecret) return c.secret_expires_on;
  auto certificate = crypto::Certificate::FromPem(c.certificate_pem);
  if (!certificate) return std::nullopt;
  return certificate->NotAfter();
}

// "expires in 12 days", "expired 3 days ago", "expires today".
std::string Describe(WallTime expires, WallTime now) {
  using std::chrono::days;
  if (expires <= now) {
    const auto ago = std::chrono::floor<days>(now - expires).count();
    return ago == 0 ? "expired today" : "expired " + std::to_string(ago) + " days ago";
  }
  const auto left = std::chrono::floor<days>(expires - now).count();
  return left == 0 ? "expires today" : "expires in " + std::to_string(left) + " days";
}

struct Findings {
  json::array rows;
  std::vector<std::string> alerts;  // names expiring within the window or expired
};

Findings Find(const std::vector<Connection>& all, WallTime now, std::chrono::seconds within) {
  Findings f;
  for (const auto& c : all) {
    const auto expires = ExpiryOf(c);
    json::object row{{"name", c.name},
                     {"authType", std::string(connections::AuthTypeName(c.auth_type))},
                     {"userId", c.user_id}};
    if (!expires) {
      row["expiresOn"] = nullptr;
      row["status"] = "unknown expiry (connection edit " + c.name + " --secret-expires DATE)";
    } else if (*expires <= now + within) {
      row["expiresOn"] = FormatIso8601(*expires);
      row["status"] = Describe(*expires, now);
      f.alerts.push_back(c.name);
    } else {
      continue;
    }
    f.rows.push_back(std::move(row));
  }
  return f;
}

std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

Status RunConnectionExpiring(const ClientGlobal& g, std::chrono::seconds within) {
  auto client = OpenClient(g);
  if (!client) return Fail(client.error());
  auto all = (*client)->connections().List();
  if (!all) return Fail(all.error());
  const WallTime now = (*client)->clock().WallNow();
  const std::string window = gateway::FormatDuration(within);
  Findings f = Find(*all, now, within);
  if (g.json) {
    std::cout << ToJson(json::object{{"withinSeconds", within.count()},
                                     {"connections", std::move(f.rows)}})
              << "\n";
  } else if (f.rows.empty()) {
    std::cout << "no secret or certificate expires within " << window << "\n";
  } else {
    std::cout << RenderTable({"name", "authType", "userId", "expiresOn", "status"}, f.rows);
  }
  if (f.alerts.empty()) return Ok();
  return Fail(ErrorCode::kFailedPrecondition,
              std::to_string(f.alerts.size()) + " connection(s) with a secret or certificate " +
                  "that expires within " + window + ": " + Joined(f.alerts));
}

}  // namespace graphpost::cli
