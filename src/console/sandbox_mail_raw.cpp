// The Sandbox pages' raw answers: a message body for the sandboxed iframe (HTML as it is, under a
// CSP that forbids script, or text/plain) and an attachment's bytes as a download.
#include <boost/json.hpp>

#include "console/html.hpp"
#include "console/internal/sandbox_view.hpp"
#include "core/ascii.hpp"
#include "core/json.hpp"

namespace graphpost::console::internal {
namespace {

namespace json = boost::json;

// The body runs in a unique origin with nothing allowed but inline styles and data: images
// (docs/console.md); the console page itself may frame it.
constexpr char kBodyPolicy[] =
    "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    "frame-ancestors 'self'";

bool IsHtml(const json::value& message) {
  const json::object* body = JsonObject(message, "body");
  return body != nullptr && AsciiIEquals(JsonString(*body, "contentType").value_or(""), "html");
}

std::string BodyText(const json::value& message) {
  const json::object* body = JsonObject(message, "body");
  return body ? JsonString(*body, "content").value_or("") : "";
}

// Characters a quoted filename (and what saves it) must not get: quoting, path and shell
// specials, and '%' and ';', which some agents decode or split on.
bool UnsafeInFallback(unsigned char c) {
  return c < 0x20 || c >= 0x7f ||
         std::string_view("\"\\/:*?<>|%;").find(static_cast<char>(c)) != std::string_view::npos;
}

const json::value* FindAttachment(const json::value& message, std::string_view id) {
  if (const json::array* attachments = JsonArray(message, "attachments")) {
    for (const json::value& a : *attachments) {
      if (JsonString(a, "id").value_or("") == id) return &a;
    }
  }
  return nullptr;
}

}  // namespace

std::string AttachmentDisposition(std::string_view name) {
  std::string utf8;
  for (char ch : name) {
    auto c = static_cast<unsigned char>(ch);
    utf8 += c < 0x20 || c == 0x7f || ch == '/' || ch == '\\' ? '_' : ch;
  }
  if (utf8.empty()) utf8 = "attachment";
  std::string fallback;
  for (char ch : utf8) fallback += UnsafeInFallback(static_cast<unsigned char>(ch)) ? '_' : ch;
  if (fallback.front() == '.') fallback.front() = '_';  // no hidden files, no ".."
  return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + UrlPart(utf8);
}

void MessageBody(const SandboxAdmin& admin, const PageRequest& request, const PageReply& reply) {
  auto folder = FolderOf(request);
  if (!folder) return reply(ErrorPage(404, "Not found", "Unknown folder."));
  auto message = AdminGet(
      admin, AdminMessagePath(request.path.at(1), request.path.at(3), *folder, request.path.at(5)));
  if (!message) return reply(AdminErrorPage(message.error()));
  const bool html = IsHtml(*message);
  http::Response raw = http::MakeResponse(
      200, html ? "text/html; charset=utf-8" : "text/plain; charset=utf-8", BodyText(*message));
  raw.headers.Set("Content-Security-Policy", kBodyPolicy);
  raw.headers.Set("X-Content-Type-Options", "nosniff");
  raw.headers.Set("X-Frame-Options", "SAMEORIGIN");
  raw.headers.Set("Referrer-Policy", "no-referrer");
  PageAnswer answer;
  answer.raw = std::move(raw);
  reply(std::move(answer));
}

void AttachmentDownload(const SandboxAdmin& admin, const PageRequest& request,
                        const PageReply& reply) {
  auto folder = FolderOf(request);
  if (!folder) return reply(ErrorPage(404, "Not found", "Unknown folder."));
  const std::string path =
      AdminMessagePath(request.path.at(1), request.path.at(3), *folder, request.path.at(5));
  auto message = AdminGet(admin, path);
  if (!message) return reply(AdminErrorPage(message.error()));
  const std::string& attachment_id = request.path.at(7);
  const json::value* attachment = FindAttachment(*message, attachment_id);
  if (attachment == nullptr) {
    return reply(ErrorPage(404, "Not found", "The message has no such attachment."));
  }
  auto bytes = AdminGetBytes(admin, path + "/attachments/" + UrlPart(attachment_id) + "/$value");
  if (!bytes) return reply(AdminErrorPage(bytes.error()));
  http::Response raw = http::MakeResponse(200, "application/octet-stream", std::move(*bytes));
  raw.headers.Set("Content-Disposition",
                  AttachmentDisposition(JsonString(*attachment, "name").value_or("")));
  raw.headers.Set("X-Content-Type-Options", "nosniff");
  PageAnswer answer;
  answer.raw = std::move(raw);
  reply(std::move(answer));
}

}  // namespace graphpost::console::internal
