// toml++ is slow to compile and throws: it stays in this file, and its exceptions stop here.
#include <algorithm>
#include <sstream>

#include <toml++/toml.h>

#include "bulk/message_template.hpp"

namespace graphpost::bulk {
namespace {

tl::unexpected<Error> Invalid(std::string_view file, int line, const std::string& what) {
  return Fail(ErrorCode::kInvalidArgument,
              std::string(file) + ":" + std::to_string(line) + ": " + what);
}

int LineOf(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

// The line a string's text starts on: a multi-line string that opens with a line break starts on
// the line after its quotes (TOML drops that first break).
int TextLine(const toml::node& node, const std::string& text) {
  const auto& region = node.source();
  const auto breaks = static_cast<long>(std::count(text.begin(), text.end(), '\n'));
  const long spanned = static_cast<long>(region.end.line) - static_cast<long>(region.begin.line);
  return LineOf(node) + (spanned > breaks ? 1 : 0);
}

class Reader {
 public:
  explicit Reader(std::string_view file) : file_(file) {}

  Result<std::string> String(const toml::node& node, std::string_view key) {
    if (auto s = node.as_string()) return s->get();
    return Invalid(file_, LineOf(node), std::string(key) + " must be a string");
  }

  Result<TemplateText> Text(const toml::node& node, std::string_view key) {
    auto s = String(node, key);
    if (!s) return Fail(s.error());
    return TemplateText{.text = *s, .source = {std::string(file_), TextLine(node, *s)}};
  }

  Result<std::vector<std::string>> Strings(const toml::node& node, std::string_view key) {
    std::vector<std::string> out;
    if (auto one = node.as_string()) return std::vector<std::string>{one->get()};
    const auto* array = node.as_array();
    if (!array)
      return Invalid(file_, LineOf(node), std::string(key) + " must be a list of strings");
    for (const auto& item : *array) {
      auto s = String(item, key);
      if (!s) return Fail(s.error());
      out.push_back(std::move(*s));
    }
    return out;
  }

  Result<AttachmentSpec> Attachment(const toml::node& node) {
    if (auto s = node.as_string()) return AttachmentSpec{.path = s->get()};
    const auto* table = node.as_table();
    if (!table) return Invalid(file_, LineOf(node), "an attachment is a path or a table");
    AttachmentSpec a;
    for (const auto& [key, value] : *table) {
      const std::string k(key.str());
      Result<std::string> s = k == "inline" ? std::string() : String(value, k);
      if (!s) return Fail(s.error());
      if (k == "path")
        a.path = *s;
      else if (k == "contentType")
        a.content_type = *s;
      else if (k == "contentId")
        a.content_id = *s;
      else if (k == "inline" && value.as_boolean())
        a.is_inline = value.as_boolean()->get();
      else
        return Invalid(file_, LineOf(value), "unknown attachment key '" + k + "'");
    }
    if (a.path.empty()) return Invalid(file_, LineOf(node), "an attachment needs a path");
    return a;
  }

  Status Field(MessageTemplate& m, const std::string& key, const toml::node& value);

 private:
  Status Headers(MessageTemplate& m, const toml::node& value) {
    const auto* table = value.as_table();
    if (!table) return Invalid(file_, LineOf(value), "headers must be a table");
    for (const auto& [name, text] : *table) {
      auto t = Text(text, "headers." + std::string(name.str()));
      if (!t) return Fail(t.error());
      m.headers.emplace_back(std::string(name.str()), std::move(*t));
    }
    return Ok();
  }

  Status Attachments(MessageTemplate& m, const toml::node& value) {
    const auto* array = value.as_array();
    if (!array) return Invalid(file_, LineOf(value), "attachments must be a list");
    for (const auto& item : *array) {
      auto a = Attachment(item);
      if (!a) return Fail(a.error());
      m.attachments.push_back(std::move(*a));
    }
    return Ok();
  }

  std::string_view file_;
};

Status Reader::Field(MessageTemplate& m, const std::string& key, const toml::node& value) {
  auto set_string = [&](std::string& out) -> Status {
    auto s = String(value, key);
    if (!s) return Fail(s.error());
    out = std::move(*s);
    return Ok();
  };
  auto set_text = [&](std::optional<TemplateText>& out) -> Status {
    auto t = Text(value, key);
    if (!t) return Fail(t.error());
    out = std::move(*t);
    return Ok();
  };
  if (key == "connection") return set_string(m.connection);
  if (key == "from") return set_string(m.from);
  if (key == "subject") return set_text(m.subject);
  if (key == "text") return set_text(m.text);
  if (key == "html") return set_text(m.html);
  if (key == "textFile") return set_string(m.text_file);
  if (key == "htmlFile") return set_string(m.html_file);
  if (key == "sendAt") return set_string(m.send_at);
  if (key == "headers") return Headers(m, value);
  if (key == "attachments") return Attachments(m, value);
  if (key == "replyTo") {
    auto list = Strings(value, key);
    if (!list) return Fail(list.error());
    m.reply_to = std::move(*list);
    return Ok();
  }
  if (key == "saveToSentItems") {
    if (!value.as_boolean()) return Invalid(file_, LineOf(value), key + " must be true or false");
    m.save_to_sent_items = value.as_boolean()->get();
    return Ok();
  }
  if (key == "timeToLive") {
    if (!value.as_integer()) return Invalid(file_, LineOf(value), key + " must be whole seconds");
    m.time_to_live = value.as_integer()->get();
    return Ok();
  }
  return Invalid(file_, LineOf(value),
                 "unknown key '" + key +
                     "' (known: connection, from, subject, text, html, textFile, htmlFile, "
                     "attachments, headers, replyTo, saveToSentItems, sendAt, timeToLive)");
}

Status CheckWhole(const MessageTemplate& m, std::string_view file) {
  if (m.connection.empty() && m.from.empty()) {
    return Invalid(file, 1, "give connection (a connection name) or from (its mailbox)");
  }
  if (m.text && !m.text_file.empty()) return Invalid(file, 1, "give text or textFile, not both");
  if (m.html && !m.html_file.empty()) return Invalid(file, 1, "give html or htmlFile, not both");
  if (!m.text && !m.html && m.text_file.empty() && m.html_file.empty()) {
    return Invalid(file, 1, "give a body: text, html, textFile or htmlFile");
  }
  return Ok();
}

}  // namespace

Result<MessageTemplate> ParseMessageTemplate(std::string_view toml_text,
                                             std::string_view file_name) {
  toml::table root;
  try {
    root = toml::parse(toml_text, file_name);
  } catch (const toml::parse_error& e) {
    return Invalid(file_name, static_cast<int>(e.source().begin.line),
                   std::string(e.description()));
  }
  MessageTemplate m;
  Reader reader(file_name);
  for (const auto& [key, value] : root) {
    if (auto s = reader.Field(m, std::string(key.str()), value); !s) return Fail(s.error());
  }
  if (auto s = CheckWhole(m, file_name); !s) return Fail(s.error());
  return m;
}

}  // namespace graphpost::bulk
