// message/rfc3339.hpp — the API's timestamps: RFC 3339 with a zone in, UTC with milliseconds out.
// Pure functions.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace graphpost::message {

// "YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)" ('t' and 'z' in either case), years 2000 to 2199 (far
// enough, and well inside what a system_clock time_point holds), kept to the millisecond
// (rounded down). nullopt for anything else, including a time without a zone.
std::optional<std::chrono::system_clock::time_point> ParseRfc3339(std::string_view text);

// "2026-05-01T07:30:00Z", or "2026-05-01T07:30:00.250Z" when there are milliseconds.
std::string FormatRfc3339(std::chrono::system_clock::time_point t);

}  // namespace graphpost::message
