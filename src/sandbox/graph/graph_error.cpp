#include "sandbox/graph/graph_error.hpp"

#include "core/ids.hpp"
#include "core/json.hpp"

namespace graphpost::sandbox::graph {
namespace {

GraphError Make(int status, std::string code, std::string message) {
  return GraphError{status, std::move(code), std::move(message), std::nullopt, {}};
}

constexpr std::string_view kWwwAuthenticate =
    "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/"
    "authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"";

}  // namespace

void AddGraphHeaders(http::Response& response, const ResponseContext& context) {
  response.headers.Set("request-id", context.request_id);
  response.headers.Set("client-request-id", context.client_request_id);
  response.headers.Set("Cache-Control", "private");
}

http::Response GraphJson(int status, const boost::json::value& body,
                         const ResponseContext& context) {
  http::Response response =
      http::MakeResponse(status, std::string(kGraphJsonContentType), ToJson(body));
  AddGraphHeaders(response, context);
  return response;
}

http::Response GraphEmpty(int status, const ResponseContext& context) {
  http::Response response;
  response.status = status;
  AddGraphHeaders(response, context);
  return response;
}

ResponseContext NewResponseContext(const http::Request& request, Clock& clock, Random& random) {
  ResponseContext context;
  context.request_id = NewGuid(random);
  auto client_id = request.headers.Get("client-request-id");
  context.client_request_id =
      client_id && !client_id->empty() ? std::string(*client_id) : context.request_id;
  context.now = clock.WallNow();
  return context;
}

http::Response RenderGraphError(const GraphError& error, const ResponseContext& context) {
  boost::json::object body = error.extra;
  body["error"] = boost::json::object{
      {"code", error.code},
      {"message", error.message},
      {"innerError", boost::json::object{{"date", FormatGraphErrorDate(context.now)},
                                         {"request-id", context.request_id},
                                         {"client-request-id", context.client_request_id}}}};
  http::Response response = GraphJson(error.status, body, context);
  if (error.status == 401) response.headers.Set("WWW-Authenticate", std::string(kWwwAuthenticate));
  if (error.retry_after) response.headers.Set("Retry-After", *error.retry_after);
  return response;
}

namespace errors {

GraphError TokenInvalid(std::string message) {
  return Make(401, "InvalidAuthenticationToken", std::move(message));
}
GraphError NoPermissionsInToken() {
  return Make(401, "NoPermissionsInAccessToken",
              "The token contains no permissions, or permissions can not be understood.");
}
GraphError AccessDenied() {
  return Make(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
}
GraphError AccessPolicyDenied() {
  return Make(403, "ErrorAccessDenied",
              "Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly "
              "AccessPolicy settings.");
}
GraphError MeRequest() {
  return Make(400, "BadRequest", "/me request is only valid with delegated authentication flow.");
}
GraphError InvalidUser(std::string_view identifier) {
  return Make(404, "ErrorInvalidUser",
              "The requested user '" + std::string(identifier) + "' is invalid.");
}
GraphError MailboxNotEnabled() {
  return Make(404, "MailboxNotEnabledForRESTAPI",
              "The mailbox is either inactive, soft-deleted, or is hosted on-premise.");
}
GraphError UserNotFound(std::string_view identifier) {
  // Directory (not Exchange) wording for GET /users/{x}.
  return Make(404, "Request_ResourceNotFound",
              "Resource '" + std::string(identifier) +
                  "' does not exist or one of its queried reference-property objects are not "
                  "present.");
}
GraphError ItemNotFound() {
  return Make(404, "ErrorItemNotFound", "The specified object was not found in the store.");
}
GraphError InvalidJson() {
  return Make(400, "BadRequest",
              "Unable to read JSON request payload. Please ensure Content-Type header is set and "
              "payload is of valid JSON format.");
}
GraphError BadRequest(std::string message) { return Make(400, "BadRequest", std::move(message)); }
GraphError SegmentNotFound(std::string_view segment) {
  return Make(400, "BadRequest",
              "Resource not found for the segment '" + std::string(segment) + "'.");
}
GraphError MethodNotAllowed() {
  // UNCONFIRMED: code and text for a verb a Graph mail resource does not support.
  return Make(405, "Request_BadRequest",
              "Specified HTTP method is not allowed for the request target.");
}
GraphError NoRecipients() {
  return Make(400, "ErrorInvalidRecipients",
              "At least one recipient is not valid., A message can't be sent because it contains "
              "no recipients.");
}
GraphError UnresolvedRecipient(std::string_view recipient) {
  return Make(400, "ErrorInvalidRecipients",
              "At least one recipient is not valid., Recipient '" + std::string(recipient) +
                  "' is not resolved. All recipients must be resolved before a message can be "
                  "submitted.");
}
GraphError TooManyRecipients(int max_recipients) {
  // UNCONFIRMED: Exchange's per-message recipient limit surfaces as an NDR
  // (5.5.3 RecipLimit) in Outlook; the Graph rejection text is our best guess.
  return Make(400, "ErrorInvalidRecipients",
              "At least one recipient is not valid., The message exceeds the maximum number of "
              "recipients (" +
                  std::to_string(max_recipients) + ") per message.");
}
GraphError InvalidHeaderName(std::string_view name) {
  return Make(400, "InvalidInternetMessageHeader",
              "The internet message header name '" + std::string(name) +
                  "' should start with 'x-' or 'X-'.");
}
GraphError InvalidMimeBase64() {
  return Make(400, "ErrorMimeContentInvalidBase64String",
              "Invalid base64 string for MIME content.");
}
GraphError InvalidMime() {
  // UNCONFIRMED code; the message is the documented one.
  return Make(400, "ErrorMimeContentInvalid",
              "MIME content does not contain all required information, malformed formatting, or "
              "empty.");
}
GraphError RequestTooLarge(std::size_t max_bytes) {
  // UNCONFIRMED status: both 400 and 413 are reported for this text; 413 chosen.
  return Make(413, "BadRequest",
              "The maximum request length supported is " +
                  std::to_string(max_bytes / (1024 * 1024)) + "MB.");
}
GraphError MessageSizeExceeded() {
  return Make(400, "ErrorMessageSizeExceeded", "The message exceeds the maximum supported size.");
}
GraphError AttachmentSaveSizeExceeded() {
  return Make(400, "ErrorMessageSizeExceeded",
              "The message exceeds the maximum supported size., Cannot save changes made to an "
              "item to store.");
}
GraphError AttachmentTooSmall() {
  // UNCONFIRMED message; the code is documented.
  return Make(400, "ErrorAttachmentSizeShouldNotBeLessThanMinimumSize",
              "Attachment size should not be less than the minimum size of 3 MB. Use a "
              "fileAttachment POST for smaller files.");
}
GraphError SendAsDenied() {
  return Make(403, "ErrorSendAsDenied",
              "The user account which was used to submit this request does not have the right to "
              "send mail on behalf of the specified sending account. Cannot submit message.");
}
GraphError InefficientFilter(std::string message) {
  return Make(400, "InefficientFilter", std::move(message));
}
GraphError ApplicationThrottled(std::chrono::seconds retry_after) {
  GraphError e =
      Make(429, "ApplicationThrottled", "Application is over its MailboxConcurrency limit.");
  e.retry_after = std::to_string(retry_after.count());
  return e;
}
GraphError BatchInvalid(std::string message) {
  // UNCONFIRMED: Graph's texts for each way a batch body can be malformed; the code is BadRequest.
  return Make(400, "BadRequest", std::move(message));
}
GraphError BatchTooManyRequests() {
  return Make(400, "BadRequest", "Number of requests inside batch exceeds the limit.");
}
GraphError FailedDependency(std::string_view dependency_id) {
  // UNCONFIRMED: the status (424) is documented; the code and text are not.
  return Make(424, "FailedDependency",
              "The request depends on request '" + std::string(dependency_id) + "', which failed.");
}
GraphError InjectedFault(int status) {
  GraphError e;
  if (status == 429) {
    e = Make(429, "TooManyRequests", "Please retry again later.");
    e.retry_after = "1";
  } else if (status == 504) {
    e = Make(504, "timeout", "The operation timed out before it could be completed.");
  } else {
    e = Make(status, "serviceNotAvailable",
             "The service is temporarily unavailable. Please retry after a short delay.");
    e.retry_after = "1";
  }
  return e;
}

GraphError NotDurable(std::string_view detail) {
  // A sandbox-only condition (disk full, I/O error): Graph's generic 500 shape.
  return Make(500, "ErrorInternalServerError",
              "The sandbox could not save this change: " + std::string(detail));
}

}  // namespace errors
}  // namespace graphpost::sandbox::graph
