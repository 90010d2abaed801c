// message/json_document.hpp — a request body as a JSON document, refused when it is not UTF-8 JSON
// or when an object gives one member twice (parsers disagree on which value counts, so the API
// never picks one silently). Pure functions; thread-compatible.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "core/result.hpp"
#include "message/api_message.hpp"

namespace graphpost::message {

struct JsonDocumentError {
  enum class Kind {
    kMalformed,        // not JSON: one error at "$" naming the byte offset and why
    kDuplicateMember,  // JSON, but a member given twice: one error per such member, at its path
  };
  Kind kind;
  std::vector<FieldError> errors;
};

// Parses `text` (nesting at most 64 deep). Malformed: "malformed JSON at byte 17: syntax error",
// or "invalid UTF-8 at byte 17" when a byte sequence that is not UTF-8 is what stopped the parse.
// Duplicates: {"$.messages[1].text", "is given twice"}, each duplicated member once, paths as
// MemberPath writes them.
[[nodiscard]] Expected<boost::json::value, JsonDocumentError> ParseJsonDocument(
    std::string_view text);

// The offset of the first byte of `text` that does not belong to a well-formed UTF-8 sequence
// (overlong forms, surrogates and code points above U+10FFFF included), or nullopt.
std::optional<std::size_t> FirstInvalidUtf8(std::string_view text);

}  // namespace graphpost::message
