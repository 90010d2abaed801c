#include "graph/graph_errors.hpp"

#include <string>

#include "core/json.hpp"
#include "http/http_errors.hpp"

namespace graphpost::graph {
namespace {

constexpr std::size_t kMaxRemoteMessage = 1000;  // Graph messages are short; guard the log line

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 411:
      return "Length Required";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Request Entity Too Large";
    case 415:
      return "Unsupported Media Type";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "HTTP error";
  }
}

// The remote code and message from a Graph envelope {"error":{"code","message"}} or an OAuth-style
// {"error":"...","error_description":"..."}.
std::pair<std::string, std::string> RemoteCodeAndMessage(std::string_view body) {
  auto parsed = ParseJson(body);
  if (!parsed) return {};
  if (const json::object* error = JsonObject(*parsed, "error")) {
    const json::value envelope(*error);
    return {JsonString(envelope, "code").value_or(""),
            JsonString(envelope, "message").value_or("")};
  }
  if (auto code = JsonString(*parsed, "error")) {
    return {*code, JsonString(*parsed, "error_description").value_or("")};
  }
  return {};
}

// One line, bounded: remote text ends up in logs and terminal output.
std::string Sanitize(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  if (text.size() > kMaxRemoteMessage) text = text.substr(0, kMaxRemoteMessage) + "...";
  return text;
}

Error Classify(const http::ClientResponse& response, std::string_view operation,
               std::optional<WallTime> now) {
  Error error;
  error.code = http::ErrorCodeForStatus(response.status);
  auto [code, message] = RemoteCodeAndMessage(response.body);
  error.remote_code = Sanitize(code);
  std::string text = std::string(operation) + ": " + std::to_string(response.status) + " ";
  if (code.empty()) {
    text += ReasonPhrase(response.status);
    if (!message.empty()) text += ": " + Sanitize(message);
  } else {
    text += error.remote_code + ": " + Sanitize(message);
  }
  error.message = std::move(text);
  error.retry_after = http::RetryAfterOf(response, now);
  return error;
}

}  // namespace

Error ClassifyGraphResponse(const http::ClientResponse& response, std::string_view operation) {
  return Classify(response, operation, std::nullopt);
}

Error ClassifyGraphResponse(const http::ClientResponse& response, std::string_view operation,
                            WallTime now) {
  return Classify(response, operation, now);
}

Error ClassifyTransportError(const Error& transport_error, std::string_view operation) {
  Error error = transport_error;
  error.message = std::string(operation) + ": " + transport_error.message;
  return error;
}

}  // namespace graphpost::graph
