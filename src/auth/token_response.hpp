// auth/token_response.hpp — reads an Entra token-endpoint reply: the access token on success, or
// the ONE classification of Entra token failures into ErrorCode. Pure functions; thread-safe.
//
// Classification (first matching row wins; "code" is the first entry of error_codes):
//   HTTP 429 and 5xx                                → http::ErrorCodeForStatus: kThrottled,
//                                                     kUnavailable (504: kDeadlineExceeded)
//   (retry_after always from Retry-After, read by http::RetryAfterOf)
//   code 7000215 wrong secret, 7000222 expired secret, 7000218/7000216 no secret or assertion,
//        700027 unknown certificate / bad assertion signature, 700021 assertion iss/sub,
//        700023 assertion aud, 700024 assertion time range, 50027 malformed assertion
//                                                   → kUnauthenticated
//   code 90002 unknown tenant                       → kNotFound
//   code 900023 malformed tenant, 9001023 /common   → kInvalidArgument
//   code 700016 app not found in the tenant         → kNotFound
//   code 500011 resource (scope) not in the tenant  → kNotFound
//   code 7000112 application disabled               → kPermissionDenied
//   error invalid_client                            → kUnauthenticated
//   error invalid_tenant                            → kNotFound
//   error invalid_scope, invalid_request, unsupported_grant_type → kInvalidArgument
//   error unauthorized_client                       → kPermissionDenied
//   error invalid_resource                          → kNotFound
//   any other status                                → http::ErrorCodeForStatus (401
//                                                     kUnauthenticated, 403 kPermissionDenied,
//                                                     404 kNotFound, other 4xx mostly
//                                                     kInvalidArgument)
//   a non-JSON error body                           → as the status for 429 / 5xx, else kInternal
//   anything else (e.g. 3xx)                        → kInternal
// Error::message = "Entra token endpoint: HTTP <status> <error>: <first line of
// error_description>" (the description starts with "AADSTS<code>: "); it never contains the
// request's secrets, which the reply does not carry. Error::remote_code = "AADSTS<code>" when
// error_codes has an entry.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "auth/token_provider.hpp"
#include "core/result.hpp"
#include "http/http_transport.hpp"

namespace graphpost::auth {

// A 2xx reply becomes an AccessToken expiring at `now` + expires_in (a JSON number or a numeric
// string), with roles and tid decoded from the token's JWT payload when it is one. kInternal when
// a 2xx body lacks access_token or expires_in, or is not JSON. Non-2xx replies fail as the
// table above says.
[[nodiscard]] Result<AccessToken> ParseTokenResponse(const http::ClientResponse& response,
                                                     std::chrono::steady_clock::time_point now);

}  // namespace graphpost::auth
