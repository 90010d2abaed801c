#include "graph/mail_message.hpp"

#include <cstdint>
#include <cstdio>

#include <boost/json/array.hpp>

#include "core/ascii.hpp"
#include "core/base64.hpp"

namespace graphpost::graph {
namespace json = boost::json;

namespace {

json::object RecipientJson(const EmailAddress& a) {
  json::object address;
  if (!a.name.empty()) address["name"] = a.name;
  address["address"] = a.address;
  json::object recipient;
  recipient["emailAddress"] = std::move(address);
  return recipient;
}

void AddRecipients(json::object& out, std::string_view key, const std::vector<EmailAddress>& list) {
  if (list.empty()) return;
  json::array array;
  for (const EmailAddress& a : list) array.push_back(RecipientJson(a));
  out[key] = std::move(array);
}

// [{"<first_key>": first, "<second_key>": second}, ...]
json::array PairsJson(const std::vector<std::pair<std::string, std::string>>& pairs,
                      std::string_view first_key, std::string_view second_key) {
  json::array array;
  for (const auto& [first, second] : pairs) {
    json::object item;
    item[first_key] = first;
    item[second_key] = second;
    array.push_back(std::move(item));
  }
  return array;
}

std::size_t Base64Size(std::size_t bytes) { return (bytes + 2) / 3 * 4; }

// Everything but attachment content, with a rough allowance for the MIME framing around it.
std::size_t TextBytes(const OutgoingMessage& m) {
  std::size_t total = m.subject.size() + m.body.size();
  for (const auto* list : {&m.to, &m.cc, &m.bcc, &m.reply_to}) {
    for (const EmailAddress& a : *list) total += a.name.size() + a.address.size() + 8;
  }
  if (m.from) total += m.from->name.size() + m.from->address.size() + 8;
  for (const auto& [name, value] : m.headers) total += name.size() + value.size() + 4;
  for (const auto& property : m.extended_properties) total += property.second.size();
  for (const Attachment& a : m.attachments) total += a.name.size() + a.content_type.size() + 128;
  return total;
}

// Header text Graph copies into the MIME header: visible ASCII and spaces, nothing that could end
// the header line.
bool IsHeaderText(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  }
  return true;
}

bool IsHeaderName(std::string_view name) {
  if (name.size() <= 2 || !AsciiIStartsWith(name, "x-")) return false;
  for (char c : name) {
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f ||
        c == ':') {
      return false;
    }
  }
  return true;
}

Status ValidateHeaders(const OutgoingMessage& m) {
  for (const auto& [name, value] : m.headers) {
    if (!IsHeaderName(name)) {
      return Fail(ErrorCode::kInvalidArgument,
                  "header name '" + name +
                      "' is not allowed: Graph accepts only custom headers starting with X-");
    }
    if (!IsHeaderText(value)) {
      return Fail(ErrorCode::kInvalidArgument,
                  "header " + name + " has a line break or control character in its value");
    }
  }
  return Ok();
}

Status ValidateAddresses(const OutgoingMessage& m) {
  for (const auto* list : {&m.to, &m.cc, &m.bcc, &m.reply_to}) {
    for (const EmailAddress& a : *list) {
      if (TrimAscii(a.address).empty()) {
        return Fail(ErrorCode::kInvalidArgument, "a recipient has an empty address");
      }
    }
  }
  if (m.from && TrimAscii(m.from->address).empty()) {
    return Fail(ErrorCode::kInvalidArgument, "the From address is empty");
  }
  return Ok();
}

}  // namespace

json::object MessageToGraphJson(const OutgoingMessage& m, bool include_attachments) {
  json::object out;
  out["subject"] = m.subject;
  out["body"] = json::object{{"contentType", m.html ? "HTML" : "Text"}, {"content", m.body}};
  if (m.from) out["from"] = RecipientJson(*m.from);
  AddRecipients(out, "toRecipients", m.to);
  AddRecipients(out, "ccRecipients", m.cc);
  AddRecipients(out, "bccRecipients", m.bcc);
  AddRecipients(out, "replyTo", m.reply_to);
  if (!m.headers.empty()) out["internetMessageHeaders"] = PairsJson(m.headers, "name", "value");
  if (!m.extended_properties.empty()) {
    out["singleValueExtendedProperties"] = PairsJson(m.extended_properties, "id", "value");
  }
  if (include_attachments && !m.attachments.empty()) {
    json::array attachments;
    for (const Attachment& a : m.attachments) attachments.push_back(FileAttachmentToGraphJson(a));
    out["attachments"] = std::move(attachments);
  }
  return out;
}

json::object SendMailToGraphJson(const OutgoingMessage& m) {
  json::object out;
  out["message"] = MessageToGraphJson(m, /*include_attachments=*/true);
  out["saveToSentItems"] = m.save_to_sent_items;
  return out;
}

json::object FileAttachmentToGraphJson(const Attachment& a) {
  json::object out;
  out["@odata.type"] = "#microsoft.graph.fileAttachment";
  out["name"] = a.name;
  out["contentType"] = a.content_type;
  out["isInline"] = a.is_inline;
  if (!a.content_id.empty()) out["contentId"] = a.content_id;
  out["contentBytes"] = Base64Encode(a.bytes);
  return out;
}

json::object UploadSessionToGraphJson(const Attachment& a) {
  json::object item;
  item["attachmentType"] = "file";
  item["name"] = a.name;
  item["size"] = static_cast<std::uint64_t>(a.bytes.size());
  item["contentType"] = a.content_type;
  item["isInline"] = a.is_inline;
  if (!a.content_id.empty()) item["contentId"] = a.content_id;
  json::object out;
  out["AttachmentItem"] = std::move(item);
  return out;
}

Status ValidateMessage(const OutgoingMessage& m) {
  if (auto headers = ValidateHeaders(m); !headers) return headers;
  if (auto addresses = ValidateAddresses(m); !addresses) return addresses;
  for (const auto& property : m.extended_properties) {
    if (TrimAscii(property.first).empty()) {
      return Fail(ErrorCode::kInvalidArgument, "an extended property has an empty id");
    }
  }
  return Ok();
}

std::size_t EstimateMessageBytes(const OutgoingMessage& m) {
  std::size_t total = TextBytes(m);
  for (const Attachment& a : m.attachments) total += Base64Size(a.bytes.size());
  return total;
}

std::size_t MessageContentBytes(const OutgoingMessage& m) {
  std::size_t total = TextBytes(m);
  for (const Attachment& a : m.attachments) total += a.bytes.size();
  return total;
}

std::string FormatMegabytes(std::size_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return text;
}

}  // namespace graphpost::graph
