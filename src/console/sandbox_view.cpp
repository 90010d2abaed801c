// The Sandbox pages' admin API calls, URLs and small renderings (internal/sandbox_view.hpp).
#include "console/internal/sandbox_view.hpp"

#include <boost/json.hpp>

#include "console/html.hpp"
#include "core/json.hpp"
#include "core/time_format.hpp"

namespace graphpost::console::internal {
namespace {

namespace json = boost::json;

http::Request AdminRequest(std::string method, std::string path, std::string body = {}) {
  http::Request request;
  request.method = std::move(method);
  request.target = path;
  request.path = std::move(path);
  if (!body.empty()) request.headers.Set("Content-Type", "application/json");
  request.body = std::move(body);
  return request;
}

// The error an admin answer stands for: its {"error":{"message"}} when it has one.
Error AdminError(const http::Response& response) {
  auto doc = ParseJson(response.body);
  const json::object* error = doc ? JsonObject(*doc, "error") : nullptr;
  std::string message = error ? JsonString(*error, "message").value_or("") : "";
  if (message.empty()) message = "the sandbox answered " + std::to_string(response.status);
  ErrorCode code = response.status == 404                            ? ErrorCode::kNotFound
                   : response.status >= 400 && response.status < 500 ? ErrorCode::kInvalidArgument
                                                                     : ErrorCode::kUnavailable;
  return Error{code, std::move(message), std::nullopt};
}

Result<http::Response> Call(const SandboxAdmin& admin, http::Request request) {
  if (!admin) return Fail(ErrorCode::kUnavailable, "no embedded sandbox");
  http::Response response = admin(std::move(request));
  if (response.status != 200) return Fail(AdminError(response));
  return response;
}

Result<json::value> JsonOf(Result<http::Response> response) {
  if (!response) return Fail(response.error());
  auto doc = ParseJson(response->body);
  if (!doc) return Fail(ErrorCode::kUnavailable, "the sandbox's answer is not JSON");
  return std::move(*doc);
}

}  // namespace

std::string AdminTenantPath(std::string_view tenant) {
  return "/_sandbox/tenants/" + UrlPart(tenant);
}

std::string AdminFolderPath(std::string_view tenant, std::string_view mailbox,
                            std::string_view folder) {
  return AdminTenantPath(tenant) + "/mailboxes/" + UrlPart(mailbox) + "/folders/" + UrlPart(folder);
}

std::string AdminMessagePath(std::string_view tenant, std::string_view mailbox,
                             std::string_view folder, std::string_view message_id) {
  return AdminFolderPath(tenant, mailbox, folder) + "/messages/" + UrlPart(message_id);
}

Result<json::value> AdminGet(const SandboxAdmin& admin, std::string path) {
  return JsonOf(Call(admin, AdminRequest("GET", std::move(path))));
}

Result<std::string> AdminGetBytes(const SandboxAdmin& admin, std::string path) {
  auto response = Call(admin, AdminRequest("GET", std::move(path)));
  if (!response) return Fail(response.error());
  return std::move(response->body);
}

Result<json::value> AdminCmdlet(const SandboxAdmin& admin, std::string_view tenant,
                                std::string_view cmdlet) {
  json::object call{{"cmdlet", cmdlet}};
  auto out = JsonOf(
      Call(admin, AdminRequest("POST", AdminTenantPath(tenant) + "/exchange", ToJson(call))));
  if (!out) return Fail(out.error());
  const json::array* objects = JsonArray(*out, "objects");
  if (objects == nullptr) return Fail(ErrorCode::kUnavailable, "the cmdlet printed no objects");
  return json::value(*objects);
}

std::string TenantUrl(std::string_view tenant) { return "/ui/sandbox/" + UrlPart(tenant); }

std::string MailboxUrl(std::string_view tenant, std::string_view mailbox, std::string_view folder) {
  return TenantUrl(tenant) + "/mailboxes/" + UrlPart(mailbox) + "?folder=" + UrlPart(folder);
}

std::string MessageUrl(std::string_view tenant, std::string_view mailbox, std::string_view folder,
                       std::string_view message_id, std::string_view suffix) {
  return TenantUrl(tenant) + "/mailboxes/" + UrlPart(mailbox) + "/messages/" + UrlPart(message_id) +
         std::string(suffix) + "?folder=" + UrlPart(folder);
}

std::optional<std::string> FolderOf(const PageRequest& request) {
  const std::string* folder = FindField(request.query, "folder");
  if (folder == nullptr || folder->empty() || *folder == "inbox") return "inbox";
  if (*folder == "sentitems") return "sentitems";
  return std::nullopt;
}

std::string_view FolderTitle(std::string_view folder) {
  return folder == "sentitems" ? "Sent Items" : "Inbox";
}

PageAnswer AdminErrorPage(const Error& error) {
  if (error.code == ErrorCode::kNotFound) {
    return ErrorPage(404, "Not found", Sentence(error.message));
  }
  if (error.code == ErrorCode::kInvalidArgument) {
    return ErrorPage(400, "Bad request", Sentence(error.message));
  }
  return ErrorPage(502, "Sandbox unavailable",
                   Sentence("The embedded sandbox did not answer: " + error.message));
}

std::string RecipientText(const json::value& recipient) {
  const json::object* address = JsonObject(recipient, "emailAddress");
  if (address == nullptr) return "";
  std::string name = JsonString(*address, "name").value_or("");
  std::string mail = JsonString(*address, "address").value_or("");
  if (name.empty() || name == mail) return mail;
  return name + " <" + mail + ">";
}

std::string RecipientsText(const json::value& message, std::string_view list) {
  std::string out;
  if (const json::array* recipients = JsonArray(message, list)) {
    for (const json::value& r : *recipients) {
      if (!out.empty()) out += ", ";
      out += RecipientText(r);
    }
  }
  return out;
}

std::string DateCell(const json::value& object, std::string_view key) {
  std::string text = JsonString(object, key).value_or("");
  if (text.empty()) return "";
  if (auto when = ParseIso8601(text)) return TimeTag(*when);
  return Escape(text);
}

}  // namespace graphpost::console::internal
