// http/http_errors.hpp — the ONE reading of an HTTP answer's status and Retry-After for every
// client of a remote service (Graph in graph/graph_errors, Entra in auth/token_response, the
// delivery engine): which ErrorCode a status is, and how long the server asked us to wait. Pure
// functions; thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "core/error.hpp"
#include "core/time_format.hpp"
#include "http/http_transport.hpp"

namespace graphpost::http {

// The ErrorCode for a non-2xx HTTP status:
//   400, 413 and other 4xx → kInvalidArgument; 401 → kUnauthenticated; 403 → kPermissionDenied;
//   404 → kNotFound; 408 → kDeadlineExceeded; 409, 412 → kFailedPrecondition; 429 → kThrottled;
//   504 → kDeadlineExceeded (the request may have been carried out: see docs/protocol-notes.md
//   "Ambiguous sends"); other 5xx → kUnavailable; anything else (1xx, 2xx, 3xx) → kInternal.
ErrorCode ErrorCodeForStatus(int status);

// Parses a Retry-After value: delta-seconds (fractions rounded up, "2.128" → 3 s) or an HTTP-date
// (IMF-fixdate, "Sun, 24 Aug 2025 12:55:18 GMT") taken relative to `now` (0 s when already past).
// Capped at one day. nullopt when malformed, negative, or an HTTP-date with no `now`.
std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value,
                                                    std::optional<WallTime> now);

// The response's Retry-After (ParseRetryAfter); an HTTP-date is measured against the response's
// own Date header, else against `now`. nullopt when absent or malformed.
std::optional<std::chrono::seconds> RetryAfterOf(const ClientResponse& response,
                                                 std::optional<WallTime> now);

}  // namespace graphpost::http
