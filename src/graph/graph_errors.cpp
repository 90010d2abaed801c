#include "graph/graph_errors.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <string>

#include "core/ascii.hpp"
#include "core/json.hpp"

namespace graphpost::graph {
namespace {

constexpr std::size_t kMaxRemoteMessage = 1000;  // Graph messages are short; guard the log line

std::optional<int> ParseNumber(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<int> MonthNumber(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (AsciiIEquals(kMonths[i], name)) return static_cast<int>(i) + 1;
  }
  return std::nullopt;
}

// IMF-fixdate (RFC 9110 §5.6.7): "Sun, 06 Nov 1994 08:49:37 GMT". The obsolete RFC 850 and asctime
// forms are not produced by Microsoft services and are treated as malformed.
std::optional<WallTime> ParseHttpDate(std::string_view text) {
  text = TrimAscii(text);
  if (text.size() != 29 || text[3] != ',' || text.substr(25) != " GMT") return std::nullopt;
  auto day = ParseNumber(text.substr(5, 2));
  auto month = MonthNumber(text.substr(8, 3));
  auto year = ParseNumber(text.substr(12, 4));
  auto hour = ParseNumber(text.substr(17, 2));
  auto minute = ParseNumber(text.substr(20, 2));
  auto second = ParseNumber(text.substr(23, 2));
  if (!day || !month || !year || !hour || !minute || !second || text[19] != ':' ||
      text[22] != ':' || *hour > 23 || *minute > 59 || *second > 60) {
    return std::nullopt;
  }
  using namespace std::chrono;
  const year_month_day date{std::chrono::year{*year}, std::chrono::month{unsigned(*month)},
                            std::chrono::day{unsigned(*day)}};
  if (!date.ok()) return std::nullopt;
  return WallTime{sys_days{date} + hours{*hour} + minutes{*minute} + seconds{*second}};
}

std::optional<std::chrono::seconds> ParseDeltaSeconds(std::string_view text) {
  if (text.empty() || !(text[0] >= '0' && text[0] <= '9')) return std::nullopt;
  double value = 0;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value) ||
      value > 1e9) {
    return std::nullopt;
  }
  return std::chrono::seconds{static_cast<long long>(std::ceil(value))};
}

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
  error.code = ErrorCodeForStatus(response.status);
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
  if (auto date = response.headers.Get("Date")) {
    if (auto server_now = ParseHttpDate(*date)) now = server_now;
  }
  if (auto retry_after = response.headers.Get("Retry-After")) {
    error.retry_after = ParseRetryAfter(*retry_after, now);
  }
  return error;
}

}  // namespace

ErrorCode ErrorCodeForStatus(int status) {
  switch (status) {
    case 400:
      return ErrorCode::kInvalidArgument;
    case 401:
      return ErrorCode::kUnauthenticated;
    case 403:
      return ErrorCode::kPermissionDenied;
    case 404:
      return ErrorCode::kNotFound;
    case 408:
      return ErrorCode::kDeadlineExceeded;
    case 409:
    case 412:
      return ErrorCode::kFailedPrecondition;
    case 413:
      return ErrorCode::kInvalidArgument;
    case 429:
      return ErrorCode::kThrottled;
    case 504:  // the gateway gave up waiting; the back end may still have done it
      return ErrorCode::kDeadlineExceeded;
    default:
      break;
  }
  if (status >= 500 && status <= 599) return ErrorCode::kUnavailable;
  if (status >= 400 && status <= 499) return ErrorCode::kInvalidArgument;
  return ErrorCode::kInternal;
}

std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value,
                                                    std::optional<WallTime> now) {
  value = TrimAscii(value);
  if (auto delta = ParseDeltaSeconds(value)) return delta;
  auto date = ParseHttpDate(value);
  if (!date || !now) return std::nullopt;
  if (*date <= *now) return std::chrono::seconds{0};
  return std::chrono::ceil<std::chrono::seconds>(*date - *now);
}

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
