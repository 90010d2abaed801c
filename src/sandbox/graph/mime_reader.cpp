#include "sandbox/graph/mime_reader.hpp"

#include <optional>
#include <set>

#include "core/ascii.hpp"
#include "core/base64.hpp"
#include "sandbox/graph/mime_codec.hpp"

namespace graphpost::sandbox::graph {
namespace {

constexpr int kMaxDepth = 16;            // multipart nesting; deeper parts are ignored
constexpr std::size_t kMaxParts = 1000;  // per multipart body

struct Entity {
  std::vector<MimeHeader> headers;
  std::string_view body;
};

Entity SplitEntity(std::string_view raw) {
  std::size_t crlf = raw.find("\r\n\r\n");
  std::size_t lf = raw.find("\n\n");
  if (raw.starts_with("\r\n")) return {{}, raw.substr(2)};
  if (raw.starts_with("\n")) return {{}, raw.substr(1)};
  if (crlf == std::string_view::npos && lf == std::string_view::npos) {
    return {ParseHeaderBlock(raw), {}};
  }
  if (lf == std::string_view::npos || (crlf != std::string_view::npos && crlf < lf)) {
    return {ParseHeaderBlock(raw.substr(0, crlf)), raw.substr(crlf + 4)};
  }
  return {ParseHeaderBlock(raw.substr(0, lf)), raw.substr(lf + 2)};
}

const std::string* FindHeader(const std::vector<MimeHeader>& headers, std::string_view name) {
  for (const auto& h : headers) {
    if (AsciiIEquals(h.name, name)) return &h.value;
  }
  return nullptr;
}

std::string HeaderOr(const std::vector<MimeHeader>& headers, std::string_view name,
                     std::string_view fallback) {
  const std::string* v = FindHeader(headers, name);
  return v == nullptr ? std::string(fallback) : *v;
}

std::vector<MimeAddress> AddressesOf(const std::vector<MimeHeader>& headers,
                                     std::string_view name) {
  std::vector<MimeAddress> out;
  for (const auto& h : headers) {
    if (!AsciiIEquals(h.name, name)) continue;
    for (auto& a : ParseAddressList(h.value)) out.push_back(std::move(a));
  }
  return out;
}

std::vector<std::string_view> SplitMultipart(std::string_view body, std::string_view boundary) {
  std::vector<std::string_view> parts;
  std::string delimiter = "--" + std::string(boundary);
  std::optional<std::size_t> part_start;
  for (std::size_t pos = 0; parts.size() < kMaxParts;) {
    std::size_t found = body.find(delimiter, pos);
    if (found == std::string_view::npos) break;
    if (found != 0 && body[found - 1] != '\n') {
      pos = found + 1;
      continue;
    }
    if (part_start) {
      std::size_t end = found;
      if (end > *part_start && body[end - 1] == '\n') --end;
      if (end > *part_start && body[end - 1] == '\r') --end;
      parts.push_back(body.substr(*part_start, end - *part_start));
    }
    std::size_t after = found + delimiter.size();
    if (body.substr(after, 2) == "--") return parts;
    std::size_t eol = body.find('\n', after);
    if (eol == std::string_view::npos) return parts;
    part_start = eol + 1;
    pos = eol + 1;
  }
  if (part_start && parts.size() < kMaxParts) parts.push_back(body.substr(*part_start));
  return parts;
}

std::string DecodeTransfer(std::string_view body, std::string_view encoding) {
  std::string enc = AsciiLower(TrimAscii(encoding));
  if (enc == "base64") {
    auto decoded = Base64Decode(body);
    return decoded ? std::move(*decoded) : std::string(body);
  }
  if (enc == "quoted-printable") return DecodeQuotedPrintable(body, false);
  return std::string(body);
}

std::string StripAngles(std::string_view text) {
  text = TrimAscii(text);
  if (text.starts_with('<')) text.remove_prefix(1);
  if (text.ends_with('>')) text.remove_suffix(1);
  return std::string(text);
}

// The ids an HTML body refers to as "cid:<id>" (lower-case), in one pass.
std::set<std::string> ReferencedContentIds(std::string_view html) {
  std::set<std::string> ids;
  for (std::size_t pos = 0; pos + 4 <= html.size();) {
    if (!AsciiIEquals(html.substr(pos, 4), "cid:")) {
      ++pos;
      continue;
    }
    std::size_t end = html.find_first_of("\"'<>() \t\r\n", pos + 4);
    if (end == std::string_view::npos) end = html.size();
    ids.insert(AsciiLower(html.substr(pos + 4, end - pos - 4)));
    pos = end;
  }
  return ids;
}

// Walks the entity tree and fills the bodies and attachments of one message.
class BodyCollector {
 public:
  explicit BodyCollector(MimeMessage& out) : out_(out) {}

