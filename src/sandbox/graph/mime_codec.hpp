// sandbox/graph/mime_codec.hpp — the small text codecs MIME needs: quoted-printable, RFC 2047
// encoded words, Latin-1 to UTF-8, and RFC 2045 header parameters. Lenient by design: bad input
// is passed through, never rejected, because the sandbox accepts what Exchange would accept.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace graphpost::sandbox::graph {

// Decodes quoted-printable (RFC 2045 §6.7). With `underscore_is_space` (RFC 2047 "Q"), '_' is a
// space. Malformed escapes are kept as written.
std::string DecodeQuotedPrintable(std::string_view text, bool underscore_is_space);

// Converts `bytes` in `charset` to UTF-8; the result is always valid UTF-8. ISO-8859-1/Latin-1,
// Windows-1252 and US-ASCII are read as Windows-1252 (as browsers do; 8-bit bytes in "us-ascii"
// text are read the same way). UTF-8, a missing and an unknown charset go through EnsureUtf8.
std::string ToUtf8(std::string_view bytes, std::string_view charset);

// True when `bytes` is well-formed UTF-8 (RFC 3629: no overlongs, surrogates or > U+10FFFF).
bool IsValidUtf8(std::string_view bytes);

// `bytes` unchanged when valid UTF-8; otherwise every byte read as Windows-1252 (what Exchange
// does, roughly, with undeclared 8-bit text). Always returns valid UTF-8.
std::string EnsureUtf8(std::string_view bytes);

// Decodes RFC 2047 encoded words ("=?utf-8?B?...?=") in a header value; whitespace between two
// adjacent encoded words is dropped. Anything else is returned unchanged.
std::string DecodeEncodedWords(std::string_view text);

// A parsed structured header such as Content-Type or Content-Disposition.
struct HeaderValue {
  std::string value;  // lower-case, e.g. "multipart/mixed" or "attachment"
  std::vector<std::pair<std::string, std::string>> params;  // names lower-case, values unquoted

  // The parameter `name` (lower-case), or nullopt. RFC 2231 continuations ("name*0") and
  // extended values ("name*=utf-8''...") are joined and decoded.
  std::optional<std::string> Param(std::string_view name) const;
};

HeaderValue ParseHeaderValue(std::string_view text);

}  // namespace graphpost::sandbox::graph
