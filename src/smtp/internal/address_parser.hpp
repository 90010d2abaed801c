// smtp/internal/address_parser.hpp — the path of MAIL FROM / RCPT TO (RFC 5321 §4.1.2, with the
// UTF-8 mailboxes of RFC 6531): "<local@domain>", "<>" for the null sender, an old source route
// ("<@a,@b:pat@example.com>", accepted and dropped), a quoted local part, and a bare mailbox
// without <> (sent by some devices). Pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace graphpost::smtp::internal {

enum class PathKind { kSender, kRecipient };

struct ParsedPath {
  std::string address;       // without <> and source route; "" = null sender
  bool utf8 = false;         // has non-ASCII characters (well-formed UTF-8)
  std::size_t consumed = 0;  // bytes of the input the path took
};

// Parses the path at the start of `text`. The error is one sentence for the reply text, saying
// what is wrong and where ("... at character 5 of the address").
[[nodiscard]] Expected<ParsedPath, std::string> ParsePath(std::string_view text, PathKind kind);

// Whether `text` is well-formed UTF-8 (overlongs, surrogates and values past U+10FFFF refused).
bool IsValidUtf8(std::string_view text);

}  // namespace graphpost::smtp::internal
