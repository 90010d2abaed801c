// graph/graph_errors.hpp — the ONE place where Microsoft Graph responses and transport failures
// become graphpost Errors: the status decides the ErrorCode, Retry-After is kept, the Graph error
// code goes to Error::remote_code. Messages never carry request bodies or tokens. Pure functions.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "core/error.hpp"
#include "core/time_format.hpp"
#include "http/http_transport.hpp"

namespace graphpost::graph {

// The ErrorCode for a non-2xx HTTP status:
//   400, 413 and other 4xx → kInvalidArgument; 401 → kUnauthenticated; 403 → kPermissionDenied;
//   404 → kNotFound; 408 → kDeadlineExceeded; 409, 412 → kFailedPrecondition; 429 → kThrottled;
//   504 → kDeadlineExceeded (the request may have been carried out: see docs/protocol-notes.md
//   "Ambiguous sends"); other 5xx → kUnavailable; anything else (1xx, 2xx, 3xx) → kInternal.
ErrorCode ErrorCodeForStatus(int status);

// Parses a Retry-After value: delta-seconds (fractions rounded up, "2.128" → 3 s) or an HTTP-date
// (IMF-fixdate, "Sun, 24 Aug 2025 12:55:18 GMT") taken relative to `now` (0 s when already past).
// nullopt when malformed, negative, or an HTTP-date with no `now`.
std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value,
                                                    std::optional<WallTime> now);

// Classifies a non-2xx Graph response. code from the status (ErrorCodeForStatus); retry_after from
// Retry-After (an HTTP-date is measured against the response's Date header); remote_code = the
// body's error.code (or an OAuth-style "error" string); message =
// "<operation>: <status> <code>: <message>" from the body, or "<operation>: <status> <reason>"
// when the body has no Graph error.
Error ClassifyGraphResponse(const http::ClientResponse& response, std::string_view operation);

// The same, measuring an HTTP-date Retry-After against `now` when the response has no Date header.
Error ClassifyGraphResponse(const http::ClientResponse& response, std::string_view operation,
                            WallTime now);

// A failure of the transport itself (no HTTP response): keeps the code (kUnavailable,
// kDeadlineExceeded, kInvalidArgument…) and prefixes "<operation>: ".
Error ClassifyTransportError(const Error& transport_error, std::string_view operation);

}  // namespace graphpost::graph
