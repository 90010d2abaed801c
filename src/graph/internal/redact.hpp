// graph/internal/redact.hpp — last line of defence for "no secrets in errors": removes a token or a
// pre-authenticated upload URL from an Error's text, should a remote service ever echo one back.
// Pure functions.
#pragma once

#include <string_view>

#include "core/error.hpp"

namespace graphpost::graph::internal {

// Replaces `secret` in message and remote_code with "***" (core/redact.hpp: whole values; a short
// value only where it stands alone). No-op when empty.
Error Redact(Error error, std::string_view secret);

// Redacts `upload_url`, its query string and each query parameter value (the URL carries an
// authtoken; a server might echo any of these parts).
Error RedactUploadUrl(Error error, std::string_view upload_url);

}  // namespace graphpost::graph::internal
