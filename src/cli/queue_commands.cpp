// `graphpost queue ls | show | retry | cancel | purge` through the running gateway's API, as the
// operator (an admin key sees every key's messages).
#include <iostream>

#include <boost/json.hpp>

#include "cli/gateway_client.hpp"
#include "cli/gateway_commands.hpp"
#include "cli/table.hpp"
#include "core/form.hpp"
#include "core/json.hpp"

namespace graphpost::cli {
namespace {

const std::vector<std::string> kMessageColumns = {"id",           "status",    "source",
                                                  "connection",   "from",      "recipients",
                                                  "attemptCount", "createdAt", "cause"};
const std::vector<std::string> kAttemptColumns = {"number",     "startedAt", "outcome",
                                                  "httpStatus", "cause",     "detail"};

// Runs one call and prints its answer: JSON with --json, else `print` for people.
template <class Print>
Status CallAndPrint(const ClientGlobal& g, const std::string& method, const std::string& path,
                    const json::value& body, Print print) {
  auto client = GatewayClient::Connect(g.data_dir);
  if (!client) return Fail(client.error());
  auto answer = (*client)->Call(method, path, body);
  if (!answer) return Fail(answer.error());
  if (g.json) {
    std::cout << ToJson(*answer) << "\n";
  } else {
    print(*answer);
  }
  return Ok();
}

void PrintMessage(const json::value& message) {
  json::object view = message.as_object();
  const json::value attempts = view.contains("attempts") ? view["attempts"] : json::array{};
  view.erase("attempts");
  std::cout << RenderList(view);
  if (attempts.is_array() && !attempts.as_array().empty()) {
    std::cout << "\nAttempts:\n" << RenderTable(kAttemptColumns, attempts.as_array());
  }
}

}  // namespace

std::string QueueListQuery(const QueueListOptions& o) {
  std::string query = "limit=" + std::to_string(o.limit);
  auto add = [&query](const char* name, const std::string& value) {
    if (!value.empty()) query += std::string("&") + name + "=" + PercentEncode(value);
  };
  add("status", o.status);
  add("connection", o.connection);
  add("sender", o.sender);
  add("recipient", o.recipient);
  add("cursor", o.cursor);
  return query;
}

Status RunQueueList(const ClientGlobal& g, const QueueListOptions& o) {
  return CallAndPrint(
      g, "GET", "/v1/messages?" + QueueListQuery(o), nullptr, [](const json::value& page) {
        const auto* messages = JsonArray(page, "messages");
        std::cout << RenderTable(kMessageColumns, messages ? *messages : json::array{});
        if (auto next = JsonString(page, "nextCursor")) {
          std::cout << "More: --cursor " << *next << "\n";
        }
      });
}

Status RunQueueShow(const ClientGlobal& g, const std::string& id) {
  return CallAndPrint(g, "GET", "/v1/messages/" + PercentEncode(id), nullptr, PrintMessage);
}

Status RunQueueRetry(const ClientGlobal& g, const std::string& id) {
  return CallAndPrint(g, "POST", "/v1/messages/" + PercentEncode(id) + "/retry", nullptr,
                      PrintMessage);
}

Status RunQueueCancel(const ClientGlobal& g, const std::string& id) {
  return CallAndPrint(g, "POST", "/v1/messages/" + PercentEncode(id) + "/cancel", nullptr,
                      PrintMessage);
}

Status RunQueuePurge(const ClientGlobal& g, const std::string& older_than) {
  return CallAndPrint(g, "POST", "/v1/admin/purge", json::object{{"olderThan", older_than}},
                      [](const json::value& answer) {
                        std::cout << "purged " << JsonInt(answer, "purged").value_or(0)
                                  << " finished messages older than "
                                  << JsonString(answer, "before").value_or("") << "\n";
                      });
}

}  // namespace graphpost::cli
