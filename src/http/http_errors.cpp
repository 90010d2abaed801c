// HTTP status and Retry-After, read once for every client; see http_errors.hpp.
#include "http/http_errors.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

#include "core/ascii.hpp"

namespace graphpost::http {
namespace {

// A server asking for more than a day is taken to mean a day: an absurd value must not park a
// credential or a lane for years.
constexpr double kMaxRetryAfter = 86400.0;

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
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return std::chrono::seconds{static_cast<long long>(std::ceil(std::min(value, kMaxRetryAfter)))};
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
  return std::min(std::chrono::ceil<std::chrono::seconds>(*date - *now),
                  std::chrono::seconds{static_cast<long long>(kMaxRetryAfter)});
}

std::optional<std::chrono::seconds> RetryAfterOf(const ClientResponse& response,
                                                 std::optional<WallTime> now) {
  std::optional<std::string_view> value = response.headers.Get("Retry-After");
  if (!value) return std::nullopt;
  if (auto date = response.headers.Get("Date")) {
    if (auto server_now = ParseHttpDate(*date)) now = server_now;
  }
  return ParseRetryAfter(*value, now);
}

}  // namespace graphpost::http
