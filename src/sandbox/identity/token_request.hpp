// sandbox/identity/token_request.hpp — the token endpoint's input: the form body (and an HTTP Basic
// client credential) decoded into fields, the tenant path segment classified, and the requested
// scope (v2) or resource (v1) resolved to Microsoft Graph. No tenant data is consulted here.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "http/message.hpp"
#include "sandbox/identity/ests_error.hpp"

namespace graphpost::sandbox::identity {

inline constexpr std::string_view kJwtBearerAssertionType =
    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

// Fields of a token request. Absent and empty form values are both nullopt; unknown parameters
// (msal-node sends telemetry and library versions) are ignored.
struct TokenRequest {
  std::optional<std::string> grant_type;
  std::optional<std::string> client_id;      // the form's, else the Basic user name
  std::optional<std::string> client_secret;  // the form's, else the Basic password (same client)
  std::optional<std::string> client_assertion;
  std::optional<std::string> client_assertion_type;
  std::optional<std::string> scope;
  std::optional<std::string> resource;           // v1 endpoint
  std::optional<std::string> client_request_id;  // form field, else header, else query
};

// Decodes the body (application/x-www-form-urlencoded, charset parameter ignored) and an
// `Authorization: Basic` header (both halves percent-decoded, RFC 6749 §2.3.1). The form's
// client_secret wins over the Basic one. kInvalidArgument when the body or header cannot be
// decoded (bad percent-escape, bad base64, no ':').
[[nodiscard]] Result<TokenRequest> ParseTokenRequest(const http::Request& request);

enum class TenantKind {
  kGuid,         // a well-formed, non-empty GUID
  kEmptyGuid,    // 00000000-0000-0000-0000-000000000000
  kDomain,       // a DNS-like name with at least two labels
  kMultiTenant,  // common, organizations, consumers
  kMalformed,    // anything else
};

// Classifies the {tenant} path segment (already percent-decoded).
TenantKind ClassifyTenant(std::string_view tenant);

// Checks a v2 `scope` value for the client-credentials grant: one `<resource>/.default`, OIDC
// scopes (openid profile offline_access email) tolerated next to it. Yields the resource named,
// or the ESTS error: 90014 missing, 70011 bad value, 1002012 no /.default, 700022 two resources.
// Whether the resource exists is checked later (IsGraphResource).
[[nodiscard]] Expected<std::string, EstsError> CheckScope(const std::optional<std::string>& scope);

// True when `resource` names Microsoft Graph: https://graph.microsoft.com (any case, trailing
// slashes ignored) or its app id 00000003-0000-0000-c000-000000000000.
bool IsGraphResource(std::string_view resource);

}  // namespace graphpost::sandbox::identity
