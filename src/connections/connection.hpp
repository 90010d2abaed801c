// connections/connection.hpp — a connection: everything graphpost needs to send as one mailbox
// through Microsoft Graph with an app credential (the setup guide's "Outlook connection", step 8).
// Several connections may share one app credential and differ only in user_id. Plain value type;
// thread-compatible. Validation is a pure function.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/secret.hpp"

namespace graphpost::connections {

enum class AuthType { kClientSecret, kCertificate };

struct Connection {
  std::string name;  // unique, [A-Za-z0-9._-]{1,64}
  std::string account_type = "tenant-specific";
  std::string tenant;  // Directory (tenant) ID or domain
  AuthType auth_type = AuthType::kClientSecret;
  std::string user_id;  // the mailbox (primary SMTP address)
  std::string client_id;
  Secret client_secret;         // kClientSecret
  std::string certificate_pem;  // kCertificate (public part, not secret)
  Secret private_key_pem;       // kCertificate
  std::optional<std::chrono::system_clock::time_point> secret_expires_on;
  std::string cloud = "global";  // global | usgov | usgov-dod | china | custom
  std::string login_url;         // explicit (custom / sandbox); empty = from cloud
  std::string graph_url;         // explicit, e.g. https://localhost:8443/v1.0; empty = from cloud
  std::string ca_file;           // extra CA bundle to trust; empty = system
  std::chrono::system_clock::time_point created, updated;
};

// A connection name: 1 to 64 characters from A-Z a-z 0-9 . _ - (Connection::name).
bool IsConnectionName(std::string_view name);
// A tenant's domain as a connection takes it: an RFC 1123 host name of at least two labels, each
// 1 to 63 of A-Z a-z 0-9 and inner '-', at most 253 characters (e.g. contoso.onmicrosoft.com).
bool IsDomainName(std::string_view text);

// Checks a connection before it is stored: the name's shape; account_type "tenant-specific";
// tenant a GUID or a domain (not common/organizations/consumers); client_id a GUID; user_id an
// e-mail address (or a user object GUID); per auth type, a client secret, or a certificate and a
// private key that parse and belong together (and not the other type's fields); a known cloud, and
// for "custom" explicit login and Graph URLs; URLs https (http only to loopback) without query or
// fragment. kInvalidArgument whose message starts with the field name ("client_id: ..."). Messages
// never repeat the value entered, since a secret pasted into the wrong field must not leak.
[[nodiscard]] Status ValidateConnection(const Connection& c);

// A client secret as the store accepts it: not empty, not only whitespace. kInvalidArgument
// ("client_secret: ..."), never repeating the value.
[[nodiscard]] Status CheckSecretText(const Secret& secret);

// Stable spellings for the CLI, JSON and the database: "client-secret", "certificate".
std::string_view AuthTypeName(AuthType type);
// Inverse of AuthTypeName; also accepts "secret" and "client-credentials". nullopt otherwise.
std::optional<AuthType> ParseAuthType(std::string_view text);

// Endpoints come from the one cloud table, auth/cloud.hpp.
// The login authority to use, without a trailing '/': login_url when set, else the cloud's
// (e.g. "https://login.microsoftonline.com"). Empty for an unknown cloud without login_url.
std::string EffectiveLoginUrl(const Connection& c);
// The Graph base to use, without a trailing '/': graph_url when set, else the cloud's host plus
// "/v1.0" (e.g. "https://graph.microsoft.com/v1.0"). Empty for an unknown cloud without graph_url.
std::string EffectiveGraphUrl(const Connection& c);
// The client-credentials scope for the connection's cloud, e.g.
// "https://graph.microsoft.us/.default" for usgov. A "custom" connection (explicit URLs, such as
// the sandbox) speaks as the global cloud, whatever its URLs.
std::string EffectiveGraphScope(const Connection& c);

}  // namespace graphpost::connections
