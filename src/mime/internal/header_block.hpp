// mime/internal/header_block.hpp — our own scan of an RFC 5322 header block: where each field
// starts and ends in the original bytes (folded lines included), so rewrites can splice the
// original bytes instead of re-serialising. Bare LF is accepted as a line end. Pure functions over
// views into the caller's bytes (which must outlive the result); thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace graphpost::mime::internal {

struct HeaderField {
  std::string_view name;       // as written, without whitespace before the colon
  std::size_t begin = 0;       // offset of the field's first byte
  std::size_t end = 0;         // offset after its last line break (or the end of the input)
  std::string_view raw_value;  // after the colon up to the last line break; folds included
};

struct HeaderBlock {
  std::vector<HeaderField> fields;
  std::size_t body_begin = 0;     // after the blank line; the input's size when there is none
  std::string_view eol = "\r\n";  // the first line's terminator ("\r\n" or "\n")
};

// The top-level header of a message. kInvalidArgument ("not an RFC 5322 message: ...") when the
// input is empty, starts with a blank or continuation line, or a line before the blank line is
// not `name: value` (name: printable ASCII without ':', whitespace before the colon allowed).
[[nodiscard]] Result<HeaderBlock> ScanMessageHeader(std::string_view text);

// The header of a MIME part, leniently like a mail reader: it ends at the blank line, or at the
// first line that is not a header field (which then begins the body). Never fails.
HeaderBlock ScanPartHeader(std::string_view text);

// The value with its line breaks removed (RFC 5322 unfolding keeps the whitespace after a fold)
// and surrounding whitespace trimmed.
std::string Unfold(std::string_view raw_value);

// ASCII case-insensitive equality (header names, addresses).
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// The first field named `name` (case-insensitive), or nullptr.
const HeaderField* FindField(const HeaderBlock& block, std::string_view name);

}  // namespace graphpost::mime::internal
