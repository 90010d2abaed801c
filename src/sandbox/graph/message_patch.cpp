#include "sandbox/graph/message_patch.hpp"

#include <utility>

#include "sandbox/graph/mime_export.hpp"
#include "sandbox/graph/mime_splice.hpp"

namespace graphpost::sandbox::graph {
namespace {

namespace json = boost::json;

// Graph properties that are header fields of the MIME, and their field names.
constexpr std::pair<std::string_view, std::string_view> kHeaderProperties[] = {
    {"from", "From"},        {"sender", "Sender"},
    {"replyTo", "Reply-To"}, {"toRecipients", "To"},
    {"ccRecipients", "Cc"},  {"bccRecipients", "Bcc"},
    {"subject", "Subject"},  {"internetMessageId", "Message-ID"}};

std::string HeaderValueOf(std::string_view property, const json::value& value) {
  if (property == "subject") {
    return EncodeHeaderText(value.is_string() ? std::string_view(value.get_string()) : "");
  }
  if (property == "internetMessageId") {
    return value.is_string() ? std::string(value.get_string()) : std::string();
  }
  return AddressHeaderValue(value);
}

// The MIME after the update, or null when it no longer describes the item.
std::shared_ptr<const std::string> UpdatedMime(std::shared_ptr<const std::string> mime,
                                               const json::object& fields) {
  if (!mime || fields.contains("body")) return nullptr;
  std::string raw = *mime;
  bool changed = false;
  for (const auto& [property, header] : kHeaderProperties) {
    const json::value* v = fields.if_contains(property);
    if (v == nullptr) continue;
    std::string value = HeaderValueOf(property, *v);
    raw = value.empty() ? RemoveHeaderField(raw, header) : SetHeaderField(raw, header, value);
    changed = true;
  }
  return changed ? std::make_shared<const std::string>(std::move(raw)) : mime;
}

}  // namespace

GraphStatus PatchMessage(StoredMessage& message, const json::value& patch) {
  const json::object* object = patch.if_object();
  if (object == nullptr) return GraphFail(errors::InvalidJson());
  if (FindMemberIgnoreCase(*object, "attachments") != nullptr) {
    // UNCONFIRMED text: Graph takes attachments through .../attachments, not in a PATCH.
    return GraphFail(errors::BadRequest("Invalid value for property 'attachments'."));
  }
  const json::value* is_read = FindMemberIgnoreCase(*object, "isRead");
  if (is_read != nullptr && !is_read->is_bool()) {
    return GraphFail(errors::BadRequest("Invalid value for property 'isRead'."));
  }
  auto input = MessageFromJson(patch);
  if (!input) return GraphFail(input.error());
  std::shared_ptr<const std::string> mime = UpdatedMime(message.mime, input->fields);
  for (auto& [key, value] : input->fields) {
    if (key == "body") {
      json::object body = value.as_object();
      if (body["contentType"] == "html") {
        body["content"] = WrapHtml(body["content"].as_string());
      }
      message.graph["bodyPreview"] = BodyPreview(body);
      message.graph["body"] = std::move(body);
    } else {
      message.graph[key] = std::move(value);
    }
  }
  if (is_read != nullptr) message.graph["isRead"] = is_read->get_bool();
  message.mime = std::move(mime);
  return {};
}

}  // namespace graphpost::sandbox::graph
