// Reading and creating messages: list (OData options, paging), get, update, delete, draft
// creation, and the directory GET /users/{u} (docs/sandbox.md; docs/protocol-notes.md for the MIME
// draft rules).
#include <algorithm>

#include "core/ascii.hpp"
#include "sandbox/graph/graph_service.hpp"
#include "sandbox/graph/internal/graph_call.hpp"
#include "sandbox/graph/internal/request_body.hpp"
#include "sandbox/graph/internal/route_support.hpp"
#include "sandbox/graph/message_patch.hpp"
#include "sandbox/graph/mime_export.hpp"
#include "sandbox/graph/odata.hpp"

namespace graphpost::sandbox::graph {
namespace {

namespace json = boost::json;

constexpr int kDefaultPageSize = 10;

std::string Selection(const std::vector<std::string>& select) {
  if (select.empty()) return {};
  std::string out = "(";
  for (std::size_t i = 0; i < select.size(); ++i) out += (i ? "," : "") + select[i];
  return out + ")";
}

// The request's query without $skip, then the new $skip (Graph's nextLink keeps the options).
std::string NextLink(const std::string& base_url, const http::Request& request, int skip) {
  std::string query;
  for (std::string_view item : Split(request.query, '&')) {
    std::string_view key = item.substr(0, item.find('='));
    if (item.empty() || AsciiIEquals(key, "$skip") || AsciiIEquals(key, "%24skip")) continue;
    query += std::string(item) + "&";
  }
  return base_url + request.path + "?" + query + "%24skip=" + std::to_string(skip);
}

std::vector<const StoredMessage*> FilterAndSort(std::vector<const StoredMessage*> items,
                                                const ODataQuery& query) {
  if (query.filter) {
    std::erase_if(items,
                  [&](const StoredMessage* m) { return !MatchesFilter(*query.filter, m->graph); });
  }
  std::vector<OrderBy> order = query.orderby;
  if (order.empty()) order.push_back(OrderBy{"receivedDateTime", true});
  std::stable_sort(items.begin(), items.end(), [&](const StoredMessage* a, const StoredMessage* b) {
    return OrderBefore(order, a->graph, b->graph);
  });
  return items;
}

GraphResult<ODataQuery> ParseQuery(const http::Request& request) {
  auto query = ParseODataQuery(request.query);
  if (!query) return GraphFail(errors::BadRequest(query.error().message));
  if (auto s = CheckFilterOrderBy(*query); !s) {
    return GraphFail(errors::InefficientFilter(s.error().message));
  }
  return std::move(*query);
}

}  // namespace

GraphService::Reply GraphService::GetUser(Call& call) {
  return GraphJson(200, call.user, call.context);
}

GraphService::Reply GraphService::ListMessages(Call& call) {
  auto query = ParseQuery(call.request);
  if (!query) return GraphFail(query.error());
  MessageView view = ViewFor(*query, call.request);
  int top = query->top.value_or(kDefaultPageSize);
  json::array page;
  std::size_t matched = 0;
  {
    std::lock_guard lock(store_mu_);
    Mailbox& mailbox = store_.Open(call.mailbox_id);
    const Folder* folder = nullptr;
    if (!call.route.folder.empty()) {
      folder = mailbox.FindFolder(call.route.folder);
      if (folder == nullptr) return GraphFail(errors::ItemNotFound());
    }
    auto items = FilterAndSort(mailbox.List(folder), *query);
    matched = items.size();
    for (std::size_t i = query->skip;
         i < items.size() && page.size() < static_cast<std::size_t>(top); ++i) {
      page.push_back(view.Render(*items[i]));
    }
  }
  std::string resource = call.route.folder.empty()
                             ? "/messages"
                             : "/mailFolders('" + call.route.folder + "')/messages";
  json::object body{{"@odata.context", UserContext(call.base_url, call.route.user) + resource +
                                           Selection(query->select)}};
  if (query->count) body["@odata.count"] = matched;
  body["value"] = std::move(page);
  if (static_cast<std::size_t>(query->skip) + top < matched) {
    body["@odata.nextLink"] = NextLink(call.base_url, call.request, query->skip + top);
  }
  return view.Decorate(GraphJson(200, body, call.context));
}

GraphService::Reply GraphService::GetMessage(Call& call) {
  auto query = ParseQuery(call.request);
  if (!query) return GraphFail(query.error());
  MessageView view = ViewFor(*query, call.request);
  json::object rendered;
  {
    std::lock_guard lock(store_mu_);
    Mailbox* mailbox = store_.Find(call.mailbox_id);
    StoredMessage* message = mailbox ? mailbox->FindMessage(call.route.message_id) : nullptr;
    if (message == nullptr) return GraphFail(errors::ItemNotFound());
    rendered = view.Render(*message);
  }
  json::object body = WithContext(UserContext(call.base_url, call.route.user) + "/messages/$entity",
                                  std::move(rendered));
  return view.Decorate(GraphJson(200, body, call.context));
}

GraphService::Reply GraphService::GetMessageMime(Call& call) {
  std::string mime;
  {
    std::lock_guard lock(store_mu_);
    Mailbox* mailbox = store_.Find(call.mailbox_id);
    StoredMessage* message = mailbox ? mailbox->FindMessage(call.route.message_id) : nullptr;
    if (message == nullptr) return GraphFail(errors::ItemNotFound());
    mime = ExportMime(*message);
  }
  http::Response response = http::MakeResponse(200, "text/plain", std::move(mime));
  AddGraphHeaders(response, call.context);
  return response;
}

GraphService::Reply GraphService::DeleteMessage(Call& call) {
  std::lock_guard lock(store_mu_);
  Mailbox* mailbox = store_.Find(call.mailbox_id);
  if (mailbox == nullptr || !mailbox->Remove(call.route.message_id)) {
    return GraphFail(errors::ItemNotFound());
  }
  call.ticket = QueueChanges();
  return GraphEmpty(204, call.context);
}

GraphService::Reply GraphService::UpdateMessage(Call& call) {
  auto patch = ParseJsonBody(call.request);
  if (!patch) return GraphFail(patch.error());
  json::object rendered;
  {
    std::lock_guard lock(store_mu_);
    Mailbox* mailbox = store_.Find(call.mailbox_id);
    StoredMessage* message = mailbox ? mailbox->FindMessage(call.route.message_id) : nullptr;
    if (message == nullptr) return GraphFail(errors::ItemNotFound());
    StoredMessage updated = *message;  // all or nothing
    if (auto s = PatchMessage(updated, *patch); !s) return GraphFail(s.error());
    Touch(updated, call.context.now, random_);
    *message = std::move(updated);
    mailbox->Changed(*message);
    rendered = RenderMessage(*message, {});
    call.ticket = QueueChanges();
  }
  json::object body = WithContext(UserContext(call.base_url, call.route.user) + "/messages/$entity",
                                  std::move(rendered));
  return GraphJson(200, body, call.context);
}

GraphService::Reply GraphService::CreateDraft(Call& call) {
  GraphResult<MessageInput> input = GraphFail(errors::InvalidJson());
  if (IsMimeRequest(call.request)) {
    input = MessageFromMime(call.request.body);
  } else {
    auto body = ParseJsonBody(call.request);
    if (!body) return GraphFail(body.error());
    input = MessageFromJson(*body);
  }
  if (!input) return GraphFail(input.error());
  if (MessageSize(*input) > call.limits.max_message_bytes) {
    return GraphFail(errors::MessageSizeExceeded());
  }
  StoredMessage draft = NewStoredMessage(std::move(*input), {.now = call.context.now}, random_);
  json::object rendered;
  {
    std::lock_guard lock(store_mu_);
    Mailbox& mailbox = store_.Open(call.mailbox_id);
    Folder* folder = call.route.folder.empty() ? &mailbox.WellKnown(WellKnownFolder::kDrafts)
                                               : mailbox.FindFolder(call.route.folder);
    if (folder == nullptr) return GraphFail(errors::ItemNotFound());
    rendered = RenderMessage(mailbox.Insert(std::move(draft), *folder), {});
    call.ticket = QueueChanges();
  }
  json::object body = WithContext(UserContext(call.base_url, call.route.user) + "/messages/$entity",
                                  std::move(rendered));
  return GraphJson(201, body, call.context);
}

}  // namespace graphpost::sandbox::graph
