// ParseApiMessage: the request's message object → ApiMessage, with every invalid field's path.
// Field names and rules are documented in docs/gateway.md, "The message".
#include <algorithm>
#include <array>
#include <chrono>

#include <boost/json/value.hpp>

#include "core/ascii.hpp"
#include "core/base64.hpp"
#include "graph/mail_message.hpp"
#include "message/api_message.hpp"
#include "message/email_address.hpp"
#include "message/internal/field_reader.hpp"
#include "message/json_document.hpp"
#include "message/rfc3339.hpp"

namespace graphpost::message {
namespace json = boost::json;
using internal::FieldReader;

namespace {

constexpr std::size_t kMaxNameBytes = 256;         // display names, attachment names
constexpr std::size_t kMaxHeaderValueBytes = 998;  // RFC 5322 line length
constexpr std::size_t kMaxHeaderNameBytes = 76;
constexpr std::size_t kMaxHeaders = 100;
constexpr std::size_t kMaxSubjectBytes = 998;
constexpr long long kMaxTimeToLiveSeconds = 365LL * 24 * 3600;

constexpr std::array<std::string_view, 14> kMessageFields = {
    "connection", "from",      "to",   "cc",          "bcc",     "replyTo",
    "subject",    "text",      "html", "attachments", "headers", "saveToSentItems",
    "sendAt",     "timeToLive"};

bool IsConnectionName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool IsHeaderName(std::string_view name) {
  if (name.size() <= 2 || name.size() > kMaxHeaderNameBytes || !AsciiIStartsWith(name, "x-")) {
    return false;
  }
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == ':') return false;
  }
  return true;
}

// "type/subtype[; parameters]" without spaces before the ';' or control characters.
bool IsContentType(std::string_view type) {
  const std::size_t slash = type.find('/');
  const std::size_t end = std::min(type.find(';'), type.size());
  if (slash == type.npos || slash == 0 || slash + 1 >= end) return false;
  for (std::size_t i = 0; i < end; ++i) {
    const auto u = static_cast<unsigned char>(type[i]);
    if (u <= 0x20 || u >= 0x7f || (type[i] == '/' && i != slash)) return false;
  }
  return !internal::HasControl(type, /*allow_tab=*/false);
}

