#include "core/time_format.hpp"

#include <cstdio>
#include <ctime>

namespace graphpost {
namespace {

std::tm ToTm(WallTime t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return tm;
}

std::string Strftime(WallTime t, const char* format) {
  std::tm tm = ToTm(t);
  char buf[64];
  std::size_t n = std::strftime(buf, sizeof buf, format, &tm);
  return std::string(buf, n);
}

bool Digits(std::string_view s, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

}  // namespace

std::string FormatIso8601(WallTime t) { return Strftime(t, "%Y-%m-%dT%H:%M:%SZ"); }
std::string FormatGraphErrorDate(WallTime t) { return Strftime(t, "%Y-%m-%dT%H:%M:%S"); }
std::string FormatEstsTimestamp(WallTime t) { return Strftime(t, "%Y-%m-%d %H:%M:%SZ"); }
std::string FormatHttpDate(WallTime t) { return Strftime(t, "%a, %d %b %Y %H:%M:%S GMT"); }
std::string FormatDate(WallTime t) { return Strftime(t, "%Y-%m-%d"); }

std::string FormatIso8601Fraction(WallTime t) {
  auto since = t.time_since_epoch();
  auto ticks = std::chrono::duration_cast<std::chrono::nanoseconds>(since).count() % 1000000000;
  if (ticks < 0) ticks += 1000000000;
  char frac[16];
  std::snprintf(frac, sizeof frac, "%07lld", static_cast<long long>(ticks / 100));
  return Strftime(t, "%Y-%m-%dT%H:%M:%S") + "." + frac + "Z";
}

std::optional<WallTime> ParseIso8601(std::string_view s) {
  int year, month, day, hour = 0, minute = 0, second = 0;
  if (!Digits(s, 0, 4, year) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2, month) ||
      s[7] != '-' || !Digits(s, 8, 2, day)) {
    return std::nullopt;
  }
  std::size_t pos = 10;
  long long nanos = 0;
  int offset_minutes = 0;
  if (pos < s.size()) {
    if ((s[pos] != 'T' && s[pos] != ' ') || !Digits(s, pos + 1, 2, hour) || s.size() < pos + 9 ||
        s[pos + 3] != ':' || !Digits(s, pos + 4, 2, minute) || s[pos + 6] != ':' ||
        !Digits(s, pos + 7, 2, second)) {
      return std::nullopt;
    }
    pos += 9;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      long long scale = 100000000;
      std::size_t start = pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        nanos += (s[pos] - '0') * scale;
        scale /= 10;
        ++pos;
      }
      if (pos == start) return std::nullopt;
    }
    if (pos < s.size() && s[pos] == 'Z') {
      ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
      int oh, om;
      if (!Digits(s, pos + 1, 2, oh) || s.size() < pos + 6 || s[pos + 3] != ':' ||
          !Digits(s, pos + 4, 2, om)) {
        return std::nullopt;
      }
      offset_minutes = (s[pos] == '+' ? 1 : -1) * (oh * 60 + om);
      pos += 6;
    }
    if (pos != s.size()) return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  // WallTime counts nanoseconds in 64 bits: 1677-09-21 to 2262-04-11. Outside, the sum below
  // would overflow (undefined behaviour), so such years are refused like a malformed date.
  if (year < kMinIsoYear || year > kMaxIsoYear) return std::nullopt;
  using namespace std::chrono;
  auto ymd =
      year_month_day{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                     std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return std::nullopt;
  WallTime t =
      sys_days{ymd} + hours{hour} + minutes{minute} + seconds{second} - minutes{offset_minutes};
  return t + duration_cast<system_clock::duration>(nanoseconds{nanos});
}

long long ToUnixSeconds(WallTime t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

WallTime FromUnixSeconds(long long seconds) { return WallTime{std::chrono::seconds{seconds}}; }

}  // namespace graphpost
