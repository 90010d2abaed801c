// core/base64.hpp — standard (RFC 4648 §4) and URL-safe (§5) base64. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace graphpost {

std::string Base64Encode(std::string_view bytes);
// Decodes standard base64. Padding is optional; ASCII whitespace (CR, LF, space, tab) is skipped,
// as in MIME bodies. Returns nullopt on any other character or a bad length.
std::optional<std::string> Base64Decode(std::string_view text);

// URL-safe alphabet, no padding (JWT style).
std::string Base64UrlEncode(std::string_view bytes);
// Accepts the URL-safe alphabet with or without padding; no whitespace.
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace graphpost
