// mime/mime_message.hpp — what the gateway needs to know about, and do to, an RFC 5322 message that
// came in over SMTP before Graph sends it (docs/smtp.md, "How a message is delivered"). Built on
// GMime (one .cpp includes it; this header does not). Independent of the sandbox's own MIME reader
// on purpose: one bug cannot hide on both sides.
//
// Every function takes the message as bytes and leaves what it does not change byte for byte:
// a rewrite touches only the header lines it names, the body is never re-encoded. Pure functions;
// thread-safe (GMime is initialised once, on first use).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "graph/mail_message.hpp"

namespace graphpost::mime {

struct HeaderAddress {
  std::string name;     // display name, RFC 2047-decoded (UTF-8); may be empty
  std::string address;  // addr-spec as written (a non-ASCII local part stays UTF-8)
  friend bool operator==(const HeaderAddress&, const HeaderAddress&) = default;
};

struct MimeSummary {
  std::vector<HeaderAddress> from, sender, to, cc, bcc, reply_to;
  std::string subject;           // decoded (UTF-8)
  std::string message_id;        // "<...>" as written; empty when the message has none
  std::size_t header_bytes = 0;  // offset of the body (after the blank line)
};

// Reads the top-level header. kInvalidArgument ("not an RFC 5322 message: ...") when there is no
// header block, or a header line is not `name: value`. Lenient like a mail server otherwise (bare
// LF accepted, unknown headers kept, bad encoded-words left as written).
[[nodiscard]] Result<MimeSummary> InspectMime(std::string_view mime);

// The message with a Message-ID header first when it has none ("<GUID@domain>"), else unchanged.
// RFC 6409 §8.3: a submission server may add it. The id written is returned in `message_id`.
std::string EnsureMessageId(std::string_view mime, std::string_view domain, std::string_view unique,
                            std::string* message_id);

// Graph's MIME sendMail delivers to every address in To, Cc and Bcc, but SMTP's envelope decides
// who receives. When the header addresses (To ∪ Cc ∪ Bcc, compared case-insensitively) equal the
// envelope's, the message is returned unchanged (`changed` false: passthrough). Otherwise To and
// Cc keep only envelope addresses (a header left empty becomes "undisclosed-recipients:;"), and
// the Bcc header lists the envelope addresses that are in neither (removed when none), so an
// address only in the headers receives nothing and an envelope-only one receives a copy nobody
// sees. Only those header lines change.
struct AlignedMime {
  std::string mime;
  bool changed = false;
};
[[nodiscard]] Result<AlignedMime> AlignRecipients(std::string_view mime,
                                                  const std::vector<std::string>& envelope);

// A message too large for one Graph request, split for draft + attachments: `draft_mime` is the
// message without the attachments listed in `attachments` (largest first taken out until the
// draft's base64 fits `max_draft_bytes`), byte-identical elsewhere; each removed attachment comes
// back decoded with its name, content type, content id and inline flag, to be added to the draft
// (small ones by POST, large ones by upload session). kInvalidArgument when even without every
// attachment the draft does not fit, or the message does not parse.
struct SplitMime {
  std::string draft_mime;
  std::vector<graph::Attachment> attachments;
};
[[nodiscard]] Result<SplitMime> SplitForDraft(std::string_view mime, std::size_t max_draft_bytes);

// The base64 length of `bytes` bytes (what a MIME sendMail request body weighs).
constexpr std::size_t Base64Size(std::size_t bytes) { return (bytes + 2) / 3 * 4; }

}  // namespace graphpost::mime
