// crypto/jwt.hpp — compact JWS (JWT) parsing, signing and signature checking for RS256 and PS256.
// Claim checks (aud, iss, exp, ...) belong to the caller: each protocol has its own rules and
// error vocabulary. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "core/result.hpp"
#include "crypto/keys.hpp"

namespace graphpost::crypto {

enum class JwtAlgorithm { kRs256, kPs256 };

struct ParsedJwt {
  boost::json::value header;   // an object
  boost::json::value payload;  // an object
  std::string signing_input;   // "<b64url header>.<b64url payload>"
  std::string signature;       // raw bytes
  std::string alg;             // header "alg" as sent
};

// Splits and decodes a compact JWT. kInvalidArgument with a precise reason (wrong number of
// parts, bad base64url, header or payload not a JSON object, missing "alg").
[[nodiscard]] Result<ParsedJwt> ParseJwt(std::string_view token);

// Signs `header` (gets "alg" set; "typ":"JWT" added when absent) and `payload` with `key`.
[[nodiscard]] Result<std::string> SignJwt(const boost::json::object& header,
                                          const boost::json::object& payload, const Key& key,
                                          JwtAlgorithm alg);

// Checks the signature of a parsed JWT with `key` (public or private). The algorithm comes from
// the parsed header and must be RS256 or PS256. kInvalidArgument for another algorithm,
// kUnauthenticated when the signature does not verify.
[[nodiscard]] Status VerifyJwtSignature(const ParsedJwt& jwt, const Key& key);

}  // namespace graphpost::crypto
