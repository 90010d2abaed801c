// Texts follow protocol.md §1.4–1.5 and the live ESTS answers quoted in public issues. Where no
// live text was found the message is a best guess and says UNCONFIRMED here.
#include "sandbox/identity/ests_error.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/json.hpp"

namespace graphpost::sandbox::identity {
namespace {

constexpr std::string_view kCertDocs =
    "Review the documentation at "
    "https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-"
    "credentials .";

EstsError Make(int status, std::string_view error, int code, std::string message) {
  return EstsError{status, std::string(error), code, std::move(message), std::nullopt};
}

EstsError BadRequest(std::string_view error, int code, std::string message) {
  return Make(400, error, code, std::move(message));
}

EstsError InvalidClient(int code, std::string message) {
  return Make(401, "invalid_client", code, std::move(message));
}

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

}  // namespace

void SetEstsHeaders(http::Response& response, const EstsRequestContext& context) {
  response.headers.Set("Cache-Control", "no-store, no-cache");
  response.headers.Set("Pragma", "no-cache");
  response.headers.Set("Expires", "-1");
  response.headers.Set("x-ms-request-id", context.trace_id);
  response.headers.Set("x-ms-ests-server", "2.1.0.0 - SANDBOX ProdSlices");
  response.headers.Set("Content-Type", "application/json; charset=utf-8");
}

http::Response RenderEstsError(const EstsError& error, const EstsRequestContext& context) {
  std::string timestamp = FormatEstsTimestamp(context.now);
  std::string code = std::to_string(error.code);
  json::object body;
  body["error"] = error.error;
  body["error_description"] =
      "AADSTS" + code + ": " + error.message + "\r\nTrace ID: " + context.trace_id +
      "\r\nCorrelation ID: " + context.correlation_id + "\r\nTimestamp: " + timestamp;
  body["error_codes"] = json::array{error.code};
  body["timestamp"] = timestamp;
  body["trace_id"] = context.trace_id;
  body["correlation_id"] = context.correlation_id;
  body["error_uri"] = "https://login.microsoftonline.com/error?code=" + code;
  http::Response response;
  response.status = error.status;
  response.body = ToJson(body);
  SetEstsHeaders(response, context);
  if (error.retry_after) {
    response.headers.Set("Retry-After", std::to_string(error.retry_after->count()));
  }
  return response;
}

EstsError MethodNotAllowed(std::string_view method) {
  return BadRequest("invalid_request", 900561,
                    "The endpoint only accepts POST, OPTIONS requests. Received a " +
                        std::string(method) + " request.");
}

// UNCONFIRMED: which code ESTS uses for an undecodable form body or Basic header.
EstsError MalformedRequest() {
  return BadRequest("invalid_request", 9002313,
                    "Invalid request. Request is malformed or invalid.");
}

EstsError MissingParameter(std::string_view name) {
  return BadRequest("invalid_request", 900144,
                    "The request body must contain the following parameter: " + Quoted(name) + ".");
}

EstsError UnsupportedGrantType(std::string_view grant_type) {
  return BadRequest("unsupported_grant_type", 70003,
                    "The app requested an unsupported grant type " + Quoted(grant_type) + ".");
}

EstsError GrantNotSupportedOverCommon() {
  return BadRequest("invalid_request", 9001023,
                    "The grant type is not supported over the /common or /consumers endpoints. "
                    "Please use the /organizations or tenant-specific endpoint.");
}

EstsError InvalidAssertionType() {
  return BadRequest("invalid_request", 90011, "Unexpected client assertion type.");
}

EstsError MalformedTenant(std::string_view tenant) {
  return BadRequest("invalid_request", 900023,
                    "Specified tenant identifier " + Quoted(tenant) +
                        " is neither a valid DNS name, nor a valid external domain.");
}

EstsError EmptyGuidTenant() {
  return BadRequest("invalid_tenant", 90002,
                    "Requested tenant identifier '00000000-0000-0000-0000-000000000000' is not "
                    "valid. Tenant identifiers may not be an empty GUID.");
}

EstsError TenantNotFound(std::string_view tenant) {
  return BadRequest("invalid_tenant", 90002,
                    "Tenant " + Quoted(tenant) +
                        " not found. Check to make sure you have the correct tenant ID and are "
                        "signing into the correct cloud. Check with your subscription "
                        "administrator, this may happen if there are no active subscriptions for "
                        "the tenant.");
}

EstsError MissingScope() {
  return BadRequest("invalid_request", 90014,
                    "The required field 'scope' is missing from the credential. Ensure that you "
                    "have all the necessary parameters for the login request.");
}

EstsError InvalidScope(std::string_view scope) {
  return BadRequest("invalid_scope", 70011,
                    "The provided value for the input parameter 'scope' is not valid. The scope " +
                        std::string(scope) + " is not valid.");
}

EstsError ScopeWithoutDefault(std::string_view scope) {
  return BadRequest("invalid_scope", 1002012,
                    "The provided value for scope " + std::string(scope) +
                        " is not valid. Client credential flows must have a scope value with "
                        "/.default suffixed to the resource identifier (application ID URI).");
}

EstsError MultipleResources(std::string_view scope) {
  return BadRequest("invalid_scope", 700022,
                    "The provided value for the input parameter scope is not valid because it "
                    "contains more than one resource. Scope " +
                        std::string(scope) + " is not valid.");
}

EstsError ResourceNotFound(std::string_view resource, std::string_view tenant_name) {
  return BadRequest("invalid_resource", 500011,
                    "The resource principal named " + std::string(resource) +
                        " was not found in the tenant named " + std::string(tenant_name) +
                        ". This can happen if the application has not been installed by the "
                        "administrator of the tenant or consented to by any user in the tenant. "
                        "You might have sent your authentication request to the wrong tenant.");
}

EstsError ApplicationNotFound(std::string_view app_id, std::string_view tenant_name) {
  return BadRequest("unauthorized_client", 700016,
                    "Application with identifier " + Quoted(app_id) +
                        " was not found in the directory " + Quoted(tenant_name) +
                        ". This can happen if the application has not been installed by the "
                        "administrator of the tenant or consented to by any user in the tenant. "
                        "You may have sent your authentication request to the wrong tenant.");
}

// Live text: "Application '<id>'(<name>) is disabled." The status is UNCONFIRMED (400 chosen).
EstsError ApplicationDisabled(std::string_view app_id, std::string_view display_name) {
  return BadRequest(
      "unauthorized_client", 7000112,
      "Application " + Quoted(app_id) + "(" + std::string(display_name) + ") is disabled.");
}

EstsError MissingClientCredential() {
  return InvalidClient(7000218,
                       "The request body must contain the following parameter: "
                       "'client_assertion' or 'client_secret'.");
}

EstsError InvalidClientSecret(std::string_view app_id) {
  return InvalidClient(7000215,
                       "Invalid client secret provided. Ensure the secret being sent in the "
                       "request is the client secret value, not the client secret ID, for a "
                       "secret added to app " +
                           Quoted(app_id) + ".");
}

EstsError ExpiredClientSecret(std::string_view app_id) {
  return InvalidClient(7000222,
                       "The provided client secret keys for app " + Quoted(app_id) +
                           " are expired. Visit the Azure portal to create new keys for your app: "
                           "https://aka.ms/NewClientSecret, or consider using certificate "
                           "credentials for added security: https://aka.ms/certCreds.");
}

EstsError MalformedAssertion() {
  return InvalidClient(50027, "JWT token is invalid or malformed.");
}

EstsError AssertionWithoutThumbprint() {
  return InvalidClient(50027,
                       "Invalid JWT token. No certificate thumbprint specified in token header.");
}

// UNCONFIRMED: no live ESTS text for a reused jti was found; 50027 (invalid JWT) is our choice.
EstsError AssertionReplayed(std::string_view jti) {
  return InvalidClient(50027, "Invalid JWT token. The client assertion's jti " + Quoted(jti) +
                                  " was already used by a different assertion; every client "
                                  "assertion needs a unique jti.");
}

EstsError CertificateNotRegistered(std::string_view thumbprint_hex, std::string_view app_id) {
  return InvalidClient(
      700027,
      "The certificate with identifier used to sign the client assertion is not "
      "registered on application. [Reason - The key was not found., Thumbprint of key "
      "used by client: " +
          Quoted(thumbprint_hex) +
          ", Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see "
          "configured keys for app Id " +
          Quoted(app_id) +
          ". Review the documentation at https://docs.microsoft.com/en-us/graph/"
          "deployments#app-registration-and-token-service-root-endpoints to learn about "
          "the national clouds.]");
}

// UNCONFIRMED wording for a registered but expired certificate.
EstsError CertificateExpired(std::string_view thumbprint_hex, WallTime start, WallTime end) {
  return InvalidClient(700027,
                       "Client assertion contains an invalid signature. [Reason - The key "
                       "used is expired., Thumbprint of key used by client: " +
                           Quoted(thumbprint_hex) + ", Found key 'Start=" + FormatIso8601(start) +
                           ", End=" + FormatIso8601(end) + "']");
}

EstsError AssertionSignatureInvalid() {
  return InvalidClient(700027, "Client assertion failed signature validation.");
}

EstsError AssertionIssuerMismatch() {
  return InvalidClient(700021,
                       "Client assertion application identifier doesn't match 'client_id' "
                       "parameter. " +
                           std::string(kCertDocs));
}

EstsError AssertionAudienceMismatch() {
  return InvalidClient(700023, "Client assertion audience claim does not match Realm issuer. " +
                                   std::string(kCertDocs));
}

EstsError AssertionOutsideTimeRange(WallTime now, WallTime nbf, WallTime exp) {
  return InvalidClient(700024,
                       "Client assertion is not within its valid time range. Current "
                       "time: " +
                           FormatIso8601Fraction(now) + ", assertion valid from " +
                           FormatIso8601Fraction(nbf) + ", expiry time of assertion " +
                           FormatIso8601Fraction(exp) +
                           ". Review the documentation at "
                           "https://learn.microsoft.com/entra/identity-platform/"
                           "certificate-credentials .");
}

// Live capture (azure-sdk-for-python#14241): 503 temporarily_unavailable AADSTS90033. ESTS does
// not always send Retry-After; the sandbox does, so clients can be tested against it.
EstsError TemporarilyUnavailable(std::chrono::seconds retry_after) {
  EstsError e = Make(503, "temporarily_unavailable", 90033,
                     "A transient error has occurred. Please try again.");
  e.retry_after = retry_after;
  return e;
}

EstsError ServerError(std::string_view detail) {
  return Make(500, "server_error", 50000,
              "There was an error issuing a token or an issue with our sign-in service. "
              "(sandbox: " +
                  std::string(detail) + ")");
}

}  // namespace graphpost::sandbox::identity
