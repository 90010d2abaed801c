// sandbox/graph/odata_filter_tokens.hpp — splits $filter text into tokens: identifiers (keywords
// included; the parser tells them apart), 'strings', numbers, DateTimeOffset and GUID literals,
// and punctuation. Internal to the sandbox Graph module. Pure.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace graphpost::sandbox::graph {

enum class TokenKind {
  kEnd,
  kIdentifier,
  kString,
  kNumber,
  kDateTime,
  kGuid,
  kLeftParen,
  kRightParen,
  kComma,
  kColon,
  kSlash,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string_view raw;                           // the token's text in the input
  std::size_t pos = 0;                            // byte offset in the input
  std::string text;                               // kString: unescaped value; kGuid: the GUID
  double number = 0;                              // kNumber
  bool integral = false;                          // kNumber without fraction or exponent
  std::chrono::system_clock::time_point instant;  // kDateTime
};

// All tokens of `text`, ending with one kEnd token. kInvalidArgument (message without the
// "Invalid filter clause: " prefix) on a character that starts no token, an unterminated string
// or a malformed date-time.
[[nodiscard]] Result<std::vector<Token>> Tokenize(std::string_view text);

}  // namespace graphpost::sandbox::graph
