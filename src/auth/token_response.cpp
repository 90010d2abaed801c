#include "auth/token_response.hpp"

#include <array>
#include <cmath>
#include <cstdlib>
#include <string>

#include "core/ascii.hpp"
#include "core/json.hpp"
#include "crypto/jwt.hpp"
#include "http/http_errors.hpp"

namespace graphpost::auth {
namespace {

// Longest description line kept in an Error message.
constexpr std::size_t kMaxDescription = 400;

struct CodeRow {
  long long code;
  ErrorCode error_code;
};

// AADSTS codes that decide the class on their own (the table in token_response.hpp).
constexpr std::array<CodeRow, 15> kCodeRows{{
    {7000215, ErrorCode::kUnauthenticated},   // wrong client secret
    {7000222, ErrorCode::kUnauthenticated},   // expired client secret
    {7000218, ErrorCode::kUnauthenticated},   // neither secret nor assertion
    {7000216, ErrorCode::kUnauthenticated},   // neither secret nor assertion (variant)
    {700027, ErrorCode::kUnauthenticated},    // certificate not registered / bad signature
    {700021, ErrorCode::kUnauthenticated},    // assertion iss/sub != client_id
    {700023, ErrorCode::kUnauthenticated},    // assertion aud
    {700024, ErrorCode::kUnauthenticated},    // assertion outside its time range
    {50027, ErrorCode::kUnauthenticated},     // malformed assertion JWT
    {90002, ErrorCode::kNotFound},            // tenant not found
    {900023, ErrorCode::kInvalidArgument},    // malformed tenant identifier
    {9001023, ErrorCode::kInvalidArgument},   // /common or /consumers endpoint
    {700016, ErrorCode::kNotFound},           // application not found in the tenant
    {500011, ErrorCode::kNotFound},           // resource principal not found in the tenant
    {7000112, ErrorCode::kPermissionDenied},  // application disabled
}};

struct NameRow {
  std::string_view error;
  ErrorCode error_code;
};

constexpr std::array<NameRow, 7> kNameRows{{
    {"invalid_client", ErrorCode::kUnauthenticated},
    {"invalid_tenant", ErrorCode::kNotFound},
    {"invalid_scope", ErrorCode::kInvalidArgument},
    {"invalid_request", ErrorCode::kInvalidArgument},
    {"unsupported_grant_type", ErrorCode::kInvalidArgument},
    {"unauthorized_client", ErrorCode::kPermissionDenied},
    {"invalid_resource", ErrorCode::kNotFound},
}};

// The fields of an OAuth error body that classification and messages use.
struct EntraError {
  std::string error;
  std::string description;  // first line only
  std::optional<long long> code;
};

std::string FirstLine(std::string_view text) {
  std::string_view line = text.substr(0, text.find_first_of("\r\n"));
  line = TrimAscii(line);
  if (line.size() > kMaxDescription) return std::string(line.substr(0, kMaxDescription)) + "...";
  return std::string(line);
}

std::optional<long long> FirstErrorCode(const json::value& body) {
  const json::array* codes = JsonArray(body, "error_codes");
  if (codes == nullptr || codes->empty()) return std::nullopt;
  const json::value& first = codes->front();
  if (first.is_int64()) return first.as_int64();
  if (first.is_uint64()) return static_cast<long long>(first.as_uint64());
  return std::nullopt;
}

std::optional<EntraError> ReadEntraError(std::string_view body) {
  auto parsed = ParseJson(body);
  if (!parsed || !parsed->is_object()) return std::nullopt;
  return EntraError{JsonString(*parsed, "error").value_or(""),
                    FirstLine(JsonString(*parsed, "error_description").value_or("")),
                    FirstErrorCode(*parsed)};
}

ErrorCode Classify(int status, const EntraError& entra) {
  if (status == 429 || status >= 500) return http::ErrorCodeForStatus(status);
  for (const CodeRow& row : kCodeRows) {
    if (entra.code == row.code) return row.error_code;
  }
  for (const NameRow& row : kNameRows) {
    if (entra.error == row.error) return row.error_code;
  }
  return http::ErrorCodeForStatus(status);
}

std::string DescribeEntraError(int status, const EntraError& entra) {
  std::string message = "Entra token endpoint: HTTP " + std::to_string(status);
  if (!entra.error.empty()) message += " " + entra.error;
  if (!entra.description.empty()) {
    message += ": " + entra.description;
  } else if (entra.code) {
    message += ": AADSTS" + std::to_string(*entra.code);
  }
  return message;
}

Error FailureFromResponse(const http::ClientResponse& response) {
  Error error;
  error.retry_after = http::RetryAfterOf(response, std::nullopt);
  std::optional<EntraError> entra = ReadEntraError(response.body);
  if (!entra) {
    // Not an OAuth error: a proxy or an outage page. Retry what the status says is transient;
    // anything else is not the caller's input at fault.
    const ErrorCode by_status = http::ErrorCodeForStatus(response.status);
    error.code = IsRetryable(Error{by_status}) ? by_status : ErrorCode::kInternal;
    error.message = "Entra token endpoint: HTTP " + std::to_string(response.status) +
                    " with a body that is not an OAuth error (JSON)";
    return error;
  }
  error.code = Classify(response.status, *entra);
  error.message = DescribeEntraError(response.status, *entra);
  if (entra->code) error.remote_code = "AADSTS" + std::to_string(*entra->code);
  return error;
}

std::optional<long long> ExpiresIn(const json::value& body) {
  const json::object& object = body.as_object();
  auto it = object.find("expires_in");
  if (it == object.end()) return std::nullopt;
  const json::value& value = it->value();
  if (value.is_int64()) return value.as_int64();
  if (value.is_uint64()) return static_cast<long long>(value.as_uint64());
  if (value.is_double()) return static_cast<long long>(value.as_double());
  if (!value.is_string()) return std::nullopt;
  std::string text(value.as_string());
  char* end = nullptr;
  long long seconds = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || end != text.c_str() + text.size()) return std::nullopt;
  return seconds;
}

// Fills roles and tenant_id from the token's payload, if it is a JWT. Not verified: Graph checks
// the token; these fields only help diagnose.
void DecodeClaims(AccessToken& token) {
  auto jwt = crypto::ParseJwt(token.value.Reveal());
  if (!jwt) return;
  token.tenant_id = JsonString(jwt->payload, "tid").value_or("");
  const json::array* roles = JsonArray(jwt->payload, "roles");
  if (roles == nullptr) return;
  for (const json::value& role : *roles) {
    if (role.is_string()) token.roles.emplace_back(role.as_string());
  }
}

Result<AccessToken> TokenFromSuccess(const http::ClientResponse& response,
                                     std::chrono::steady_clock::time_point now) {
  auto body = ParseJson(response.body);
  if (!body || !body->is_object()) {
    return Fail(ErrorCode::kInternal, "Entra token endpoint: HTTP " +
                                          std::to_string(response.status) + " body is not JSON");
  }
  std::optional<std::string> access_token = JsonString(*body, "access_token");
  std::optional<long long> expires_in = ExpiresIn(*body);
  if (!access_token || access_token->empty() || !expires_in || *expires_in < 0) {
    return Fail(ErrorCode::kInternal,
                "Entra token endpoint: success reply without access_token or expires_in");
  }
  std::optional<std::string> type = JsonString(*body, "token_type");
  if (type && !AsciiIEquals(*type, "Bearer")) {
    return Fail(ErrorCode::kInternal,
                "Entra token endpoint: token_type '" + *type + "' is not Bearer");
  }
  AccessToken token;
  token.value = Secret(*std::move(access_token));
  token.expires_at = now + std::chrono::seconds(*expires_in);
  DecodeClaims(token);
  return token;
}

}  // namespace

Result<AccessToken> ParseTokenResponse(const http::ClientResponse& response,
                                       std::chrono::steady_clock::time_point now) {
  if (response.status >= 200 && response.status < 300) return TokenFromSuccess(response, now);
  return Fail(FailureFromResponse(response));
}

}  // namespace graphpost::auth
