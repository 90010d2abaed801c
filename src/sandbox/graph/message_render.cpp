// Stored messages: ids, stamping, sizes, rendering and body conversions.
#include <algorithm>

#include "core/ascii.hpp"
#include "core/base64.hpp"
#include "core/form.hpp"
#include "sandbox/graph/message_model.hpp"
#include "sandbox/graph/odata.hpp"

namespace graphpost::sandbox::graph {
namespace {

namespace json = boost::json;

constexpr std::string_view kServerHost = "SA1PR04MB8635";  // looks like an Exchange Online host
constexpr std::size_t kPreviewCharacters = 255;

std::string StringField(const json::object& object, std::string_view key) {
  const json::value* v = object.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

bool Selected(const std::vector<std::string>& select, std::string_view name) {
  for (const auto& s : select) {
    if (AsciiIEquals(s, name)) return true;
  }
  return false;
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\n':
        out += "<br>\r\n";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

json::object ConvertBody(const json::object& body, std::string_view wanted) {
  std::string type = StringField(body, "contentType");
  std::string content = StringField(body, "content");
  if (type == wanted) return body;
  if (wanted == "text")
    return json::object{{"contentType", "text"}, {"content", HtmlToText(content)}};
  return json::object{{"contentType", "html"}, {"content", WrapHtml(HtmlEscape(content))}};
}

// Keeps whole UTF-8 characters: at most `limit` code points.
std::string TruncateUtf8(std::string_view text, std::size_t limit) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (count == limit) return std::string(text.substr(0, i));
      ++count;
    }
  }
  return std::string(text);
}

void DecodeEntityAt(std::string_view html, std::size_t& i, std::string& out) {
  static constexpr std::pair<std::string_view, std::string_view> kEntities[] = {
      {"&amp;", "&"},   {"&lt;", "<"},  {"&gt;", ">"},
      {"&quot;", "\""}, {"&#39;", "'"}, {"&nbsp;", " "}};
  for (const auto& [entity, text] : kEntities) {
    if (html.substr(i, entity.size()) == entity) {
      out += text;
      i += entity.size() - 1;
      return;
    }
  }
  out.push_back('&');
}

}  // namespace

std::string StoredMessage::Id() const { return StringField(graph, "id"); }

std::string NewItemId(Random& random) {
  return "AAMkA" + Base64UrlEncode(random.Bytes(36)) + "AAA=";
}

std::string NewChangeKey(Random& random) { return "CQAAABYAAA" + Base64Encode(random.Bytes(21)); }

std::string NewInternetMessageId(Random& random) {
  std::string hex;
  for (unsigned char c : random.Bytes(10)) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    hex.push_back(kHex[c >> 4]);
    hex.push_back(kHex[c & 15]);
  }
  return "<" + std::string(kServerHost) + hex + "@" + std::string(kServerHost) +
         ".namprd04.prod.outlook.com>";
}

std::size_t MessageSize(const MessageInput& input) {
  std::size_t size = StringField(input.fields, "subject").size();
  if (const json::value* body = input.fields.if_contains("body"); body && body->is_object()) {
    size += StringField(body->get_object(), "content").size();
  }
  for (const auto& a : input.attachments) size += a.size();
  return size;
}

std::size_t MessageSize(const StoredMessage& message) {
  std::size_t size = StringField(message.graph, "subject").size();
  if (const json::value* body = message.graph.if_contains("body"); body && body->is_object()) {
    size += StringField(body->get_object(), "content").size();
  }
  for (const auto& a : message.attachments) size += a.size();
  return size;
}

StoredMessage NewStoredMessage(MessageInput input, const Stamp& stamp, Random& random) {
  json::object& in = input.fields;
  auto take = [&](std::string_view key, json::value fallback) -> json::value {
    json::value* v = in.if_contains(key);
    return v != nullptr && !v->is_null() ? std::move(*v) : std::move(fallback);
  };
  std::string now = FormatIso8601(stamp.now);
  std::string id = NewItemId(random);
  json::object body =
      take("body", json::object{{"contentType", "text"}, {"content", ""}}).as_object();
  if (StringField(body, "contentType") == "html")
    body["content"] = WrapHtml(StringField(body, "content"));
  json::object g;
  g.reserve(32);
  g["id"] = id;
  g["createdDateTime"] = now;
  g["lastModifiedDateTime"] = now;
  g["changeKey"] = NewChangeKey(random);
  g["categories"] = take("categories", json::array{});
  g["receivedDateTime"] = now;
  g["sentDateTime"] = now;
  g["hasAttachments"] = HasVisibleAttachments(input.attachments);
  g["internetMessageId"] = take("internetMessageId", json::string(NewInternetMessageId(random)));
  g["subject"] = take("subject", json::string());
  g["bodyPreview"] = BodyPreview(body);
  g["importance"] = take("importance", json::string("normal"));
  g["parentFolderId"] = stamp.folder_id;
  g["conversationId"] = "AAQkA" + Base64UrlEncode(random.Bytes(24)) + "=";
  g["conversationIndex"] = Base64Encode(random.Bytes(22));
  g["isDeliveryReceiptRequested"] = take("isDeliveryReceiptRequested", false);
  g["isReadReceiptRequested"] = take("isReadReceiptRequested", false);
  g["isRead"] = stamp.is_read;
  g["isDraft"] = stamp.is_draft;
  g["webLink"] = "https://outlook.office365.com/owa/?ItemID=" + PercentEncode(id) +
                 "&exvsurl=1&viewmodel=ReadMessageItem";
  g["inferenceClassification"] = "focused";
  g["body"] = std::move(body);
  for (std::string_view key : {"sender", "from"}) {
    if (json::value* v = in.if_contains(key); v != nullptr && !v->is_null()) g[key] = std::move(*v);
  }
  for (std::string_view key : {"toRecipients", "ccRecipients", "bccRecipients", "replyTo"}) {
    g[key] = take(key, json::array{});
  }
  g["flag"] = take("flag", json::object{{"flagStatus", "notFlagged"}});
  g["internetMessageHeaders"] = take("internetMessageHeaders", json::array{});
  if (json::value* v = in.if_contains("singleValueExtendedProperties")) {
    g["singleValueExtendedProperties"] = std::move(*v);
  }
  StoredMessage message{std::move(g), std::move(input.attachments), std::move(input.mime), 0};
  for (auto& a : message.attachments) {
    a.id = NewItemId(random);
    a.last_modified = stamp.now;
  }
  return message;
}

