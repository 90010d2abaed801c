// sandbox/graph/mime_splice.hpp — byte-exact edits of a stored message's raw MIME, the way the
// sandbox's Exchange changes a submitted message and nothing else: drop a header field (Bcc on the
// copies recipients get), set one (Message-ID when the client sent none, To after a PATCH), and
// add attachment parts (a MIME draft's later attachments). Every byte not edited stays as it was:
// other header lines (folded or not), line endings, bodies and parts. Only the top-level header
// section is edited. Lenient: input without a blank line is all header section. Written for the
// sandbox alone (no code shared with the gateway's src/mime). Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace graphpost::sandbox::graph {

// One header field of the top-level section: [begin, end) covers its first line, its folded
// continuation lines and their line endings.
struct HeaderFieldSpan {
  std::string name;  // as written; empty for a line that is not "Name: value"
  std::size_t begin = 0;
  std::size_t end = 0;
};

struct HeaderSection {
  std::vector<HeaderFieldSpan> fields;
  std::size_t end = 0;         // where the section ends: the blank line, or the input's end
  std::size_t body_begin = 0;  // after the blank line (== input size when there is none)
  std::string newline;         // "\r\n", or "\n" when the first line ends with a bare LF
};

// The top-level header section of `raw`.
HeaderSection ScanHeaderSection(std::string_view raw);

// True when the top-level section has a field `name` (case-insensitive).
bool HasHeaderField(std::string_view raw, std::string_view name);

// `raw` without any top-level field `name` (case-insensitive), continuation lines included.
std::string RemoveHeaderField(std::string_view raw, std::string_view name);

// `raw` with field `name` set to `value` (a single line, already encoded): the first field of
// that name is replaced in place, later ones are removed; when there is none, the field is added
// at the end of the section. The new line ends like the message's first line.
std::string SetHeaderField(std::string_view raw, std::string_view name, std::string_view value);

// One MIME body part: its header lines, a blank line and its body, each line ending with the
// message's line ending (HeaderSection::newline).
struct MimePart {
  std::string text;
};

// `raw` with `parts` added as parts of a top-level multipart/mixed: inserted before the closing
// delimiter when the message is multipart/mixed already; otherwise the message becomes
// multipart/mixed whose first part is the original content (its Content-* header lines and body,
// byte for byte) and the new parts follow. `raw` itself when `parts` is empty.
std::string AddMixedParts(std::string_view raw, const std::vector<MimePart>& parts);

}  // namespace graphpost::sandbox::graph