  void Walk(const Entity& entity, int depth) {
    HeaderValue type = ParseHeaderValue(HeaderOr(entity.headers, "Content-Type", "text/plain"));
    if (type.value.starts_with("multipart/")) {
      auto boundary = type.Param("boundary");
      if (!boundary || boundary->empty() || depth >= kMaxDepth) return;
      for (std::string_view part : SplitMultipart(entity.body, *boundary)) {
        Walk(SplitEntity(part), depth + 1);
      }
      return;
    }
    Leaf(entity, type);
  }

  // A part with a Content-ID and no disposition is inline when the HTML body shows it
  // ("cid:<id>"); otherwise Outlook lists it as an attachment. Call after Walk (the HTML part
  // may come after the image).
  void ResolveContentIdParts() {
    if (cid_only_.empty()) return;
    std::set<std::string> shown = ReferencedContentIds(out_.html_body);
    for (std::size_t i : cid_only_) {
      MimeAttachment& a = out_.attachments[i];
      a.is_inline = shown.contains(AsciiLower(a.content_id));
    }
  }

 private:
  void Leaf(const Entity& entity, const HeaderValue& type) {
    HeaderValue disposition = ParseHeaderValue(HeaderOr(entity.headers, "Content-Disposition", ""));
    std::string content =
        DecodeTransfer(entity.body, HeaderOr(entity.headers, "Content-Transfer-Encoding", ""));
    std::string name =
        DecodeEncodedWords(disposition.Param("filename").value_or(type.Param("name").value_or("")));
    std::string charset = type.Param("charset").value_or("");  // none: UTF-8 if valid
    bool is_text = type.value == "text/plain" || type.value == "text/html" || type.value.empty();
    if (disposition.value != "attachment" && is_text && name.empty()) {
      std::string& target = type.value == "text/html" ? out_.html_body : out_.text_body;
      if (target.empty()) {
        target = ToUtf8(content, charset);
        return;
      }
    }
    MimeAttachment attachment;
    attachment.name = name.empty() ? "attachment" : name;
    attachment.content_type = type.value.empty() ? "text/plain" : type.value;
    attachment.content_id = StripAngles(HeaderOr(entity.headers, "Content-ID", ""));
    attachment.is_inline = disposition.value == "inline";
    if (disposition.value.empty() && !attachment.content_id.empty()) {
      cid_only_.push_back(out_.attachments.size());
    }
    attachment.bytes = std::move(content);
    out_.attachments.push_back(std::move(attachment));
  }

  MimeMessage& out_;
  std::vector<std::size_t> cid_only_;  // attachments inline only if the HTML refers to them
};

std::string ImportanceOf(const std::vector<MimeHeader>& headers) {
  const std::string importance_header = HeaderOr(headers, "Importance", "");
  std::string importance = AsciiLower(TrimAscii(importance_header));
  if (importance == "high" || importance == "low" || importance == "normal") return importance;
  const std::string priority_header = HeaderOr(headers, "X-Priority", "");
  const std::string_view priority = TrimAscii(priority_header);
  const char first = priority.empty() ? '3' : priority.front();
  if (first == '1' || first == '2') return "high";
  if (first == '4' || first == '5') return "low";
  return "normal";
}

std::string Unquote(std::string_view text) {
  text = TrimAscii(text);
  if (text.size() < 2 || text.front() != '"' || text.back() != '"') return std::string(text);
  std::string out;
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    if (text[i] == '\\' && i + 2 < text.size()) ++i;
    out.push_back(text[i]);
  }
  return out;
}

MimeAddress ParseMailbox(std::string_view item) {
  item = TrimAscii(item);
  std::size_t open = item.rfind('<');
  if (open == std::string_view::npos) return {"", std::string(item)};
  std::size_t close = item.find('>', open);
  std::string_view address = item.substr(
      open + 1, close == std::string_view::npos ? std::string_view::npos : close - open - 1);
  return {DecodeEncodedWords(Unquote(item.substr(0, open))), std::string(TrimAscii(address))};
}

void MakeUtf8(std::vector<MimeAddress>& addresses) {
  for (auto& a : addresses) {
    a.name = EnsureUtf8(a.name);
    a.address = EnsureUtf8(a.address);
  }
}

// The last guard: every text field leaves the reader as valid UTF-8 (raw 8-bit header bytes are
// read as Windows-1252), so no stored message can make the saved state invalid JSON. Attachment
// bytes stay as they are.
void MakeUtf8(MimeMessage& m) {
  for (auto& h : m.headers) {
    h.name = EnsureUtf8(h.name);
    h.value = EnsureUtf8(h.value);
  }
  m.subject = EnsureUtf8(m.subject);
  m.message_id = EnsureUtf8(m.message_id);
  for (auto* list : {&m.from, &m.sender, &m.to, &m.cc, &m.bcc, &m.reply_to}) MakeUtf8(*list);
  m.text_body = EnsureUtf8(m.text_body);
  m.html_body = EnsureUtf8(m.html_body);
  for (auto& a : m.attachments) {
    a.name = EnsureUtf8(a.name);
    a.content_type = EnsureUtf8(a.content_type);
    a.content_id = EnsureUtf8(a.content_id);
  }
}

}  // namespace