bool IsBase64Symbol(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

// Standard base64 as RFC 4648 §4 writes it, the one spelling of each byte string: groups of four
// symbols, '=' only as the last group's padding, the padded symbol's unused bits zero, and no
// whitespace. (core's Base64Decode is lenient, as MIME bodies need; the API promises RFC 4648.)
bool IsCanonicalBase64(std::string_view text) {
  if (text.size() % 4 != 0) return false;
  std::size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
  const std::string_view symbols = text.substr(0, text.size() - padding);
  if (!std::all_of(symbols.begin(), symbols.end(), IsBase64Symbol)) return false;
  if (padding == 0) return true;
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const std::size_t last = kAlphabet.find(symbols.back());
  return (last & (padding == 1 ? 0x03 : 0x0F)) == 0;
}

const json::value* Member(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it == o.end() ? nullptr : &it->value();
}

class MessageParser {
 public:
  MessageParser(std::string_view path, const ParseLimits& limits) : path_(path), limits_(limits) {}

  Expected<ApiMessage, std::vector<FieldError>> Parse(const json::value& value) {
    const json::object* object = in_.Object(value, path_);
    if (object != nullptr) ReadObject(*object);
    if (in_.failed()) return Unexpected(in_.TakeErrors());
    return std::move(m_);
  }

 private:
  std::string Path(std::string_view key) const { return MemberPath(path_, key); }

  void ReadObject(const json::object& o) {
    for (const auto& member : o) {
      const std::string_view key = member.key();
      if (std::find(kMessageFields.begin(), kMessageFields.end(), key) == kMessageFields.end()) {
        in_.Fail(Path(key), "is not a field of a message");
      }
    }
    ReadSender(o);
    m_.message.to = ReadRecipients(o, "to");
    m_.message.cc = ReadRecipients(o, "cc");
    m_.message.bcc = ReadRecipients(o, "bcc");
    m_.message.reply_to = ReadRecipients(o, "replyTo");
    CheckRecipientCount(o);
    if (const json::value* v = Member(o, "subject")) {
      m_.message.subject = in_.Line(*v, Path("subject"), kMaxSubjectBytes, true).value_or("");
    }
    ReadBody(o);
    if (const json::value* v = Member(o, "attachments")) ReadAttachments(*v);
    if (const json::value* v = Member(o, "headers")) ReadHeaders(*v);
    if (const json::value* v = Member(o, "saveToSentItems")) {
      m_.message.save_to_sent_items = in_.Bool(*v, Path("saveToSentItems")).value_or(true);
    }
    ReadSchedule(o);
    if (!in_.failed()) CheckSize();
  }

  void ReadSender(const json::object& o) {
    if (const json::value* v = Member(o, "connection")) {
      auto name = in_.String(*v, Path("connection"));
      if (name && !IsConnectionName(*name)) {
        in_.Fail(Path("connection"), "must be 1 to 64 letters, digits, '.', '_' or '-'");
      } else if (name) {
        m_.connection = std::move(*name);
      }
    }
    if (const json::value* v = Member(o, "from")) {
      auto from = in_.String(*v, Path("from"));
      if (from) {
        if (auto problem = AddressProblem(*from)) {
          in_.Fail(Path("from"), "is not a valid e-mail address: it " + *problem);
        } else {
          m_.from = std::move(*from);
        }
      }
    }
    if (Member(o, "connection") == nullptr && Member(o, "from") == nullptr) {
      in_.Fail(path_, "needs a connection or a from address (or both)");
    }
  }

  std::vector<graph::EmailAddress> ReadRecipients(const json::object& o, std::string_view key) {
    std::vector<graph::EmailAddress> list;
    const json::value* v = Member(o, key);
    if (v == nullptr) return list;
    const std::string path = Path(key);
    const json::array* array = in_.Array(*v, path);
    if (array == nullptr) return list;
    for (std::size_t i = 0; i < array->size(); ++i) {
      if (auto address = ReadAddress((*array)[i], IndexPath(path, i))) {
        list.push_back(std::move(*address));
      }
    }
    return list;
  }

  // "alice@contoso.com" or {"address": "alice@contoso.com", "name": "Alice"}.
  std::optional<graph::EmailAddress> ReadAddress(const json::value& v, const std::string& path) {
    graph::EmailAddress out;
    std::string address_path = path;
    if (v.is_string()) {
      out.address = std::string(v.get_string());
    } else if (const json::object* o = v.if_object()) {
      for (const auto& member : *o) {
        if (member.key() != "address" && member.key() != "name") {
          in_.Fail(MemberPath(path, member.key()), "is not a field of an address");
        }
      }
      address_path = MemberPath(path, "address");
      const json::value* address = Member(*o, "address");
      if (address == nullptr) {
        in_.Fail(address_path, "is required");
        return std::nullopt;
      }
      auto text = in_.String(*address, address_path);
      if (!text) return std::nullopt;
      out.address = std::move(*text);
      if (const json::value* name = Member(*o, "name")) {
        out.name = in_.Line(*name, MemberPath(path, "name"), kMaxNameBytes, true).value_or("");
      }
    } else {
      in_.Fail(path, "must be an address string or an object with address and name, not " +
                         std::string(internal::JsonTypeName(v)));
      return std::nullopt;
    }
    if (auto problem = AddressProblem(out.address)) {
      in_.Fail(address_path, "is not a valid e-mail address: it " + *problem);
      return std::nullopt;
    }
    return out;
  }

  void CheckRecipientCount(const json::object& o) {
    if (Member(o, "to") == nullptr && Member(o, "cc") == nullptr && Member(o, "bcc") == nullptr) {
      in_.Fail(path_, "needs at least one recipient in to, cc or bcc");
      return;
    }
    const int count = m_.recipient_count();
    if (count > limits_.max_recipients) {
      in_.Fail(path_, "has " + std::to_string(count) + " recipients in to, cc and bcc; at most " +
                          std::to_string(limits_.max_recipients) + " are allowed");
    } else if (count == 0 && !in_.failed()) {
      in_.Fail(path_, "needs at least one recipient in to, cc or bcc");
    }
  }

  void ReadBody(const json::object& o) {
    const json::value* text = Member(o, "text");
    const json::value* html = Member(o, "html");
    if (text == nullptr && html == nullptr) {
      in_.Fail(path_, "needs a body: text, html or both");
      return;
    }
    std::optional<std::string> text_body, html_body;
    if (text != nullptr) text_body = in_.String(*text, Path("text"));
    if (html != nullptr) html_body = in_.String(*html, Path("html"));
    if (html_body) {
      m_.message.body = std::move(*html_body);
      m_.message.html = true;
      m_.text_alternative = std::move(text_body);
    } else if (text_body) {
      m_.message.body = std::move(*text_body);
    }
  }

  void ReadAttachments(const json::value& v) {
    const std::string path = Path("attachments");
    const json::array* array = in_.Array(v, path);
    if (array == nullptr) return;
    for (std::size_t i = 0; i < array->size(); ++i) {
      if (auto a = ReadAttachment((*array)[i], IndexPath(path, i))) {
        m_.message.attachments.push_back(std::move(*a));
      }
    }
  }

  std::optional<graph::Attachment> ReadAttachment(const json::value& v, const std::string& path) {
    const json::object* o = in_.Object(v, path);
    if (o == nullptr) return std::nullopt;
    const std::size_t errors_before = in_.error_count();
    for (const auto& member : *o) {
      const std::string_view key = member.key();
      if (key != "name" && key != "contentType" && key != "contentBytes" && key != "inline" &&
          key != "contentId") {
        in_.Fail(MemberPath(path, key), "is not a field of an attachment");
      }
    }
    graph::Attachment a;
    a.name = RequiredLine(*o, path, "name");
    if (const json::value* type = Member(*o, "contentType")) {
      auto text = in_.Line(*type, MemberPath(path, "contentType"), kMaxNameBytes);
      if (text && !IsContentType(*text)) {
        in_.Fail(MemberPath(path, "contentType"), "must be a media type such as image/png");
      } else if (text) {
        a.content_type = std::move(*text);
      }
    }
    ReadContentBytes(*o, path, a);
    if (const json::value* flag = Member(*o, "inline")) {
      a.is_inline = in_.Bool(*flag, MemberPath(path, "inline")).value_or(false);
    }
    if (const json::value* id = Member(*o, "contentId")) {
      auto text = in_.Line(*id, MemberPath(path, "contentId"), kMaxNameBytes);
      if (text && (text->find_first_of(" <>\"") != text->npos)) {
        in_.Fail(MemberPath(path, "contentId"),
                 "must not contain spaces, quotes or angle brackets");
      } else if (text) {
        a.content_id = std::move(*text);
      }
    }
    if (in_.error_count() != errors_before) return std::nullopt;
    return a;
  }

  std::string RequiredLine(const json::object& o, const std::string& path, std::string_view key) {
    const std::string field = MemberPath(path, key);
    const json::value* v = Member(o, key);
    if (v == nullptr) {
      in_.Fail(field, "is required");
      return {};
    }
    auto text = in_.Line(*v, field, kMaxNameBytes);
    if (text && text->empty()) in_.Fail(field, "must not be empty");
    return text.value_or("");
  }

  void ReadContentBytes(const json::object& o, const std::string& path, graph::Attachment& a) {
    const std::string field = MemberPath(path, "contentBytes");
    const json::value* v = Member(o, "contentBytes");
    if (v == nullptr) {
      in_.Fail(field, "is required");
      return;
    }
    auto text = in_.String(*v, field);
    if (!text) return;
    auto bytes = IsCanonicalBase64(*text) ? Base64Decode(*text) : std::nullopt;
    if (!bytes) {
      in_.Fail(field,
               "is not base64 as RFC 4648 writes it: the standard alphabet, padded with '=' to a "
               "multiple of 4 characters, no spaces or line breaks");
      return;
    }
    a.bytes = std::move(*bytes);
  }

  void ReadHeaders(const json::value& v) {
    const std::string path = Path("headers");
    const json::object* o = in_.Object(v, path);
    if (o == nullptr) return;
    if (o->size() > kMaxHeaders) {
      in_.Fail(path, "has more than " + std::to_string(kMaxHeaders) + " headers");
      return;
    }
    for (const auto& member : *o) {
      const std::string name(member.key());
      const std::string field = MemberPath(path, name);
      if (!IsHeaderName(name)) {
        in_.Fail(field,
                 "is not allowed: custom header names start with X- and have no spaces, "
                 "colons or control characters (at most 76 bytes)");
        continue;
      }
      if (HasHeader(name)) {
        in_.Fail(field, "repeats a header name (names are case-insensitive)");
        continue;
      }
      if (auto value = in_.Line(member.value(), field, kMaxHeaderValueBytes, true)) {
        m_.message.headers.emplace_back(name, std::move(*value));
      }
    }
  }

  bool HasHeader(std::string_view name) const {
    for (const auto& header : m_.message.headers) {
      if (AsciiIEquals(header.first, name)) return true;
    }
    return false;
  }

  void ReadSchedule(const json::object& o) {
    if (const json::value* v = Member(o, "sendAt")) {
      if (auto text = in_.String(*v, Path("sendAt"))) {
        m_.send_at = ParseRfc3339(*text);
        if (!m_.send_at) {
          in_.Fail(Path("sendAt"),
                   "must be an RFC 3339 time with a zone, e.g. 2026-05-01T09:30:00Z, in the years "
                   "2000 to 2199");
        }
      }
    }
    if (const json::value* v = Member(o, "timeToLive")) {
      if (auto seconds = in_.Integer(*v, Path("timeToLive"), 1, kMaxTimeToLiveSeconds)) {
        m_.time_to_live = std::chrono::seconds{*seconds};
      }
    }
  }

  void CheckSize() {
    std::size_t bytes = graph::EstimateMessageBytes(m_.message);
    if (m_.text_alternative) bytes += m_.text_alternative->size();
    if (bytes > limits_.max_message_bytes) {
      in_.Fail(path_, "is " + graph::FormatMegabytes(bytes) +
                          " as Exchange counts it (attachments as base64); the limit is " +
                          graph::FormatMegabytes(limits_.max_message_bytes));
    }
  }

  std::string path_;
  const ParseLimits& limits_;
  FieldReader in_;
  ApiMessage m_;
};

}  // namespace

Expected<ApiMessage, std::vector<FieldError>> ParseApiMessageValue(const json::value& value,
                                                                   std::string_view path,
                                                                   const ParseLimits& limits) {
  return MessageParser(path, limits).Parse(value);
}

Expected<ApiMessage, std::vector<FieldError>> ParseApiMessage(std::string_view json_text,
                                                              const ParseLimits& limits) {
  auto document = ParseJsonDocument(json_text);
  if (!document) return Unexpected(std::move(document.error().errors));
  return ParseApiMessageValue(*document, "$", limits);
}

}  // namespace graphpost::message
