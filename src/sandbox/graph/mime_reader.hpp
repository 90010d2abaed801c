// sandbox/graph/mime_reader.hpp — a small RFC 5322 / MIME reader for messages submitted to Graph
// as base64 MIME (sendMail and draft creation with Content-Type: text/plain). It extracts what the
// mail store needs: addresses, subject, the text and HTML bodies, attachments and the X- headers.
// Written for the sandbox alone (it must not share code with the gateway's MIME builder, so one
// bug cannot hide on both sides). Lenient like Exchange; bounded nesting. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace graphpost::sandbox::graph {

struct MimeAddress {
  std::string name;     // display name, RFC 2047-decoded; may be empty
  std::string address;  // as written (not validated)
};

struct MimeHeader {
  std::string name;
  // Unfolded (only the line breaks of folds removed, RFC 5322 §2.2.3), not decoded; blanks at
  // the start and end of the whole value trimmed.
  std::string value;
};

struct MimeAttachment {
  std::string name;
  std::string content_type;  // "image/png"
  std::string content_id;    // without angle brackets
  // Content-Disposition: inline, or a Content-ID (and no disposition) the HTML body refers to
  // as "cid:<id>".
  bool is_inline = false;
  std::string bytes;  // decoded
};

struct MimeMessage {
  std::vector<MimeHeader> headers;  // top-level headers in order
  std::string subject;              // decoded
  std::string message_id;           // "<...>" as written; empty when absent
  std::vector<MimeAddress> from;
  std::vector<MimeAddress> sender;
  std::vector<MimeAddress> to;
  std::vector<MimeAddress> cc;
  std::vector<MimeAddress> bcc;
  std::vector<MimeAddress> reply_to;
  std::string importance;  // "low" | "normal" | "high" (from Importance / X-Priority)
  std::string text_body;   // UTF-8; empty when absent
  std::string html_body;   // UTF-8; empty when absent
  std::vector<MimeAttachment> attachments;
};

// Parses a whole message. kInvalidArgument when the input has no header section at all (empty,
// or no "Name: value" line before the body). Everything else is accepted leniently. Every text
// field of the result (headers, names, subject, bodies) is valid UTF-8: bodies are decoded by
// their charset (ToUtf8), and bytes that are still not UTF-8 are read as Windows-1252 (EnsureUtf8).
// Attachment bytes are returned as decoded, unchanged.
[[nodiscard]] Result<MimeMessage> ParseMime(std::string_view raw);

// Parses an address-list header value: "A <a@x>, \"B, C\" <b@y>, c@z, Group: d@w;". Items that
// are not well-formed keep their text in `address`, so callers can reject them.
std::vector<MimeAddress> ParseAddressList(std::string_view value);

// Splits a header block (up to, not including, the blank line) into unfolded headers: "A: x \r\n
// y" has the value "x  y".
std::vector<MimeHeader> ParseHeaderBlock(std::string_view block);

}  // namespace graphpost::sandbox::graph
