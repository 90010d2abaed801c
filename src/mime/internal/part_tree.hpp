// mime/internal/part_tree.hpp — where each MIME part of a message lies in its original bytes: our
// own scan of multipart bodies for their boundary lines (Content-Type parameters read by GMime),
// so a part can be cut out of the message with everything else left byte for byte. Pure; views
// and offsets into the caller's bytes; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "mime/internal/gmime_glue.hpp"

namespace graphpost::mime::internal {

// Bounds that keep a hostile message cheap: multiparts nested deeper than kMaxMultipartDepth are
// read as opaque leaves (their parts stay where they are), and a message with more than
// kMaxParts parts is refused. message/rfc822 parts are leaves: attached messages are not opened.
inline constexpr int kMaxMultipartDepth = 32;
inline constexpr std::size_t kMaxParts = 2000;

struct Part {
  int parent = -1;             // index in PartTree::parts; -1 for the message itself
  int depth = 0;               // 0 for the message, 1 for its parts, ...
  std::size_t begin = 0;       // the part's first header byte
  std::size_t body_begin = 0;  // after the blank line ending its header
  std::size_t end = 0;         // after its body (before the line break of the next delimiter)
  // What removing the part takes out: its opening delimiter line up to the next delimiter line
  // (or the end of the enclosing body). Empty for the message itself.
  std::size_t cut_begin = 0, cut_end = 0;
  ContentType type;
  bool multipart = false;    // read as a multipart (has children, or would have)
  std::string eol = "\r\n";  // the line end of its opening delimiter (for inserted lines)
};

struct PartTree {
  std::vector<Part> parts;  // parts[0] is the message; parents come before their children
};

// kInvalidArgument when the top-level header is not RFC 5322 (as InspectMime), or the message has
// more than kMaxParts parts.
[[nodiscard]] Result<PartTree> ScanParts(std::string_view mime);

}  // namespace graphpost::mime::internal
