// sandbox/graph/internal/request_body.hpp — reading Graph request bodies and preferences: JSON
// (with Graph's "Unable to read JSON request payload" error) or base64 MIME (Content-Type:
// text/plain), and the Prefer header. Private to the graph module. Pure functions.
#pragma once

#include <optional>
#include <string>

#include <boost/json/value.hpp>

#include "http/message.hpp"
#include "sandbox/graph/graph_error.hpp"

namespace graphpost::sandbox::graph {

// True when the body is base64 MIME (Content-Type: text/plain).
bool IsMimeRequest(const http::Request& request);
// The body as JSON; 400 BadRequest "Unable to read JSON request payload..." when the
// Content-Type is not JSON or the body does not parse.
[[nodiscard]] GraphResult<boost::json::value> ParseJsonBody(const http::Request& request);
// "text" or "html" from Prefer: outlook.body-content-type="text"; nullopt when absent.
std::optional<std::string> PreferredBodyType(const http::Request& request);

}  // namespace graphpost::sandbox::graph
