// connections/connection_json.hpp — the JSON view of a connection for `connection show`,
// `connection list --json` and the table views. Secrets never appear: only whether they are set.
// Pure function; thread-safe.
#pragma once

#include <boost/json/object.hpp>

#include "connections/connection.hpp"

namespace graphpost::connections {

// {"name", "accountType", "tenant", "authType" ("client-secret" | "certificate"), "userId",
//  "clientId", "secret": "set" | "not set", "privateKey": "set" | "not set",
//  "certificateThumbprint" (SHA-1, upper-case hex as the Entra portal shows it; "" when none or
//  unparsable), "certificateExpiresOn" (ISO 8601 or null), "secretExpiresOn" (ISO 8601 or null),
//  "cloud", "loginUrl", "graphUrl" (both as entered, "" = from the cloud), "effectiveLoginUrl",
//  "effectiveGraphUrl", "caFile", "created", "updated"}.
// The certificate itself (public) is not included, to keep the view small.
boost::json::object ConnectionToJson(const Connection& c);

}  // namespace graphpost::connections