std::vector<MimeHeader> ParseHeaderBlock(std::string_view block) {
  std::vector<MimeHeader> headers;
  for (std::string_view line : Split(block, '\n')) {
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty()) continue;
    if (line.front() == ' ' || line.front() == '\t') {
      if (!headers.empty()) headers.back().value.append(line);
      continue;
    }
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) continue;
    std::string_view name = TrimAscii(line.substr(0, colon));
    if (name.empty() || name.find(' ') != std::string_view::npos) continue;
    // Only the blanks after the colon go: those at the end of a line stay, as they come before
    // a fold (RFC 5322 §2.2.3: unfolding removes the line break and nothing else).
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    headers.push_back({std::string(name), std::string(value)});
  }
  for (auto& h : headers) h.value = std::string(TrimAscii(h.value));  // the field's own ends
  return headers;
}

std::vector<MimeAddress> ParseAddressList(std::string_view value) {
  std::vector<MimeAddress> out;
  std::string current;
  bool in_quote = false;
  int angle = 0;
  int comment = 0;
  auto flush = [&] {
    MimeAddress a = ParseMailbox(current);
    if (!a.address.empty() || !a.name.empty()) out.push_back(std::move(a));
    current.clear();
  };
  for (std::size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (comment > 0) {
      if (c == '\\') ++i;
      if (c == '(') ++comment;
      if (c == ')') --comment;
      continue;
    }
    if (in_quote) {
      current.push_back(c);
      if (c == '\\' && i + 1 < value.size())
        current.push_back(value[++i]);
      else if (c == '"')
        in_quote = false;
      continue;
    }
    if (c == '"') in_quote = true;
    if (c == '(') comment = 1;
    if (c == '<') ++angle;
    if (c == '>' && angle > 0) --angle;
    bool top = angle == 0 && c != '(';
    if (top && (c == ',' || c == ';')) {
      flush();
    } else if (top && c == ':') {
      current.clear();  // "Group name:" — the members follow
    } else if (c != '(') {
      current.push_back(c);
    }
  }
  flush();
  return out;
}

Result<MimeMessage> ParseMime(std::string_view raw) {
  Entity top = SplitEntity(raw);
  if (top.headers.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "MIME content has no header section");
  }
  MimeMessage message;
  message.subject = DecodeEncodedWords(HeaderOr(top.headers, "Subject", ""));
  message.message_id = std::string(TrimAscii(HeaderOr(top.headers, "Message-ID", "")));
  message.from = AddressesOf(top.headers, "From");
  message.sender = AddressesOf(top.headers, "Sender");
  message.to = AddressesOf(top.headers, "To");
  message.cc = AddressesOf(top.headers, "Cc");
  message.bcc = AddressesOf(top.headers, "Bcc");
  message.reply_to = AddressesOf(top.headers, "Reply-To");
  message.importance = ImportanceOf(top.headers);
  BodyCollector collector(message);
  collector.Walk(top, 0);
  collector.ResolveContentIdParts();
  message.headers = std::move(top.headers);
  MakeUtf8(message);
  return message;
}

}  // namespace graphpost::sandbox::graph