void Touch(StoredMessage& message, WallTime now, Random& random) {
  message.graph["lastModifiedDateTime"] = FormatIso8601(now);
  message.graph["changeKey"] = NewChangeKey(random);
}

bool HasVisibleAttachments(const std::vector<StoredAttachment>& attachments) {
  return std::any_of(attachments.begin(), attachments.end(),
                     [](const StoredAttachment& a) { return !a.is_inline; });
}

void SetHasAttachments(StoredMessage& message) {
  message.graph["hasAttachments"] = HasVisibleAttachments(message.attachments);
}

StoredMessage CopyForDelivery(const StoredMessage& prepared, WallTime now, Random& random) {
  StoredMessage copy = prepared;
  std::string id = NewItemId(random);
  copy.graph["id"] = id;
  copy.graph["changeKey"] = NewChangeKey(random);
  std::string when = FormatIso8601(now);
  copy.graph["createdDateTime"] = when;
  copy.graph["lastModifiedDateTime"] = when;
  copy.graph["receivedDateTime"] = when;
  copy.graph["isRead"] = false;
  copy.graph["isDraft"] = false;
  copy.graph["bccRecipients"] = json::array{};
  copy.graph["webLink"] = "https://outlook.office365.com/owa/?ItemID=" + PercentEncode(id) +
                          "&exvsurl=1&viewmodel=ReadMessageItem";
  for (auto& a : copy.attachments) a.id = NewItemId(random);
  return copy;
}

json::object RenderMessage(const StoredMessage& message, const RenderOptions& options) {
  bool headers = Selected(options.select, "internetMessageHeaders");
  bool extended = options.expand_extended_properties ||
                  Selected(options.select, "singleValueExtendedProperties");
  json::object out;
  out.reserve(message.graph.size() + 1);
  out["@odata.etag"] = "W/\"" + StringField(message.graph, "changeKey") + "\"";
  for (const auto& [key, value] : message.graph) {
    if (key == "internetMessageHeaders" && !headers) continue;
    if (key == "singleValueExtendedProperties" && !extended) continue;
    if (key == "body" && options.body_content_type && value.is_object()) {
      out[key] = ConvertBody(value.get_object(), *options.body_content_type);
      continue;
    }
    out[key] = value;
  }
  return ApplySelect(options.select, out);
}

json::object RenderAttachment(const StoredAttachment& a, bool with_bytes) {
  json::object out{
      {"@odata.type", "#microsoft.graph.fileAttachment"},
      {"@odata.mediaContentType", a.content_type},
      {"id", a.id},
      {"lastModifiedDateTime", FormatIso8601(a.last_modified)},
      {"name", a.name},
      {"contentType", a.content_type},
      {"size", a.size()},
      {"isInline", a.is_inline},
      {"contentId", a.content_id.empty() ? json::value(nullptr) : json::value(a.content_id)},
      {"contentLocation", nullptr}};
  if (with_bytes) out["contentBytes"] = a.bytes ? Base64Encode(*a.bytes) : std::string();
  return out;
}

std::string WrapHtml(std::string_view html) {
  std::string_view trimmed = TrimAscii(html);
  if (AsciiIStartsWith(trimmed, "<html")) return std::string(html);
  return "<html><head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">"
         "\r\n</head>\r\n<body>\r\n" +
         std::string(html) + "\r\n</body>\r\n</html>\r\n";
}

std::string HtmlToText(std::string_view html) {
  std::string out;
  for (std::size_t i = 0; i < html.size(); ++i) {
    if (html[i] == '&') {
      DecodeEntityAt(html, i, out);
    } else if (html[i] != '<') {
      out.push_back(html[i]);
    } else {
      std::size_t end = html.find('>', i);
      std::string tag =
          AsciiLower(html.substr(i + 1, end == std::string_view::npos ? 0 : end - i - 1));
      for (std::string_view skip : {"head", "style", "script"}) {
        if (tag == skip || tag.starts_with(std::string(skip) + " ")) {
          end = html.find("</" + std::string(skip), i);
          end = end == std::string_view::npos ? end : html.find('>', end);
        }
      }
      if (tag == "br" || tag == "br/" || tag == "br /" || tag == "/p" || tag == "/div")
        out.push_back('\n');
      if (end == std::string_view::npos) break;
      i = end;
    }
  }
  return std::string(TrimAscii(out));
}

std::string BodyPreview(const json::object& body) {
  std::string content = StringField(body, "content");
  std::string text = StringField(body, "contentType") == "html" ? HtmlToText(content) : content;
  std::string collapsed;
  for (char c : text) {
    bool blank = c == ' ' || c == '\t' || c == '\r' || c == '\n';
    if (blank && (collapsed.empty() || collapsed.back() == ' ')) continue;
    collapsed.push_back(blank ? ' ' : c);
  }
  return TruncateUtf8(TrimAscii(collapsed), kPreviewCharacters);
}

}  // namespace graphpost::sandbox::graph
