// The Messages page (GET /ui/messages, live; docs/console.md): the filter form and one page of
// messages, newest first, from the outbox's List as the operator sees it (every key's messages).
//
// What a row shows comes from the record alone: List leaves payloads out, and reading 50 payloads
// (JSON with base64 attachments, or whole MIME messages, up to 35 MB each) on every refresh of a
// live page would cost far more than the rest of the page. So a row has the lane's sender as From
// and the recipient count; no subject (the `.subject` cell is absent). The message page shows the
// subject and the addresses.
#include <string>

#include "console/html.hpp"
#include "console/message_filters.hpp"
#include "console/message_page.hpp"
#include "console/page.hpp"

namespace graphpost::console {
namespace {

std::string FieldError(const MessageFilters& f, std::string_view field) {
  const FilterError* e = f.ErrorFor(field);
  if (e == nullptr) return "";
  return "<span class=\"error\" id=\"" + std::string(field) + "-error\">" + Escape(e->message) +
         "</span>";
}

// <label> + the field's control + its error, if any.
std::string Field(const MessageFilters& f, std::string_view name, std::string_view label,
                  std::string_view control) {
  std::string id = "filter-" + std::string(name);
  std::string out = "<p><label for=\"" + id + "\">" + Escape(label) + "</label> ";
  out += control;
  out += FieldError(f, name);
  return out + "</p>";
}

std::string Input(const MessageFilters& f, std::string_view name, std::string_view type,
                  std::string_view placeholder) {
  std::string out = "<input id=\"filter-" + std::string(name) + "\" name=\"" + std::string(name) +
                    "\" type=\"" + std::string(type) + "\" value=\"" + Escape(f.Typed(name)) + "\"";
  if (!placeholder.empty()) out += " placeholder=\"" + Escape(placeholder) + "\"";
  if (f.ErrorFor(name) != nullptr) {
    out += " aria-invalid=\"true\" aria-describedby=\"" + std::string(name) + "-error\"";
  }
  return out + ">";
}

std::string StateSelect(const MessageFilters& f) {
  using outbox::MessageState;
  std::string out = "<select id=\"filter-state\" name=\"state\"";
  if (f.ErrorFor("state") != nullptr) out += " aria-invalid=\"true\"";
  out += "><option value=\"\">any</option>";
  for (MessageState s : {MessageState::kQueued, MessageState::kSending, MessageState::kDelivered,
                         MessageState::kFailed, MessageState::kExpired, MessageState::kCancelled}) {
    std::string name(outbox::MessageStateName(s));
    out += "<option value=\"" + name + "\"";
    if (f.Typed("state") == name) out += " selected";
    out += ">" + name + "</option>";
  }
  return out + "</select>";
}

std::string FilterForm(const MessageFilters& f) {
  std::string out =
      "<form class=\"filters\" id=\"message-filters\" method=\"get\" action=\"/ui/messages\">";
  out += Field(f, "state", "State", StateSelect(f));
  out += Field(f, "connection", "Connection", Input(f, "connection", "text", ""));
  out += Field(f, "sender", "Sender", Input(f, "sender", "email", "mailbox@contoso.com"));
  out += Field(f, "recipient", "Recipient", Input(f, "recipient", "email", "bob@example.com"));
  out += Field(f, "after", "Created after (UTC)", Input(f, "after", "text", "2026-12-02T15:04"));
  out += Field(f, "before", "Created before (UTC)", Input(f, "before", "text", "2026-12-02T16:00"));
  return out + "<p><button type=\"submit\">Filter</button></p></form>";
}

std::string Row(const outbox::MessageRecord& m) {
  const std::string href = "/ui/messages/" + UrlPart(m.id);
  std::string out = "<tr data-message-id=\"" + Escape(m.id) + "\">";
  out += "<td class=\"state\">" + StateBadge(m.state) + "</td>";
  out += "<td class=\"created\">" + TimeTag(m.created_at) + "</td>";
  out += "<td class=\"connection\">" + Escape(m.lane.connection) + "</td>";
  out += "<td class=\"from\">" + BidiText(m.lane.sender) + "</td>";
  out += "<td class=\"recipients\">" + Count(m.recipients) + "</td>";
  out += "<td class=\"id\">" + Link(href, m.id) + "</td>";
  return out + "</tr>";
}

std::string Table(const outbox::ListPage& page) {
  std::string out =
      "<div class=\"table-wrap\"><table id=\"messages\" class=\"data\">"
      "<caption>Messages, newest first</caption><thead><tr><th scope=\"col\">State</th>"
      "<th scope=\"col\">Created</th><th scope=\"col\">Connection</th><th scope=\"col\">From</th>"
      "<th scope=\"col\">Recipients</th><th scope=\"col\">Message</th></tr></thead><tbody>";
  for (const auto& m : page.messages) out += Row(m);
  return out + "</tbody></table></div>";
}

// The filled-in filters, as query fields.
FormFields TypedFields(const MessageFilters& f) {
  FormFields fields;
  for (const auto& [key, value] : f.typed) {
    if (!value.empty()) fields.emplace_back(key, value);
  }
  return fields;
}

// "First page" (the same filters, no cursor) when on a later page, and "Next page" (the same
// filters with the next cursor) when there is one.
std::string PageLinks(const MessageFilters& f, const std::string& next_cursor) {
  std::string links;
  if (!f.cursor.empty()) {
    const FormFields fields = TypedFields(f);
    const std::string href = fields.empty() ? "/ui/messages" : "/ui/messages?" + EncodeForm(fields);
    links += "<a id=\"first-page\" href=\"" + Escape(href) + "\">First page</a>";
  }
  if (!next_cursor.empty()) {
    FormFields fields = TypedFields(f);
    fields.emplace_back("cursor", next_cursor);
    links += std::string(links.empty() ? "" : " ") + "<a id=\"next-page\" href=\"/ui/messages?" +
             Escape(EncodeForm(fields)) + "\">Next page</a>";
  }
  return links.empty() ? links : "<p id=\"page-links\">" + links + "</p>";
}

std::string Empty(const MessageFilters& f) {
  return std::string("<p id=\"no-messages\" class=\"muted\">") +
         (f.any() ? "No messages match these filters." : "No messages yet.") + "</p>";
}

PageAnswer MessagesPage(const PageRequest& request, const ConsoleDeps& deps) {
  PageAnswer answer;
  answer.title = "Messages";
  answer.section = "messages";
  MessageFilters f = ReadMessageFilters(request.query);
  if (!f.errors.empty()) {
    answer.status = 400;
    answer.body = FilterForm(f);
    return answer;
  }
  auto page = deps.outbox.List(f.filter);
  if (!page && page.error().code == ErrorCode::kInvalidArgument) {
    // Only the cursor can be wrong here: the fields were checked.
    f.errors.push_back({"cursor", ""});
    answer.status = 400;
    answer.body = FilterForm(f) +
                  "<p class=\"error\" id=\"cursor-error\">That page link is not valid any more. "
                  "<a href=\"/ui/messages\">Start from the newest messages</a>.</p>";
    return answer;
  }
  if (!page) return ErrorPage(503, "Messages", "The outbox cannot be read right now.");
  answer.refresh_seconds = static_cast<int>(deps.options.live_refresh.count());
  answer.body = FilterForm(f);
  answer.body += page->messages.empty() ? Empty(f) : Table(*page);
  answer.body += PageLinks(f, page->next_cursor);
  return answer;
}

}  // namespace

void RegisterMessagesRoutes(RouteTable& routes, ConsoleDeps& deps) {
  routes.Add("GET", "messages",
             [&deps](PageRequest request, PageReply reply) { reply(MessagesPage(request, deps)); });
  RegisterMessageRoutes(routes, deps);
}

}  // namespace graphpost::console
