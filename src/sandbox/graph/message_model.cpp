// Client input → MessageInput: JSON and base64 MIME, with Graph's validation errors.
#include "sandbox/graph/message_model.hpp"

#include "core/ascii.hpp"
#include "core/base64.hpp"
#include "sandbox/graph/mime_reader.hpp"
#include "sandbox/graph/mime_splice.hpp"

namespace graphpost::sandbox::graph {
namespace {

namespace json = boost::json;

const json::value* FindCi(const json::object& object, std::string_view name) {
  return FindMemberIgnoreCase(object, name);
}

GraphError InvalidProperty(std::string_view name) {
  // UNCONFIRMED: Graph's OData reader reports type mismatches with varying texts.
  return errors::BadRequest("Invalid value for property '" + std::string(name) + "'.");
}

GraphResult<json::object> NormalizeRecipient(const json::value& value, std::string_view property) {
  const json::object* object = value.if_object();
  const json::value* email = object == nullptr ? nullptr : FindCi(*object, "emailAddress");
  if (email == nullptr || !email->is_object()) return GraphFail(InvalidProperty(property));
  const json::value* address = FindCi(email->get_object(), "address");
  const json::value* name = FindCi(email->get_object(), "name");
  if ((address != nullptr && !address->is_string() && !address->is_null()) ||
      (name != nullptr && !name->is_string() && !name->is_null())) {
    return GraphFail(InvalidProperty(property));
  }
  std::string addr =
      address != nullptr && address->is_string() ? address->get_string().c_str() : "";
  std::string display = name != nullptr && name->is_string() ? name->get_string().c_str() : addr;
  return RecipientJson(display, addr);
}

GraphStatus CopyRecipientList(const json::object& in, std::string_view name, json::object& out) {
  const json::value* value = FindCi(in, name);
  if (value == nullptr || value->is_null()) return {};
  if (!value->is_array()) return GraphFail(InvalidProperty(name));
  json::array list;
  for (const auto& item : value->get_array()) {
    auto recipient = NormalizeRecipient(item, name);
    if (!recipient) return GraphFail(recipient.error());
    list.push_back(std::move(*recipient));
  }
  out[name] = std::move(list);
  return {};
}

GraphStatus CopyRecipient(const json::object& in, std::string_view name, json::object& out) {
  const json::value* value = FindCi(in, name);
  if (value == nullptr || value->is_null()) return {};
  auto recipient = NormalizeRecipient(*value, name);
  if (!recipient) return GraphFail(recipient.error());
  out[name] = std::move(*recipient);
  return {};
}

GraphStatus CopyBody(const json::object& in, json::object& out) {
  const json::value* body = FindCi(in, "body");
  if (body == nullptr || body->is_null()) return {};
  if (!body->is_object()) return GraphFail(InvalidProperty("body"));
  const json::value* type = FindCi(body->get_object(), "contentType");
  const json::value* content = FindCi(body->get_object(), "content");
  std::string type_text =
      type != nullptr && type->is_string() ? AsciiLower(type->get_string()) : "text";
  if (type_text != "text" && type_text != "html") return GraphFail(InvalidProperty("contentType"));
  if (content != nullptr && !content->is_string() && !content->is_null()) {
    return GraphFail(InvalidProperty("content"));
  }
  std::string text =
      content != nullptr && content->is_string() ? content->get_string().c_str() : "";
  out["body"] = json::object{{"contentType", type_text}, {"content", text}};
  return {};
}

GraphStatus CopyHeaders(const json::object& in, json::object& out) {
  const json::value* headers = FindCi(in, "internetMessageHeaders");
  if (headers == nullptr || headers->is_null()) return {};
  if (!headers->is_array()) return GraphFail(InvalidProperty("internetMessageHeaders"));
  json::array list;
  for (const auto& item : headers->get_array()) {
    const json::object* h = item.if_object();
    const json::value* name = h == nullptr ? nullptr : FindCi(*h, "name");
    const json::value* value = h == nullptr ? nullptr : FindCi(*h, "value");
    if (name == nullptr || !name->is_string()) return GraphFail(InvalidProperty("name"));
    std::string_view n = name->get_string();
    if (!AsciiIStartsWith(n, "x-")) return GraphFail(errors::InvalidHeaderName(n));
    std::string v = value != nullptr && value->is_string() ? value->get_string().c_str() : "";
    list.push_back(json::object{{"name", n}, {"value", v}});
  }
  out["internetMessageHeaders"] = std::move(list);
  return {};
}

GraphStatus CopyScalars(const json::object& in, json::object& out) {
  for (std::string_view name : {"subject", "internetMessageId"}) {
    const json::value* v = FindCi(in, name);
    if (v == nullptr || v->is_null()) continue;
    if (!v->is_string()) return GraphFail(InvalidProperty(name));
    out[name] = *v;
  }
  for (std::string_view name : {"isDeliveryReceiptRequested", "isReadReceiptRequested"}) {
    const json::value* v = FindCi(in, name);
    if (v == nullptr || v->is_null()) continue;
    if (!v->is_bool()) return GraphFail(InvalidProperty(name));
    out[name] = *v;
  }
  if (const json::value* v = FindCi(in, "importance"); v != nullptr && !v->is_null()) {
    std::string importance = v->is_string() ? AsciiLower(v->get_string()) : "";
    if (importance != "low" && importance != "normal" && importance != "high") {
      return GraphFail(InvalidProperty("importance"));
    }
    out["importance"] = importance;
  }
  for (std::string_view name : {"categories", "singleValueExtendedProperties"}) {
    const json::value* v = FindCi(in, name);
    if (v == nullptr || v->is_null()) continue;
    if (!v->is_array()) return GraphFail(InvalidProperty(name));
    out[name] = *v;
  }
  if (const json::value* v = FindCi(in, "flag"); v != nullptr && v->is_object()) out["flag"] = *v;
  return {};
}

GraphStatus CopyAttachments(const json::object& in, std::vector<StoredAttachment>& out) {
  const json::value* list = FindCi(in, "attachments");
  if (list == nullptr || list->is_null()) return {};
  if (!list->is_array()) return GraphFail(InvalidProperty("attachments"));
  for (const auto& item : list->get_array()) {
    auto attachment = AttachmentFromJson(item);
    if (!attachment) return GraphFail(attachment.error());
    out.push_back(std::move(*attachment));
  }
  return {};
}

json::array AddressesJson(const std::vector<MimeAddress>& addresses) {
  json::array out;
  for (const auto& a : addresses)
    out.push_back(RecipientJson(a.name.empty() ? a.address : a.name, a.address));
  return out;
}

MessageInput InputFromMime(MimeMessage mime) {
  MessageInput input;
  json::object& f = input.fields;
  f["subject"] = mime.subject;
  bool html = !mime.html_body.empty() || mime.text_body.empty();
  f["body"] = json::object{{"contentType", html ? "html" : "text"},
                           {"content", html ? mime.html_body : mime.text_body}};
  f["importance"] = mime.importance;
  f["toRecipients"] = AddressesJson(mime.to);
  f["ccRecipients"] = AddressesJson(mime.cc);
  f["bccRecipients"] = AddressesJson(mime.bcc);
  f["replyTo"] = AddressesJson(mime.reply_to);
  if (!mime.from.empty()) f["from"] = AddressesJson(mime.from).at(0);
  if (!mime.message_id.empty()) f["internetMessageId"] = mime.message_id;
  json::array headers;  // Exchange keeps only X- headers from submitted MIME
  for (const auto& h : mime.headers) {
    if (AsciiIStartsWith(h.name, "x-"))
      headers.push_back(json::object{{"name", h.name}, {"value", h.value}});
  }
  f["internetMessageHeaders"] = std::move(headers);
  for (auto& a : mime.attachments) {
    input.attachments.push_back(
        StoredAttachment{.id = {},
                         .name = std::move(a.name),
                         .content_type = std::move(a.content_type),
                         .content_id = std::move(a.content_id),
                         .is_inline = a.is_inline,
                         .last_modified = {},
                         .bytes = std::make_shared<const std::string>(std::move(a.bytes)),
                         .after_mime = false});
  }
  return input;
}

}  // namespace

const json::value* FindMemberIgnoreCase(const json::object& object, std::string_view name) {
  if (auto it = object.find(name); it != object.end()) return &it->value();
  for (const auto& [key, value] : object) {
    if (AsciiIEquals(key, name)) return &value;
  }
  return nullptr;
}

GraphResult<MessageInput> MessageFromJson(const json::value& message) {
  const json::object* in = message.if_object();
  if (in == nullptr) return GraphFail(errors::InvalidJson());
  MessageInput input;
  for (auto step : {&CopyScalars, &CopyBody, &CopyHeaders}) {
    if (auto s = step(*in, input.fields); !s) return GraphFail(s.error());
  }
  for (std::string_view name : {"toRecipients", "ccRecipients", "bccRecipients", "replyTo"}) {
    if (auto s = CopyRecipientList(*in, name, input.fields); !s) return GraphFail(s.error());
  }
  for (std::string_view name : {"from", "sender"}) {
    if (auto s = CopyRecipient(*in, name, input.fields); !s) return GraphFail(s.error());
  }
  if (auto s = CopyAttachments(*in, input.attachments); !s) return GraphFail(s.error());
  return input;
}

GraphResult<MessageInput> MessageFromMime(std::string_view base64_body) {
  auto raw = Base64Decode(TrimAscii(base64_body));
  if (!raw) return GraphFail(errors::InvalidMimeBase64());
  if (TrimAscii(*raw).empty()) return GraphFail(errors::InvalidMime());
  auto mime = ParseMime(*raw);
  if (!mime) return GraphFail(errors::InvalidMime());
  MessageInput input = InputFromMime(std::move(*mime));
  input.mime = std::make_shared<const std::string>(std::move(*raw));
  return input;
}

GraphResult<StoredAttachment> AttachmentFromJson(const json::value& value) {
  const json::object* in = value.if_object();
  if (in == nullptr) return GraphFail(errors::InvalidJson());
  const json::value* type = FindCi(*in, "@odata.type");
  if (type != nullptr && (!type->is_string() ||
                          !AsciiIEquals(type->get_string(), "#microsoft.graph.fileAttachment"))) {
    // UNCONFIRMED text; item and reference attachments are not modelled by the sandbox.
    return GraphFail(errors::BadRequest("Only #microsoft.graph.fileAttachment is supported."));
  }
  const json::value* bytes = FindCi(*in, "contentBytes");
  std::optional<std::string> decoded = std::string();
  if (bytes != nullptr && bytes->is_string()) decoded = Base64Decode(bytes->get_string());
  if (!decoded || (bytes != nullptr && !bytes->is_string() && !bytes->is_null())) {
    return GraphFail(InvalidProperty("contentBytes"));
  }
  StoredAttachment attachment;
  auto text = [&](std::string_view name, std::string fallback) {
    const json::value* v = FindCi(*in, name);
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : fallback;
  };
  attachment.name = text("name", "");
  attachment.content_type = text("contentType", "application/octet-stream");
  attachment.content_id = text("contentId", "");
  const json::value* is_inline = FindCi(*in, "isInline");
  attachment.is_inline = is_inline != nullptr && is_inline->is_bool() && is_inline->get_bool();
  attachment.bytes = std::make_shared<const std::string>(std::move(*decoded));
  return attachment;
}

bool IsResolvableAddress(std::string_view address) {
  std::size_t at = address.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == address.size()) return false;
  if (address.find('@', at + 1) != std::string_view::npos) return false;
  return address.find_first_of(" \t\r\n,;<>\"()") == std::string_view::npos;
}

