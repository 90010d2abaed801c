// The canonical JSON of an ApiMessage (what the outbox stores) and JSON paths.
#include <algorithm>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/ascii.hpp"
#include "core/base64.hpp"
#include "message/api_message.hpp"
#include "message/rfc3339.hpp"

namespace graphpost::message {
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxShownName = 32;

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool IsIdentifier(std::string_view key) {
  if (key.empty()) return false;
  for (std::size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

json::value AddressJson(const graph::EmailAddress& a) {
  if (a.name.empty()) return json::value(a.address);
  return json::object{{"address", a.address}, {"name", a.name}};
}

void PutRecipients(json::object& out, std::string_view key,
                   const std::vector<graph::EmailAddress>& list) {
  if (list.empty()) return;
  json::array array;
  for (const auto& a : list) array.push_back(AddressJson(a));
  out[key] = std::move(array);
}

json::object AttachmentJson(const graph::Attachment& a) {
  json::object out;
  out["name"] = a.name;
  out["contentType"] = a.content_type;
  out["contentBytes"] = Base64Encode(a.bytes);
  out["inline"] = a.is_inline;
  if (!a.content_id.empty()) out["contentId"] = a.content_id;
  return out;
}

bool SameAddresses(const std::vector<graph::EmailAddress>& a,
                   const std::vector<graph::EmailAddress>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].address != b[i].address || a[i].name != b[i].name) return false;
  }
  return true;
}

bool SameAttachments(const std::vector<graph::Attachment>& a,
                     const std::vector<graph::Attachment>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name || a[i].content_type != b[i].content_type ||
        a[i].bytes != b[i].bytes || a[i].is_inline != b[i].is_inline ||
        a[i].content_id != b[i].content_id) {
      return false;
    }
  }
  return true;
}

bool SameOutgoing(const graph::OutgoingMessage& a, const graph::OutgoingMessage& b) {
  const bool same_from =
      a.from.has_value() == b.from.has_value() &&
      (!a.from || (a.from->address == b.from->address && a.from->name == b.from->name));
  return a.subject == b.subject && a.body == b.body && a.html == b.html &&
         SameAddresses(a.to, b.to) && SameAddresses(a.cc, b.cc) && SameAddresses(a.bcc, b.bcc) &&
         SameAddresses(a.reply_to, b.reply_to) && same_from && a.headers == b.headers &&
         SameAttachments(a.attachments, b.attachments) &&
         a.extended_properties == b.extended_properties &&
         a.save_to_sent_items == b.save_to_sent_items;
}

}  // namespace

int ApiMessage::recipient_count() const {
  return static_cast<int>(message.to.size() + message.cc.size() + message.bcc.size());
}

bool operator==(const ApiMessage& a, const ApiMessage& b) {
  return a.connection == b.connection && a.from == b.from &&
         a.text_alternative == b.text_alternative && a.send_at == b.send_at &&
         a.time_to_live == b.time_to_live && SameOutgoing(a.message, b.message);
}

std::string ToCanonicalJson(const ApiMessage& m) {
  json::object out;
  if (!m.connection.empty()) out["connection"] = m.connection;
  if (!m.from.empty()) out["from"] = m.from;
  PutRecipients(out, "to", m.message.to);
  PutRecipients(out, "cc", m.message.cc);
  PutRecipients(out, "bcc", m.message.bcc);
  PutRecipients(out, "replyTo", m.message.reply_to);
  out["subject"] = m.message.subject;
  if (!m.message.html) {
    out["text"] = m.message.body;
  } else {
    if (m.text_alternative) out["text"] = *m.text_alternative;
    out["html"] = m.message.body;
  }
  if (!m.message.attachments.empty()) {
    json::array attachments;
    for (const auto& a : m.message.attachments) attachments.push_back(AttachmentJson(a));
    out["attachments"] = std::move(attachments);
  }
  if (!m.message.headers.empty()) {
    json::object headers;
    for (const auto& [name, value] : m.message.headers) headers[name] = value;
    out["headers"] = std::move(headers);
  }
  out["saveToSentItems"] = m.message.save_to_sent_items;
  if (m.send_at) out["sendAt"] = FormatRfc3339(*m.send_at);
  if (m.time_to_live) out["timeToLive"] = m.time_to_live->count();
  return json::serialize(out);
}

bool IsShownName(std::string_view key) {
  if (key.empty() || key.size() > kMaxShownName || AsciiIStartsWith(key, "gpk_")) return false;
  if (!IsAsciiLetter(key[0])) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return IsAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

std::string MemberPath(std::string_view base, std::string_view key) {
  if (!IsShownName(key)) return std::string(base) + "['" + std::string(kNameNotShown) + "']";
  if (IsIdentifier(key)) return std::string(base) + "." + std::string(key);
  return std::string(base) + "['" + std::string(key) + "']";  // '-' only: nothing to escape
}

std::string IndexPath(std::string_view base, std::size_t index) {
  return std::string(base) + "[" + std::to_string(index) + "]";
}

}  // namespace graphpost::message
