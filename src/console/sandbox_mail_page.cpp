// The Sandbox mailbox page (folder tabs, the folder's messages; live) and message page (headers,
// the body in a sandboxed iframe, attachments to download), like Mailpit's.
#include <algorithm>
#include <cstdint>

#include <boost/json.hpp>

#include "console/html.hpp"
#include "console/internal/sandbox_view.hpp"
#include "core/json.hpp"

namespace graphpost::console::internal {
namespace {

namespace json = boost::json;

// A folder holds up to 10,000 messages (the sandbox's cap); a page lists the newest of them.
constexpr std::size_t kMaxRows = 200;

PageAnswer UnknownFolder(const PageRequest& request) {
  const std::string* folder = FindField(request.query, "folder");
  return ErrorPage(404, "Not found",
                   "No folder '" + (folder ? *folder : std::string()) +
                       "': the console shows inbox and sentitems.");
}

std::string SubjectOf(const json::value& message) {
  std::string subject = JsonString(message, "subject").value_or("");
  return subject.empty() ? "(no subject)" : subject;
}

std::string FromOf(const json::value& message) {
  const json::object* o = message.if_object();
  const json::value* from = o ? o->if_contains("from") : nullptr;
  if (from == nullptr || from->is_null()) from = o ? o->if_contains("sender") : nullptr;
  return from != nullptr ? RecipientText(*from) : "";
}

std::size_t AttachmentCount(const json::value& message) {
  const json::array* attachments = JsonArray(message, "attachments");
  return attachments ? attachments->size() : 0;
}

std::string FolderTabs(std::string_view tenant, std::string_view mailbox, std::string_view folder) {
  std::string out = "<nav id=\"folders\" aria-label=\"Folders\"><ul>";
  for (std::string_view f : {"inbox", "sentitems"}) {
    out += "<li><a href=\"" + Escape(MailboxUrl(tenant, mailbox, f)) + "\"";
    if (f == folder) out += " aria-current=\"page\"";
    out += ">" + Escape(FolderTitle(f)) + "</a></li>";
  }
  return out + "</ul></nav>";
}

std::string MailRow(const json::value& message, std::string_view tenant, std::string_view mailbox,
                    std::string_view folder) {
  const std::string id = JsonString(message, "id").value_or("");
  std::string received = DateCell(message, "receivedDateTime");
  if (received.empty()) received = DateCell(message, "sentDateTime");
  return "<tr data-mail-id=\"" + Escape(id) + "\"><td class=\"from\">" + BidiText(FromOf(message)) +
         "</td><td class=\"to\">" + BidiText(RecipientsText(message, "toRecipients")) +
         "</td><td class=\"subject\"><bdi>" +
         Link(MessageUrl(tenant, mailbox, folder, id), SubjectOf(message)) + "</bdi>" +
         "</td><td class=\"received\">" + received + "</td><td class=\"attachments\">" +
         std::to_string(AttachmentCount(message)) + "</td></tr>";
}

std::string Fact(std::string_view term, const std::string& html) {
  return "<dt>" + Escape(term) + "</dt><dd>" + html + "</dd>";
}

std::string Headers(const json::value& message) {
  std::string out = "<dl id=\"mail-headers\">";
  out += Fact("From", BidiText(FromOf(message)));
  out += Fact("To", BidiText(RecipientsText(message, "toRecipients")));
  std::string cc = RecipientsText(message, "ccRecipients");
  if (!cc.empty()) out += Fact("Cc", BidiText(cc));
  std::string bcc = RecipientsText(message, "bccRecipients");
  if (!bcc.empty()) out += Fact("Bcc", BidiText(bcc));
  out += Fact("Subject", BidiText(SubjectOf(message)));
  out += Fact("Date", DateCell(message, "sentDateTime"));
  out += Fact("Received", DateCell(message, "receivedDateTime"));
  out += Fact("Internet message ID",
              "<code>" + Escape(JsonString(message, "internetMessageId").value_or("")) + "</code>");
  return out + "</dl>";
}

std::string Attachments(const json::value& message, std::string_view tenant,
                        std::string_view mailbox, std::string_view folder,
                        std::string_view message_id) {
  std::string out =
      "<section id=\"mail-attachments\" aria-labelledby=\"mail-attachments-title\">"
      "<h2 id=\"mail-attachments-title\">Attachments</h2>";
  const json::array* attachments = JsonArray(message, "attachments");
  if (attachments == nullptr || attachments->empty()) {
    return out + "<p class=\"muted\">No attachments.</p></section>";
  }
  out += "<ul id=\"attachments\">";
  for (const json::value& a : *attachments) {
    const std::string name = JsonString(a, "name").value_or("attachment");
    const std::string href =
        MessageUrl(tenant, mailbox, folder, message_id,
                   "/attachments/" + UrlPart(JsonString(a, "id").value_or("")));
    out += "<li><a class=\"attachment\" download=\"" + Escape(name) + "\" href=\"" + Escape(href) +
           "\">" + BidiText(name) + "</a> <span class=\"muted size\">(" +
           CountOf(JsonInt(a, "size").value_or(0), "byte", "bytes") +
           (JsonBool(a, "isInline").value_or(false) ? ", inline" : "") + ")</span></li>";
  }
  return out + "</ul></section>";
}

}  // namespace

void MailboxPage(const SandboxAdmin& admin, int refresh_seconds, const PageRequest& request,
                 const PageReply& reply) {
  auto folder = FolderOf(request);
  if (!folder) return reply(UnknownFolder(request));
  const std::string& tenant = request.path.at(1);
  const std::string& mailbox = request.path.at(3);
  auto listed = AdminGet(admin, AdminFolderPath(tenant, mailbox, *folder));
  if (!listed) return reply(AdminErrorPage(listed.error()));
  PageAnswer page;
  page.section = "sandbox";
  page.title = "Mailbox " + mailbox;
  page.refresh_seconds = refresh_seconds;
  page.body = "<p>" + Link(TenantUrl(tenant), "Back to the tenant") + "</p>" +
              FolderTabs(tenant, mailbox, *folder);
  const json::array* messages = JsonArray(*listed, "value");
  if (messages == nullptr || messages->empty()) {
    page.body += "<p class=\"muted\">No messages in " + Escape(FolderTitle(*folder)) + ".</p>";
    return reply(std::move(page));
  }
  page.body += "<div class=\"table-wrap\"><table id=\"mail\" class=\"data\"><caption>" +
               Escape(FolderTitle(*folder)) + " (" +
               Count(static_cast<std::int64_t>(messages->size())) +
               ")</caption><thead><tr><th scope=\"col\">From</th><th scope=\"col\">To</th>"
               "<th scope=\"col\">Subject</th><th scope=\"col\">Received</th>"
               "<th scope=\"col\">Attachments</th></tr></thead><tbody>";
  const std::size_t shown = std::min(messages->size(), kMaxRows);
  for (std::size_t i = 0; i < shown; ++i) {
    page.body += MailRow((*messages)[i], tenant, mailbox, *folder);
  }
  page.body += "</tbody></table></div>";
  if (shown < messages->size()) {
    page.body += "<p class=\"muted\" id=\"mail-truncated\">Showing the newest " +
                 Count(static_cast<std::int64_t>(shown)) + " of " +
                 Count(static_cast<std::int64_t>(messages->size())) + " messages.</p>";
  }
  reply(std::move(page));
}

void MessagePage(const SandboxAdmin& admin, const PageRequest& request, const PageReply& reply) {
  auto folder = FolderOf(request);
  if (!folder) return reply(UnknownFolder(request));
  const std::string& tenant = request.path.at(1);
  const std::string& mailbox = request.path.at(3);
  const std::string& id = request.path.at(5);
  auto message = AdminGet(admin, AdminMessagePath(tenant, mailbox, *folder, id));
  if (!message) return reply(AdminErrorPage(message.error()));
  PageAnswer page;
  page.section = "sandbox";
  page.title = SubjectOf(*message);
  page.body = "<p>" +
              Link(MailboxUrl(tenant, mailbox, *folder),
                   "Back to " + std::string(FolderTitle(*folder)) + " of " + mailbox) +
              "</p>" + Headers(*message) +
              "<iframe id=\"mail-body\" sandbox=\"\" title=\"Message body\" src=\"" +
              Escape(MessageUrl(tenant, mailbox, *folder, id, "/body")) + "\"></iframe>" +
              Attachments(*message, tenant, mailbox, *folder, id);
  reply(std::move(page));
}

}  // namespace graphpost::console::internal
