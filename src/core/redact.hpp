// core/redact.hpp — the one way graphpost removes a secret (client secret, access token, upload
// URL) from text it is about to show: the last line of defence should a remote service echo one
// back. Pure functions; thread-safe.
//
// A value of at least kMinRedactedLength characters is replaced wherever it occurs, whole, by
// "***". A shorter value is replaced only where it stands as a whole token (not next to a letter
// or digit): a one-character secret must not turn "Entra token endpoint" into "Entr*** token
// endpoint". Its percent-encoded form (how a form body carries it) is replaced the same way.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace graphpost {

inline constexpr std::size_t kMinRedactedLength = 8;

// `text` with every occurrence of `secret` replaced by "***" (see above). No-op for an empty
// secret.
std::string RedactSecret(std::string text, std::string_view secret);

// RedactSecret applied to the error's message and remote_code.
Error RedactError(Error error, std::string_view secret);

}  // namespace graphpost
