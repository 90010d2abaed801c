// core/time_format.hpp — the timestamp spellings the Microsoft protocols use. Pure functions, UTC.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace graphpost {

using WallTime = std::chrono::system_clock::time_point;

// "2024-02-02T19:22:43Z" (Graph DateTimeOffset values, seconds precision).
std::string FormatIso8601(WallTime t);
// "2019-09-25T01:09:30.7671707Z" (seven fractional digits, as Outlook prints).
std::string FormatIso8601Fraction(WallTime t);
// "2024-02-02T19:22:43" — Graph innerError.date: no zone, no fraction.
std::string FormatGraphErrorDate(WallTime t);
// "2016-01-09 02:02:12Z" — Entra error `timestamp`.
std::string FormatEstsTimestamp(WallTime t);
// "Sun, 24 Aug 2025 12:55:18 GMT" — HTTP Date header (RFC 7231 IMF-fixdate).
std::string FormatHttpDate(WallTime t);
// "2024-02-02" — a date alone.
std::string FormatDate(WallTime t);

// The years ParseIso8601 accepts: those WallTime (nanoseconds in 64 bits) represents whole.
inline constexpr int kMinIsoYear = 1678;
inline constexpr int kMaxIsoYear = 2261;
// Parses "YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]" and "YYYY-MM-DD". nullopt when malformed or the
// year is outside kMinIsoYear..kMaxIsoYear.
std::optional<WallTime> ParseIso8601(std::string_view text);

// Seconds since the Unix epoch.
long long ToUnixSeconds(WallTime t);
WallTime FromUnixSeconds(long long seconds);

}  // namespace graphpost
