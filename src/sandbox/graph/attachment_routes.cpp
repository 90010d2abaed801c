// Attachments: list/add/get/delete on a message, createUploadSession and the pre-authenticated
// upload URL (PUT chunks, DELETE to cancel) (protocol.md §3.3, §3.4).
#include "core/ascii.hpp"
#include "core/base64.hpp"
#include "core/form.hpp"
#include "core/json.hpp"
#include "sandbox/graph/graph_service.hpp"
#include "sandbox/graph/internal/graph_call.hpp"
#include "sandbox/graph/internal/request_body.hpp"
#include "sandbox/graph/internal/route_support.hpp"

namespace graphpost::sandbox::graph {
namespace {

namespace json = boost::json;

constexpr auto kUploadSessionLifetime = std::chrono::hours{6};

std::string AttachmentsContext(const std::string& base_url, const std::string& user,
                               const std::string& message_id) {
  return UserContext(base_url, user) + "/messages('" + message_id + "')/attachments";
}

// "<base>/api/v2.0/Users('<mailbox>@<tenant>')/Messages('<id>')", as Outlook's upload URLs.
std::string OutlookMessagePath(const UploadSession& s) {
  return s.base_url + "/api/v2.0/Users('" + s.mailbox_id + "@" + s.tenant_id + "')/Messages('" +
         s.message_id + "')";
}

StoredAttachment* FindAttachment(StoredMessage& message, std::string_view id) {
  for (auto& a : message.attachments) {
    if (a.id == id) return &a;
  }
  return nullptr;
}

// The AttachmentItem of a createUploadSession body, as a session without ids.
GraphResult<UploadSession> SessionFromBody(const json::value& body) {
  const json::object* object = body.if_object();
  const json::value* item = object ? FindMemberIgnoreCase(*object, "AttachmentItem") : nullptr;
  if (item == nullptr || !item->is_object()) {
    return GraphFail(
        errors::BadRequest("The 'AttachmentItem' parameter is missing."));  // UNCONFIRMED
  }
  const json::object& a = item->get_object();
  auto text = [&](std::string_view name, std::string fallback) {
    const json::value* v = FindMemberIgnoreCase(a, name);
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : fallback;
  };
  const json::value* size = FindMemberIgnoreCase(a, "size");
  if (!AsciiIEquals(text("attachmentType", "file"), "file") || size == nullptr ||
      !(size->is_int64() || size->is_uint64()) || (size->is_int64() && size->get_int64() < 0)) {
    return GraphFail(
        errors::BadRequest("Invalid value for property 'AttachmentItem'."));  // UNCONFIRMED
  }
  UploadSession session;
  session.size =
      size->is_int64() ? static_cast<std::size_t>(size->get_int64()) : size->get_uint64();
  session.name = text("name", "");
  session.content_type = text("contentType", "application/octet-stream");
  session.content_id = text("contentId", "");
  const json::value* is_inline = FindMemberIgnoreCase(a, "isInline");
  session.is_inline = is_inline != nullptr && is_inline->is_bool() && is_inline->get_bool();
  return session;
}

}  // namespace

GraphService::Reply GraphService::ListAttachments(Call& call) {
  json::array value;
  {
    std::lock_guard lock(store_mu_);
    Mailbox* mailbox = store_.Find(call.mailbox_id);
    StoredMessage* message = mailbox ? mailbox->FindMessage(call.route.message_id) : nullptr;
    if (message == nullptr) return GraphFail(errors::ItemNotFound());
    for (const auto& a : message->attachments) value.push_back(RenderAttachment(a, true));
  }
  json::object body{
      {"@odata.context", AttachmentsContext(call.base_url, call.route.user, call.route.message_id)},
      {"value", std::move(value)}};
  return GraphJson(200, body, call.context);
}

GraphService::Reply GraphService::AddAttachment(Call& call) {
  auto body = ParseJsonBody(call.request);
  if (!body) return GraphFail(body.error());
  auto attachment = AttachmentFromJson(*body);
  if (!attachment) return GraphFail(attachment.error());
  attachment->id = NewItemId(random_);
  attachment->last_modified = call.context.now;
  json::object rendered = RenderAttachment(*attachment, true);
  {
    std::lock_guard lock(store_mu_);
    Mailbox* mailbox = store_.Find(call.mailbox_id);
    StoredMessage* message = mailbox ? mailbox->FindMessage(call.route.message_id) : nullptr;
    if (message == nullptr) return GraphFail(errors::ItemNotFound());
    if (MessageSize(*message) + attachment->size() > call.limits.max_message_bytes) {
      return GraphFail(errors::AttachmentSaveSizeExceeded());
    }
    attachment->after_mime = message->mime != nullptr;
    message->attachments.push_back(std::move(*attachment));
    SetHasAttachments(*message);
    Touch(*message, call.context.now, random_);
    mailbox->Changed(*message);
    call.ticket = QueueChanges();
  }
  std::string context =
      AttachmentsContext(call.base_url, call.route.user, call.route.message_id) + "/$entity";
  return GraphJson(201, WithContext(std::move(context), std::move(rendered)), call.context);
}

GraphService::Reply GraphService::GetAttachment(Call& call) {
  json::object rendered;
  {
    std::lock_guard lock(store_mu_);
    Mailbox* mailbox = store_.Find(call.mailbox_id);
    StoredMessage* message = mailbox ? mailbox->FindMessage(call.route.message_id) : nullptr;
    StoredAttachment* a = message ? FindAttachment(*message, call.route.attachment_id) : nullptr;
    if (a == nullptr) return GraphFail(errors::ItemNotFound());
    rendered = RenderAttachment(*a, true);
  }
  std::string context =
      AttachmentsContext(call.base_url, call.route.user, call.route.message_id) + "/$entity";
  return GraphJson(200, WithContext(std::move(context), std::move(rendered)), call.context);
}

GraphService::Reply GraphService::DeleteAttachment(Call& call) {
  std::lock_guard lock(store_mu_);
  Mailbox* mailbox = store_.Find(call.mailbox_id);
  StoredMessage* message = mailbox ? mailbox->FindMessage(call.route.message_id) : nullptr;
  StoredAttachment* a = message ? FindAttachment(*message, call.route.attachment_id) : nullptr;
  if (a == nullptr) return GraphFail(errors::ItemNotFound());
  // A part of the submitted MIME is gone: the MIME no longer describes the item, which $value
  // then renders from its properties.
  if (!a->after_mime) message->mime.reset();
  std::erase_if(message->attachments, [&](const StoredAttachment& x) { return &x == a; });
  SetHasAttachments(*message);
  Touch(*message, call.context.now, random_);
  mailbox->Changed(*message);
  call.ticket = QueueChanges();
  return GraphEmpty(204, call.context);
}

GraphService::Reply GraphService::CreateUploadSession(Call& call) {
  auto body = ParseJsonBody(call.request);
  if (!body) return GraphFail(body.error());
  auto session = SessionFromBody(*body);
  if (!session) return GraphFail(session.error());
  if (session->size < kMinUploadSessionBytes) return GraphFail(errors::AttachmentTooSmall());
  if (session->size > call.limits.max_message_bytes)
    return GraphFail(errors::MessageSizeExceeded());
  session->id = Base64UrlEncode(random_.Bytes(18));
  session->auth_token = Base64UrlEncode(random_.Bytes(32));
  session->tenant_id = call.tenant_id;
  session->mailbox_id = call.mailbox_id;
  session->message_id = call.route.message_id;
  session->base_url = call.base_url;
  session->expires = call.context.now + kUploadSessionLifetime;
  std::string url = call.base_url + "/upload/" + session->id + "?authtoken=" + session->auth_token;
  json::object reply{
      {"@odata.context", call.base_url + "/v1.0/$metadata#microsoft.graph.uploadSession"},
      {"uploadUrl", url},
      {"expirationDateTime", FormatIso8601Fraction(session->expires)},
      {"nextExpectedRanges", json::array{"0-"}}};
  {
    std::lock_guard lock(store_mu_);
    Mailbox* mailbox = store_.Find(call.mailbox_id);
    StoredMessage* message = mailbox ? mailbox->FindMessage(call.route.message_id) : nullptr;
    if (message == nullptr) return GraphFail(errors::ItemNotFound());
    if (MessageSize(*message) + session->size > call.limits.max_message_bytes) {
      return GraphFail(errors::MessageSizeExceeded());
    }
    std::erase_if(uploads_,
                  [&](const auto& entry) { return entry.second.expires < call.context.now; });
    uploads_.insert_or_assign(session->id, std::move(*session));
  }
  return GraphJson(201, reply, call.context);
}

http::Response GraphService::HandleUpload(const http::Request& request, ResponseContext context) {
  std::string id = request.path.substr(std::string_view("/upload/").size());
  auto form = ParseForm(request.query);
  const std::string* token = form ? FindField(*form, "authtoken") : nullptr;
  MailJournal::Ticket ticket = 0;
  GraphResult<http::Response> reply = [&]() -> GraphResult<http::Response> {
    std::lock_guard lock(store_mu_);
    auto it = uploads_.find(id);
    if (it != uploads_.end() && it->second.expires < context.now) {
      uploads_.erase(it);
      it = uploads_.end();
    }
    if (it == uploads_.end()) return GraphFail(errors::ItemNotFound());
    if (token == nullptr || *token != it->second.auth_token) {
      return GraphFail(errors::TokenInvalid("Access token validation failure."));
    }
    if (request.method == "DELETE") {
      uploads_.erase(it);
      return GraphEmpty(204, context);
    }
    if (request.method != "PUT") return GraphFail(errors::MethodNotAllowed());
    auto put = PutChunk(request, it->second, context);
    ticket = QueueChanges();
    return put;
  }();
  // Chunks live in memory; the attachment the last chunk completes is durable before its 201.
  if (auto s = AwaitDurable(ticket); !s && reply) reply = GraphFail(s.error());
  return reply ? std::move(*reply) : RenderGraphError(reply.error(), context);
}

// Called with store_mu_ held.
GraphResult<http::Response> GraphService::PutChunk(const http::Request& request,
                                                   UploadSession& session,
                                                   const ResponseContext& context) {
  if (auto s = AppendChunk(session, request.headers.Get("Content-Range"), request.body); !s) {
    return GraphFail(s.error());
  }
  if (!IsComplete(session)) {
    json::object body{
        {"@odata.context", session.base_url + "/api/v2.0/$metadata#Users('" + session.mailbox_id +
                               "@" + session.tenant_id + "')/Messages('" + session.message_id +
                               "')/AttachmentSessions/$entity"},
        {"ExpirationDateTime", FormatIso8601Fraction(session.expires)},
        {"nextExpectedRanges", json::array{std::to_string(session.received.size())}}};
    return GraphJson(200, body, context);
  }
  std::string session_id = session.id;
  Mailbox* mailbox = store_.Find(session.mailbox_id);
  StoredMessage* message = mailbox ? mailbox->FindMessage(session.message_id) : nullptr;
  if (message == nullptr) {
    uploads_.erase(session_id);
    return GraphFail(errors::ItemNotFound());
  }
  StoredAttachment attachment{
      .id = NewItemId(random_),
      .name = session.name,
      .content_type = session.content_type,
      .content_id = session.content_id,
      .is_inline = session.is_inline,
      .last_modified = context.now,
      .bytes = std::make_shared<const std::string>(std::move(session.received)),
      .after_mime = message->mime != nullptr};
  std::string location = OutlookMessagePath(session) + "/Attachments('" + attachment.id + "')";
  message->attachments.push_back(std::move(attachment));
  SetHasAttachments(*message);
  Touch(*message, context.now, random_);
  mailbox->Changed(*message);
  uploads_.erase(session_id);
  http::Response response = GraphEmpty(201, context);
  response.headers.Set("Location", location);
  return response;
}

}  // namespace graphpost::sandbox::graph
