// JSON view of a connection; see connection_json.hpp.
#include "connections/connection_json.hpp"

#include <optional>

#include "core/time_format.hpp"
#include "crypto/keys.hpp"

namespace graphpost::connections {
namespace {

namespace json = boost::json;

json::value OptionalTime(std::optional<std::chrono::system_clock::time_point> t) {
  if (!t) return nullptr;
  return json::string(FormatIso8601(*t));
}

const char* SetOrNot(const Secret& secret) { return secret.empty() ? "not set" : "set"; }

void AddCertificate(const Connection& c, json::object& out) {
  std::optional<crypto::Certificate> cert;
  if (!c.certificate_pem.empty()) {
    if (auto parsed = crypto::Certificate::FromPem(c.certificate_pem)) cert = std::move(*parsed);
  }
  out["certificateThumbprint"] = cert ? cert->ThumbprintSha1Hex() : "";
  out["certificateExpiresOn"] = cert ? OptionalTime(cert->NotAfter()) : json::value(nullptr);
}

}  // namespace

json::object ConnectionToJson(const Connection& c) {
  json::object out;
  out["name"] = c.name;
  out["accountType"] = c.account_type;
  out["tenant"] = c.tenant;
  out["authType"] = AuthTypeName(c.auth_type);
  out["userId"] = c.user_id;
  out["clientId"] = c.client_id;
  out["secret"] = SetOrNot(c.client_secret);
  out["privateKey"] = SetOrNot(c.private_key_pem);
  AddCertificate(c, out);
  out["secretExpiresOn"] = OptionalTime(c.secret_expires_on);
  out["cloud"] = c.cloud;
  out["loginUrl"] = c.login_url;
  out["graphUrl"] = c.graph_url;
  out["effectiveLoginUrl"] = EffectiveLoginUrl(c);
  out["effectiveGraphUrl"] = EffectiveGraphUrl(c);
  out["caFile"] = c.ca_file;
  out["created"] = FormatIso8601(c.created);
  out["updated"] = FormatIso8601(c.updated);
  return out;
}

}  // namespace graphpost::connections
