// bulk/mail_merge.hpp — a mail merge: the message template compiled against the recipients'
// columns, rendered per recipient into the API's message JSON (docs/gateway.md, "The message"),
// each checked by the same parser the gateway uses, so that every problem is found before
// anything is queued. Plus the plan of batches (POST /v1/messages/batch) and their
// Idempotency-Keys. Pure; thread-compatible.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "bulk/merge_template.hpp"
#include "bulk/message_template.hpp"
#include "bulk/recipients_csv.hpp"
#include "core/result.hpp"

namespace graphpost::bulk {

// An attachment read from its file, ready for the message: `content_base64` is standard base64.
struct LoadedAttachment {
  std::string name, content_type, content_base64, content_id;
  bool is_inline = false;
};

// The bodies read from textFile/htmlFile (when the template names them) and the attachments.
struct MergeFiles {
  std::optional<TemplateText> text_file, html_file;
  std::vector<LoadedAttachment> attachments;
};

class MailMerge {
 public:
  // Compiles every template (HTML-escaping values in the HTML body) and checks that each
  // placeholder names a column of `columns` (lower case). kInvalidArgument naming the template
  // file and line.
  [[nodiscard]] static Result<MailMerge> Build(const MessageTemplate& spec, MergeFiles files,
                                               const std::vector<std::string>& columns);

  // The message for `r` as the API's JSON text, checked with message::ParseApiMessage.
  // kInvalidArgument naming the recipients file's line ("<csv_file> line 7") and, for a field the
  // API refuses, its JSON path ("$.to[0]: is not a valid e-mail address ...").
  [[nodiscard]] Result<std::string> Render(const Recipient& r, std::string_view csv_file) const;

 private:
  MessageTemplate spec_;
  MergeFiles files_;
  std::optional<MergeTemplate> subject_, text_, html_;
  std::vector<std::pair<std::string, MergeTemplate>> headers_;
};

// A batch: rows [first, first + count) of the recipients.
struct Chunk {
  std::size_t first = 0, count = 0;
};

// Consecutive chunks of at most `max_count` messages and `max_bytes` of JSON (a message larger
// than max_bytes alone gets a chunk of its own). Deterministic: the same sizes give the same plan.
std::vector<Chunk> PlanChunks(const std::vector<std::size_t>& message_sizes, std::size_t max_count,
                              std::size_t max_bytes);

// The hex SHA-256 identifying a merge's inputs: every part (CSV text, TOML text, body files,
// attachment bytes), each length-prefixed so that moving bytes between parts changes it.
std::string ContentHash(const std::vector<std::string_view>& parts);

// "bulk-<first 32 hex of content_hash>-<chunk number, 1-based>-of-<chunks>": the same inputs give
// the same keys, so a re-run is answered from the gateway's idempotency record.
std::string ChunkIdempotencyKey(std::string_view content_hash, std::size_t chunk_number,
                                std::size_t chunks);

// {"messages":[...]} from message JSON texts.
std::string BatchBody(const std::vector<std::string>& messages);

}  // namespace graphpost::bulk
