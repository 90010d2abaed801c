// bulk/message_template.hpp — the message file of a mail merge (`--template message.toml`), as
// written: who sends, the subject/text/html templates (inline, or textFile/htmlFile beside the
// TOML file), attachments by path, headers, replyTo, saveToSentItems, sendAt, timeToLive. Keys
// are the API message's field names (docs/gateway.md, "Bulk sending"). Parsing only: files are
// read, and templates compiled, by the caller. The only file that includes toml++ in this module.
// Pure; thread-compatible.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bulk/merge_template.hpp"
#include "core/result.hpp"

namespace graphpost::bulk {

struct TemplateText {
  std::string text;
  TemplateSource source;  // the TOML file and the line the text starts on
};

struct AttachmentSpec {
  std::string path;          // as written: relative to the TOML file's folder, or absolute
  std::string content_type;  // empty = from the file's extension
  bool is_inline = false;
  std::string content_id;
};

struct MessageTemplate {
  std::string connection, from;  // at least one
  std::vector<std::string> reply_to;
  std::optional<TemplateText> subject, text, html;
  std::string text_file, html_file;  // relative to the TOML file's folder; excludes text / html
  std::vector<AttachmentSpec> attachments;
  std::vector<std::pair<std::string, TemplateText>> headers;  // name → value template
  std::optional<bool> save_to_sent_items;
  std::string send_at;                    // RFC 3339, checked by the API message parser
  std::optional<long long> time_to_live;  // seconds
};

// kInvalidArgument "<file_name>:<line>: ..." for TOML syntax, an unknown key, a value of the
// wrong type, text and textFile (or html and htmlFile) together, no connection and no from, or no
// body at all.
[[nodiscard]] Result<MessageTemplate> ParseMessageTemplate(std::string_view toml_text,
                                                           std::string_view file_name);

}  // namespace graphpost::bulk