GraphStatus CheckRecipients(const json::object& graph, int max_recipients) {
  std::vector<std::string> addresses = RecipientAddresses(graph);
  if (addresses.empty()) return GraphFail(errors::NoRecipients());
  for (const auto& address : addresses) {
    if (!IsResolvableAddress(address)) return GraphFail(errors::UnresolvedRecipient(address));
  }
  if (max_recipients > 0 && addresses.size() > static_cast<std::size_t>(max_recipients)) {
    return GraphFail(errors::TooManyRecipients(max_recipients));
  }
  return {};
}

std::vector<std::string> RecipientAddresses(const json::object& graph) {
  std::vector<std::string> out;
  for (std::string_view name : {"toRecipients", "ccRecipients", "bccRecipients"}) {
    const json::value* list = graph.if_contains(name);
    if (list == nullptr || !list->is_array()) continue;
    for (const auto& r : list->get_array()) {
      const json::value* email =
          r.is_object() ? r.get_object().if_contains("emailAddress") : nullptr;
      const json::value* address = email != nullptr && email->is_object()
                                       ? email->get_object().if_contains("address")
                                       : nullptr;
      out.push_back(address != nullptr && address->is_string() ? std::string(address->get_string())
                                                               : "");
    }
  }
  return out;
}

StoredMessage PrepareForRecipients(const StoredMessage& sent) {
  StoredMessage out = sent;
  out.graph["bccRecipients"] = json::array{};
  if (sent.mime && HasHeaderField(*sent.mime, "Bcc")) {
    out.mime = std::make_shared<const std::string>(RemoveHeaderField(*sent.mime, "Bcc"));
  }
  return out;
}

json::object RecipientJson(std::string_view name, std::string_view address) {
  return json::object{{"emailAddress", json::object{{"name", name}, {"address", address}}}};
}

}  // namespace graphpost::sandbox::graph
