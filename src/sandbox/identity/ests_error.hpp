// sandbox/identity/ests_error.hpp — the errors the sandbox's Entra token service (ESTS) answers
// with: one constructor per AADSTS case (status, OAuth `error`, code and message as Entra sends
// them, protocol.md §1.4–1.5), and the JSON body + headers every error is wrapped in. Messages
// marked UNCONFIRMED in the .cpp are best guesses. Pure functions; thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/time_format.hpp"
#include "http/message.hpp"

namespace graphpost::sandbox::identity {

struct EstsError {
  int status = 400;
  std::string error;    // OAuth error, e.g. "invalid_client"
  int code = 0;         // the AADSTS number
  std::string message;  // the text after "AADSTS<code>: "
  std::optional<std::chrono::seconds> retry_after;
};

// Per-request values that appear in every error body.
struct EstsRequestContext {
  std::string trace_id;        // also the x-ms-request-id header
  std::string correlation_id;  // the client's client-request-id, or a new GUID
  WallTime now;
};

// The ESTS error body ({"error","error_description","error_codes","timestamp","trace_id",
// "correlation_id","error_uri"}) with the no-cache headers of a token response.
http::Response RenderEstsError(const EstsError& error, const EstsRequestContext& context);

// The headers ESTS puts on every token-endpoint answer, success or error.
void SetEstsHeaders(http::Response& response, const EstsRequestContext& context);

// --- Request shape -------------------------------------------------------------------------
EstsError MethodNotAllowed(std::string_view method);          // 400 900561
EstsError MalformedRequest();                                 // 400 9002313
EstsError MissingParameter(std::string_view name);            // 400 900144
EstsError UnsupportedGrantType(std::string_view grant_type);  // 400 70003
EstsError GrantNotSupportedOverCommon();                      // 400 9001023
EstsError InvalidAssertionType();                             // 400 90011

// --- Tenant --------------------------------------------------------------------------------
EstsError MalformedTenant(std::string_view tenant);  // 400 900023
EstsError EmptyGuidTenant();                         // 400 90002
EstsError TenantNotFound(std::string_view tenant);   // 400 90002

// --- Scope / resource ----------------------------------------------------------------------
EstsError MissingScope();                                                             // 400 90014
EstsError InvalidScope(std::string_view scope);                                       // 400 70011
EstsError ScopeWithoutDefault(std::string_view scope);                                // 400 1002012
EstsError MultipleResources(std::string_view scope);                                  // 400 700022
EstsError ResourceNotFound(std::string_view resource, std::string_view tenant_name);  // 500011

// --- Client -----------------------------------------------------------------------------------
EstsError ApplicationNotFound(std::string_view app_id, std::string_view tenant_name);   // 700016
EstsError ApplicationDisabled(std::string_view app_id, std::string_view display_name);  // 7000112
EstsError MissingClientCredential();                     // 401 7000218
EstsError InvalidClientSecret(std::string_view app_id);  // 401 7000215
EstsError ExpiredClientSecret(std::string_view app_id);  // 401 7000222

// --- Client assertion (all 401 invalid_client) ---------------------------------------------
EstsError MalformedAssertion();                     // 50027
EstsError AssertionWithoutThumbprint();             // 50027
EstsError AssertionReplayed(std::string_view jti);  // 50027 (UNCONFIRMED)
EstsError CertificateNotRegistered(std::string_view thumbprint_hex, std::string_view app_id);
EstsError CertificateExpired(std::string_view thumbprint_hex, WallTime start, WallTime end);
EstsError AssertionSignatureInvalid();                                          // 700027
EstsError AssertionIssuerMismatch();                                            // 700021
EstsError AssertionAudienceMismatch();                                          // 700023
EstsError AssertionOutsideTimeRange(WallTime now, WallTime nbf, WallTime exp);  // 700024

// --- Service --------------------------------------------------------------------------------
EstsError TemporarilyUnavailable(std::chrono::seconds retry_after);  // 503 90033
EstsError ServerError(std::string_view detail);                      // 500 (sandbox bug)

}  // namespace graphpost::sandbox::identity
