// GraphMailboxProbe: the doctor's Graph calls. Everything but the newest-Sent-Items lookup goes
// through GraphMailClient, so the probe behaves exactly like real sending.
#include "doctor/graph_probe.hpp"

#include <utility>

#include "core/ids.hpp"
#include "core/json.hpp"
#include "graph/graph_errors.hpp"
#include "graph/graph_urls.hpp"

namespace graphpost::doctor {
namespace {

bool IsSuccess(int status) { return status >= 200 && status <= 299; }

std::string WithoutTrailingSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// The from address of the first message in a Graph collection; nullopt for an empty one.
Result<std::optional<std::string>> FirstFrom(const http::ClientResponse& response) {
  auto parsed = ParseJson(response.body);
  const json::array* messages = parsed ? JsonArray(*parsed, "value") : nullptr;
  if (messages == nullptr) {
    return Fail(ErrorCode::kInternal, "graph latest sent message: response has no value array");
  }
  if (messages->empty()) return std::optional<std::string>();
  // Pointers into messages->front() only: no temporaries, nothing dangles.
  const json::object* from = JsonObject(messages->front(), "from");
  const json::value* address = from == nullptr ? nullptr : from->if_contains("emailAddress");
  if (address == nullptr) return std::optional<std::string>();
  return JsonString(*address, "address");
}

}  // namespace

std::string TestSubject(std::string_view connection_name) {
  return "graphpost connection test " + std::string(connection_name);
}

graph::OutgoingMessage BuildTestMessage(std::string_view connection_name, const std::string& to,
                                        const std::string& marker) {
  graph::OutgoingMessage m;
  m.subject = TestSubject(connection_name);
  m.body = "This is a test message from graphpost, sent by `graphpost connection test " +
           std::string(connection_name) + "` to check that the connection can send mail.\n" +
           "Test id: " + marker + "\n";
  m.to.push_back({.name = "", .address = to});
  m.extended_properties.emplace_back(kTestMarkerProperty, marker);
  m.save_to_sent_items = true;
  return m;
}

graph::OutgoingMessage BuildProbeMessage() {
  graph::OutgoingMessage m;
  m.subject = "graphpost connection probe (no recipients, never delivered)";
  m.body = "graphpost checks whether it may send as this mailbox.";
  m.save_to_sent_items = false;
  return m;
}

GraphMailboxProbe::GraphMailboxProbe(http::HttpTransport& http, auth::TokenProvider& tokens,
                                     Random& random, GraphMailboxProbeOptions options)
    : http_(http),
      tokens_(tokens),
      random_(random),
      options_(std::move(options)),
      client_(http, tokens, random, options_.graph) {}

Status GraphMailboxProbe::ProbeSend(std::string_view mailbox) {
  return client_.SendMail(mailbox, BuildProbeMessage());
}

Status GraphMailboxProbe::SendTest(std::string_view mailbox, const std::string& to,
                                   const std::string& marker) {
  return client_.SendMail(mailbox, BuildTestMessage(options_.connection_name, to, marker));
}

Result<std::optional<graph::FoundMessage>> GraphMailboxProbe::FindSent(std::string_view mailbox,
                                                                       const std::string& marker) {
  return client_.FindMessageByProperty(mailbox, "sentitems", kTestMarkerProperty, marker);
}

Result<graph::UserProfile> GraphMailboxProbe::GetUser(std::string_view user) {
  return client_.GetUser(user);
}

Result<std::optional<graph::UserProfile>> GraphMailboxProbe::FindUserByAddress(
    std::string_view address) {
  return client_.FindUserByAddress(address);
}

Result<std::optional<std::string>> GraphMailboxProbe::LatestSentFrom(std::string_view mailbox) {
  auto response = Get(graph::UserPath(mailbox) +
                          "/mailFolders/sentitems/messages?$top=1"
                          "&$orderby=sentDateTime%20desc&$select=from",
                      "graph latest sent message");
  if (!response) return Fail(response.error());
  return FirstFrom(*response);
}

Result<http::ClientResponse> GraphMailboxProbe::Get(const std::string& path,
                                                    std::string_view operation) {
  for (int attempt = 0;; ++attempt) {
    auto token = tokens_.GetToken();
    if (!token) return Fail(token.error());
    http::ClientRequest request;
    request.url = WithoutTrailingSlash(options_.graph.base_url) + path;
    request.headers.Set("Authorization", "Bearer " + token->value.Reveal());
    request.headers.Set("client-request-id", NewGuid(random_));
    request.timeout = options_.graph.timeout;
    auto response = http_.Send(request);
    if (!response) return Fail(graph::ClassifyTransportError(response.error(), operation));
    if (response->status == 401 && attempt == 0) {
      tokens_.Invalidate(token->value);  // revoked or expired early: one fresh token, one retry
      continue;
    }
    if (IsSuccess(response->status)) return response;
    return Fail(graph::ClassifyGraphResponse(*response, operation));
  }
}

}  // namespace graphpost::doctor
