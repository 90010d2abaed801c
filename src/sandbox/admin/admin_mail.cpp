// Admin routes to look into mailboxes and the internet sink:
//   GET /_sandbox/tenants/{tenant}/mailboxes/{mailbox}/folders/{folder}
//   GET /_sandbox/tenants/{tenant}/mailboxes/{mailbox}/folders/{folder}/messages/{id}
//   GET .../folders/{folder}/messages/{id}/attachments/{attachmentId}/$value   (the bytes)
//   GET /_sandbox/tenants/{tenant}/internet
//   GET /_sandbox/deliveries?header=X-Graphpost-Id   (every tenant; docs/sandbox.md)
#include <boost/json.hpp>

#include "core/form.hpp"
#include "sandbox/admin/admin_api.hpp"

namespace graphpost::sandbox::admin::internal {
namespace {

http::Response Deliveries(AdminContext& ctx, const http::Request& req) {
  auto query = ParseForm(req.query);
  const std::string* header = query ? FindField(*query, "header") : nullptr;
  std::string name = header != nullptr && !header->empty() ? *header : "X-Graphpost-Id";
  return JsonReply(200, ctx.graph.CountDeliveries(name));
}

// s = tenants/{t}/mailboxes/{m}/folders/{f}/messages/{id}[/attachments/{aid}/$value]
http::Response FolderMessage(AdminContext& ctx, const Segments& s) {
  auto message = ctx.graph.GetFolderMessage(s[1], s[3], s[5], s[7]);
  if (!message) return ErrorReply(message.error());
  return JsonReply(200, *message);
}

http::Response AttachmentValue(AdminContext& ctx, const Segments& s) {
  auto content = ctx.graph.GetAttachmentContent(s[1], s[3], s[5], s[7], s[9]);
  if (!content) return ErrorReply(content.error());
  http::Response reply = http::MakeResponse(200, "application/octet-stream", *content->bytes);
  reply.headers.Set("X-Content-Type-Options", "nosniff");
  return reply;
}

bool IsMessagePath(const Segments& s) {
  if (s.size() != 8 && s.size() != 11) return false;
  if (s[2] != "mailboxes" || s[4] != "folders" || s[6] != "messages") return false;
  return s.size() == 8 || (s[8] == "attachments" && s[10] == "$value");
}

}  // namespace

std::optional<http::Response> HandleMail(AdminContext& ctx, const http::Request& req,
                                         const Segments& s) {
  if (req.method == "GET" && s.size() == 1 && s[0] == "deliveries") return Deliveries(ctx, req);
  if (req.method != "GET" || s.size() < 3 || s[0] != "tenants") return std::nullopt;
  if (s.size() == 3 && s[2] == "internet") {
    ctx.graph.DeliverDue();
    return JsonReply(200, ctx.graph.InternetSink(s[1]));
  }
  if (IsMessagePath(s)) {
    ctx.graph.DeliverDue();
    return s.size() == 8 ? FolderMessage(ctx, s) : AttachmentValue(ctx, s);
  }
  if (s[2] != "mailboxes" || (s.size() != 4 && s.size() != 6)) return std::nullopt;
  if (s.size() == 6 && s[4] != "folders") return std::nullopt;
  ctx.graph.DeliverDue();
  auto listing = ctx.graph.ListFolder(s[1], s[3], s.size() == 6 ? s[5] : "inbox");
  if (!listing) return ErrorReply(listing.error());
  return JsonReply(200, *listing);
}

}  // namespace graphpost::sandbox::admin::internal
