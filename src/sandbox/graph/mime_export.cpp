#include "sandbox/graph/mime_export.hpp"

#include "core/base64.hpp"
#include "core/json.hpp"
#include "sandbox/graph/mime_splice.hpp"

namespace graphpost::sandbox::graph {
namespace {

namespace json = boost::json;

constexpr std::string_view kBoundary = "_sandbox_boundary_";

// Boost.JSON object accessors (core's helpers take a json::value and would copy an object).
std::string Text(const json::object& object, std::string_view key) {
  const json::value* v = object.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

bool IsAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80 || c == '\r' || c == '\n') return false;
  }
  return true;
}

std::string EncodeWord(std::string_view text) {
  return IsAscii(text) ? std::string(text) : "=?utf-8?B?" + Base64Encode(text) + "?=";
}

std::string Mailbox(const json::value& recipient) {
  const json::value* email =
      recipient.is_object() ? recipient.get_object().if_contains("emailAddress") : nullptr;
  if (email == nullptr) return {};
  std::string address = JsonString(*email, "address").value_or("");
  std::string name = JsonString(*email, "name").value_or("");
  if (name.empty() || name == address) return address;
  std::string quoted = IsAscii(name) ? "\"" + name + "\"" : EncodeWord(name);
  return quoted + " <" + address + ">";
}

void AddressHeader(std::string& out, std::string_view header, const json::object& graph,
                   std::string_view key) {
  const json::value* v = graph.if_contains(key);
  std::string list = v == nullptr ? std::string() : AddressHeaderValue(*v);
  if (!list.empty()) out += std::string(header) + ": " + list + "\r\n";
}

// Base64 wrapped at 76 characters, as RFC 2045 requires.
std::string Base64Lines(std::string_view bytes) {
  std::string encoded = Base64Encode(bytes);
  std::string out;
  for (std::size_t i = 0; i < encoded.size(); i += 76) out += encoded.substr(i, 76) + "\r\n";
  return out;
}

std::string BodyPart(const json::object& graph) {
  const json::value* body = graph.if_contains("body");
  const json::object empty;
  const json::object& b = body != nullptr && body->is_object() ? body->get_object() : empty;
  std::string type = Text(b, "contentType");
  std::string content = Text(b, "content");
  return "Content-Type: text/" + std::string(type == "html" ? "html" : "plain") +
         "; charset=\"utf-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Base64Lines(content);
}

// One attachment as a body part; lines end with `nl`.
std::string AttachmentPart(const StoredAttachment& a, std::string_view nl = "\r\n") {
  const std::string eol(nl);
  std::string part = "Content-Type: " + a.content_type + "; name=\"" + EncodeWord(a.name) + "\"" +
                     eol + "Content-Disposition: " + (a.is_inline ? "inline" : "attachment") +
                     "; filename=\"" + EncodeWord(a.name) + "\"" + eol;
  if (!a.content_id.empty()) part += "Content-ID: <" + a.content_id + ">" + eol;
  std::string encoded = Base64Encode(a.bytes ? std::string_view(*a.bytes) : std::string_view());
  part += "Content-Transfer-Encoding: base64" + eol + eol;
  part.reserve(part.size() + encoded.size() + encoded.size() / 76 * nl.size() + nl.size());
  for (std::size_t i = 0; i < encoded.size(); i += 76) {
    part.append(encoded, i, 76);
    part += eol;
  }
  return part;
}

// The submitted MIME as stored, with what Exchange adds: a Message-ID when it had none (the
// item's internetMessageId) and the attachments added after it was submitted.
std::string ExportSubmittedMime(const StoredMessage& message) {
  std::string out = *message.mime;
  std::string id = Text(message.graph, "internetMessageId");
  if (!id.empty() && !HasHeaderField(out, "Message-ID")) {
    out = SetHeaderField(out, "Message-ID", id);
  }
  std::vector<MimePart> added;
  std::string newline;
  for (const auto& a : message.attachments) {
    if (!a.after_mime) continue;
    if (newline.empty()) newline = ScanHeaderSection(out).newline;
    added.push_back({AttachmentPart(a, newline)});
  }
  return added.empty() ? out : AddMixedParts(out, added);
}

}  // namespace

std::string AddressHeaderValue(const json::value& recipients) {
  std::string list;
  if (recipients.is_array()) {
    for (const auto& r : recipients.get_array()) {
      std::string mailbox = Mailbox(r);
      if (!mailbox.empty()) list += (list.empty() ? "" : ", ") + mailbox;
    }
  } else if (recipients.is_object()) {
    list = Mailbox(recipients);
  }
  return list;
}

std::string EncodeHeaderText(std::string_view text) { return EncodeWord(text); }

std::string ExportMime(const StoredMessage& message) {
  if (message.mime) return ExportSubmittedMime(message);
  const json::object& g = message.graph;
  std::string out;
  AddressHeader(out, "From", g, "from");
  AddressHeader(out, "Sender", g, "sender");
  AddressHeader(out, "To", g, "toRecipients");
  AddressHeader(out, "Cc", g, "ccRecipients");
  AddressHeader(out, "Bcc", g, "bccRecipients");
  AddressHeader(out, "Reply-To", g, "replyTo");
  out += "Subject: " + EncodeWord(Text(g, "subject")) + "\r\n";
  if (auto sent = ParseIso8601(Text(g, "sentDateTime"))) {
    std::string date = FormatHttpDate(*sent);  // "..., 24 Aug 2025 12:55:18 GMT"
    out += "Date: " + date.substr(0, date.size() - 3) + "+0000\r\n";
  }
  out += "Message-ID: " + Text(g, "internetMessageId") + "\r\n";
  if (const json::value* headers = g.if_contains("internetMessageHeaders");
      headers && headers->is_array()) {
    for (const auto& h : headers->get_array()) {
      out +=
          JsonString(h, "name").value_or("") + ": " + JsonString(h, "value").value_or("") + "\r\n";
    }
  }
  out += "MIME-Version: 1.0\r\n";
  if (message.attachments.empty()) return out + BodyPart(g);
  out += "Content-Type: multipart/mixed; boundary=\"" + std::string(kBoundary) + "\"\r\n\r\n";
  out += "--" + std::string(kBoundary) + "\r\n" + BodyPart(g);
  for (const auto& a : message.attachments) {
    out += "--" + std::string(kBoundary) + "\r\n" + AttachmentPart(a);
  }
  return out + "--" + std::string(kBoundary) + "--\r\n";
}

}  // namespace graphpost::sandbox::graph
