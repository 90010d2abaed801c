#include "graph/mail_requests.hpp"

#include <string>
#include <utility>

#include "core/base64.hpp"
#include "core/form.hpp"
#include "core/json.hpp"
#include "graph/graph_urls.hpp"

namespace graphpost::graph {
namespace {

std::string AddressOf(const json::value& message, std::string_view key) {
  const json::object* recipient = JsonObject(message, key);
  if (recipient == nullptr) return "";
  auto address = recipient->find("emailAddress");
  if (address == recipient->end()) return "";
  return JsonString(address->value(), "address").value_or("");
}

FoundMessage ToFoundMessage(const json::value& message) {
  return FoundMessage{
      .id = JsonString(message, "id").value_or(""),
      .internet_message_id = JsonString(message, "internetMessageId").value_or(""),
      .subject = JsonString(message, "subject").value_or(""),
      .from_address = AddressOf(message, "from"),
      .sent_date_time = JsonString(message, "sentDateTime").value_or(""),
  };
}

constexpr std::string_view kListedFields = "&$select=id,internetMessageId,subject,from,sentDateTime";

std::string MessagesIn(std::string_view mailbox, std::string_view folder) {
  return UserPath(mailbox) + "/mailFolders/" + EncodePathSegment(folder) + "/messages";
}

std::optional<GraphCall> MimePost(std::string path, std::string_view rfc5322,
                                  const GraphClientOptions& options) {
  std::string body = Base64Encode(rfc5322);
  if (body.size() > options.max_request_bytes) return std::nullopt;
  return GraphCall{"POST", std::move(path), "text/plain", std::move(body)};
}

}  // namespace

std::optional<GraphCall> JsonSendMailCall(std::string_view mailbox, const OutgoingMessage& message,
                                          const GraphClientOptions& options) {
  for (const Attachment& a : message.attachments) {
    if (a.bytes.size() >= options.upload_session_threshold) return std::nullopt;
  }
  std::string body = ToJson(SendMailToGraphJson(message));
  if (body.size() > options.max_request_bytes) return std::nullopt;
  return GraphCall{"POST", UserPath(mailbox) + "/sendMail", "application/json", std::move(body)};
}

std::optional<GraphCall> MimeSendMailCall(std::string_view mailbox, std::string_view rfc5322,
                                          const GraphClientOptions& options) {
  return MimePost(UserPath(mailbox) + "/sendMail", rfc5322, options);
}

std::optional<GraphCall> MimeDraftCall(std::string_view mailbox, std::string_view rfc5322,
                                       const GraphClientOptions& options) {
  return MimePost(UserPath(mailbox) + "/messages", rfc5322, options);
}

GraphCall FindMessageByInternetMessageIdCall(std::string_view mailbox, std::string_view folder,
                                             std::string_view internet_message_id) {
  return GraphCall{"GET", MessagesIn(mailbox, folder) + "?$filter=" +
                              PercentEncode(InternetMessageIdFilter(internet_message_id)) +
                              std::string(kListedFields)};
}

GraphCall FindMessageByPropertyCall(std::string_view mailbox, std::string_view folder,
                                    std::string_view property_id, std::string_view value) {
  return GraphCall{"GET", MessagesIn(mailbox, folder) + "?$filter=" +
                              PercentEncode(ExtendedPropertyFilter(property_id, value)) +
                              std::string(kListedFields)};
}

Result<std::optional<FoundMessage>> FirstMessageOfListing(const http::ClientResponse& response,
                                                          std::string_view operation) {
  auto parsed = ParseJson(response.body);
  const json::array* messages = parsed ? JsonArray(*parsed, "value") : nullptr;
  if (messages == nullptr) {
    return Fail(ErrorCode::kInternal, std::string(operation) + ": " +
                                          std::to_string(response.status) +
                                          " response has no value array");
  }
  if (messages->empty()) return std::optional<FoundMessage>();
  return std::optional<FoundMessage>(ToFoundMessage(messages->front()));
}

}  // namespace graphpost::graph
