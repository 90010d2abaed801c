// graph/graph_errors.hpp — the ONE place where Microsoft Graph responses and transport failures
// become graphpost Errors: the status decides the ErrorCode and Retry-After is kept (both read by
// http/http_errors, shared with auth), the Graph error code goes to Error::remote_code. Messages
// never carry request bodies or tokens. Pure functions.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "core/error.hpp"
#include "core/time_format.hpp"
#include "http/http_transport.hpp"

namespace graphpost::graph {

// Classifies a non-2xx Graph response. code from the status (http::ErrorCodeForStatus);
// retry_after from Retry-After (http::RetryAfterOf: an HTTP-date is measured against the
// response's Date header); remote_code = the body's error.code (or an OAuth-style "error" string);
// message =
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
