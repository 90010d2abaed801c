// GraphMailClient: request plumbing (token, 401 retry, classification) and the mail operations.
// The upload-session half lives in graph_upload_session.cpp.
#include "graph/graph_mail_client.hpp"

#include <utility>

#include "core/base64.hpp"
#include "core/form.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "graph/graph_call.hpp"
#include "graph/graph_errors.hpp"
#include "graph/graph_urls.hpp"
#include "graph/mail_requests.hpp"

namespace graphpost::graph {
namespace {

constexpr std::string_view kJson = "application/json";
// PidTagDeleteAfterSubmit: Exchange deletes the message instead of keeping it in Sent Items.
constexpr std::string_view kDeleteAfterSubmit = "Boolean 0x0E01";

std::string LimitText(std::size_t bytes) {
  constexpr std::size_t kMiB = 1024 * 1024;
  if (bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MB";
  return FormatMegabytes(bytes);
}

Error WithContext(Error error, std::string_view operation) {
  error.message = std::string(operation) + ": " + error.message;
  return error;
}

Result<json::value> ParseBody(const http::ClientResponse& response, std::string_view operation) {
  auto parsed = ParseJson(response.body);
  if (!parsed || !parsed->is_object()) {
    return Fail(ErrorCode::kInternal, std::string(operation) + ": " +
                                          std::to_string(response.status) +
                                          " response is not a JSON object");
  }
  return parsed;
}

// "MIME message is 4.2 MB as base64; Graph accepts at most 4 MB per request (…)".
Error MimeTooLarge(std::size_t rfc5322_bytes, std::size_t limit) {
  Error e;
  e.code = ErrorCode::kInvalidArgument;
  e.message = "MIME message is " + FormatMegabytes((rfc5322_bytes + 2) / 3 * 4) +
              " as base64; Graph accepts at most " + LimitText(limit) +
              " per request (send it as a message with attachments instead)";
  return e;
}


// The id of the draft a create-draft answer describes.
Result<std::string> DraftIdOf(const http::ClientResponse& response, std::string_view operation) {
  auto parsed = ParseBody(response, operation);
  if (!parsed) return Fail(parsed.error());
  auto id = JsonString(*parsed, "id");
  if (!id || id->empty()) {
    return Fail(ErrorCode::kInternal, std::string(operation) + ": response has no message id");
  }
  return *id;
}

void AddDeleteAfterSubmit(json::object& message) {
  json::value& properties = message["singleValueExtendedProperties"];
  if (!properties.is_array()) properties = json::array();
  properties.as_array().push_back(json::object{{"id", kDeleteAfterSubmit}, {"value", "true"}});
}

constexpr std::string_view kUserFields = "id,displayName,mail,userPrincipalName";

UserProfile ToUserProfile(const json::value& user) {
  return UserProfile{
      .id = JsonString(user, "id").value_or(""),
      .display_name = JsonString(user, "displayName").value_or(""),
      .mail = JsonString(user, "mail").value_or(""),
      .user_principal_name = JsonString(user, "userPrincipalName").value_or(""),
  };
}

GraphClientOptions Normalized(GraphClientOptions options) {
  while (!options.base_url.empty() && options.base_url.back() == '/') options.base_url.pop_back();
  if (options.upload_chunk_bytes == 0) options.upload_chunk_bytes = 320 * 1024;
  return options;
}

}  // namespace

GraphMailClient::GraphMailClient(http::HttpTransport& http, auth::TokenProvider& tokens,
                                 Random& random, GraphClientOptions options)
    : http_(http), tokens_(tokens), random_(random), options_(Normalized(std::move(options))) {}

Result<http::ClientResponse> GraphMailClient::CallGraph(const GraphCall& call,
                                                        std::string_view operation) {
  for (int attempt = 0;; ++attempt) {
    auto token = tokens_.GetToken();
    if (!token) return Fail(NothingSent(WithContext(token.error(), operation)));
    auto response = GraphAnswer(SendWithToken(call, token->value), operation, token->value);
    if (!response && response.error().code == ErrorCode::kUnauthenticated && attempt == 0) {
      // Revoked or expired early (e.g. consent changed): one fresh token, one more try.
      tokens_.Invalidate(token->value);
      continue;
    }
    return response;
  }
}

Result<http::ClientResponse> GraphMailClient::SendWithToken(const GraphCall& call,
                                                            const Secret& token) {
  return http_.Send(
      BuildGraphRequest(call, options_.base_url, token, NewGuid(random_), options_.timeout));
}

Status GraphMailClient::CheckSendable(const OutgoingMessage& message) const {
  if (auto valid = ValidateMessage(message); !valid) return valid;
  const std::size_t encoded = EstimateMessageBytes(message);
  if (encoded <= options_.max_message_bytes) return Ok();
  return Fail(ErrorCode::kInvalidArgument,
              "message is " + FormatMegabytes(MessageContentBytes(message)) + " (" +
                  FormatMegabytes(encoded) +
                  " encoded for sending); Exchange Online accepts at most " +
                  LimitText(options_.max_message_bytes));
}

Status GraphMailClient::SendMail(std::string_view mailbox, const OutgoingMessage& message) {
  if (auto sendable = CheckSendable(message); !sendable) return sendable;
  std::optional<GraphCall> call = JsonSendMailCall(mailbox, message, options_);
  if (!call) return SendViaDraft(mailbox, message);
  auto response = CallGraph(*call, kSendMailOperation);
  if (!response) return Fail(response.error());
  return Ok();
}

Status GraphMailClient::SendViaDraft(std::string_view mailbox, const OutgoingMessage& message) {
  auto id = CreateDraft(mailbox, message);
  if (!id) return Fail(NothingSent(id.error()));
  for (const Attachment& a : message.attachments) {
    if (auto added = AddAttachment(mailbox, *id, a); !added) {
      // Best effort: a retry makes a new draft, so do not leave this one behind. The attachment
      // error is the one worth reporting.
      (void)DeleteMessage(mailbox, *id);
      return Fail(NothingSent(added.error()));
    }
  }
  return SendDraft(mailbox, *id);
}

Status GraphMailClient::SendMime(std::string_view mailbox, std::string_view rfc5322) {
  if (rfc5322.empty())
    return Fail(ErrorCode::kInvalidArgument, "graph sendMail (MIME): empty message");
  std::optional<GraphCall> call = MimeSendMailCall(mailbox, rfc5322, options_);
  if (!call) return Fail(MimeTooLarge(rfc5322.size(), options_.max_request_bytes));
  auto response = CallGraph(*call, kSendMimeOperation);
  if (!response) return Fail(response.error());
  return Ok();
}

Result<std::string> GraphMailClient::CreateDraftFromMime(std::string_view mailbox,
                                                         std::string_view rfc5322) {
  if (rfc5322.empty()) {
    return Fail(ErrorCode::kInvalidArgument, std::string(kCreateDraftOperation) + ": empty message");
  }
  std::optional<GraphCall> call = MimeDraftCall(mailbox, rfc5322, options_);
  if (!call) return Fail(MimeTooLarge(rfc5322.size(), options_.max_request_bytes));
  auto response = CallGraph(*call, kCreateDraftOperation);
  if (!response) return Fail(response.error());
  return DraftIdOf(*response, kCreateDraftOperation);
}

Result<std::string> GraphMailClient::CreateDraft(std::string_view mailbox,
                                                 const OutgoingMessage& message) {
  constexpr std::string_view kOperation = kCreateDraftOperation;
  if (auto valid = ValidateMessage(message); !valid) return Fail(valid.error());
  json::object draft = MessageToGraphJson(message, /*include_attachments=*/false);
  if (!message.save_to_sent_items) AddDeleteAfterSubmit(draft);
  std::string body = ToJson(draft);
  if (body.size() > options_.max_request_bytes) {
    return Fail(ErrorCode::kInvalidArgument,
                "message text is " + FormatMegabytes(body.size()) + "; Graph accepts at most " +
                    LimitText(options_.max_request_bytes) + " per request");
  }
  auto response = CallGraph(
      {"POST", UserPath(mailbox) + "/messages", std::string(kJson), std::move(body)}, kOperation);
  if (!response) return Fail(response.error());
  return DraftIdOf(*response, kOperation);
}

Status GraphMailClient::AddAttachment(std::string_view mailbox, std::string_view message_id,
                                      const Attachment& a) {
  if (a.bytes.size() < options_.upload_session_threshold) {
    std::string body = ToJson(FileAttachmentToGraphJson(a));
    if (body.size() <= options_.max_request_bytes) {
      GraphCall call{"POST", MessagePath(mailbox, message_id) + "/attachments", std::string(kJson),
                     std::move(body)};
      auto response = CallGraph(call, "graph add attachment '" + a.name + "'");
      if (!response) return Fail(response.error());
      return Ok();
    }
  }
  return UploadAttachment(mailbox, message_id, a);
}

Status GraphMailClient::SendDraft(std::string_view mailbox, std::string_view message_id) {
  GraphCall call{"POST", MessagePath(mailbox, message_id) + "/send", "", "", true};
  auto response = CallGraph(call, "graph send draft");
  if (!response) return Fail(response.error());
  return Ok();
}

Status GraphMailClient::DeleteMessage(std::string_view mailbox, std::string_view message_id) {
  auto response = CallGraph({"DELETE", MessagePath(mailbox, message_id)}, "graph delete message");
  if (!response) return Fail(response.error());
  return Ok();
}

Result<std::optional<FoundMessage>> GraphMailClient::FirstListedMessage(
    std::string path, std::string_view operation) {
  auto response = CallGraph({"GET", std::move(path)}, operation);
  if (!response) return Fail(response.error());
  return FirstMessageOfListing(*response, operation);
}

Result<std::optional<FoundMessage>> GraphMailClient::FindMessageByProperty(
    std::string_view mailbox, std::string_view folder, std::string_view property_id,
    std::string_view value) {
  auto response = CallGraph(FindMessageByPropertyCall(mailbox, folder, property_id, value),
                            kFindMessageOperation);
  if (!response) return Fail(response.error());
  return FirstMessageOfListing(*response, kFindMessageOperation);
}

Result<std::optional<FoundMessage>> GraphMailClient::NewestMessage(std::string_view mailbox,
                                                                   std::string_view folder) {
  constexpr std::string_view kOperation = "graph newest message";
  std::string path = UserPath(mailbox) + "/mailFolders/" + EncodePathSegment(folder) +
                     "/messages?$top=1&$orderby=sentDateTime%20desc" +
                     "&$select=id,internetMessageId,subject,from,sentDateTime";
  return FirstListedMessage(std::move(path), kOperation);
}

Result<UserProfile> GraphMailClient::GetUser(std::string_view user) {
  constexpr std::string_view kOperation = "graph get user";
  auto response =
      CallGraph({"GET", UserPath(user) + "?$select=" + std::string(kUserFields)}, kOperation);
  if (!response) return Fail(response.error());
  auto parsed = ParseBody(*response, kOperation);
  if (!parsed) return Fail(parsed.error());
  return ToUserProfile(*parsed);
}

Result<std::optional<UserProfile>> GraphMailClient::FindUserByAddress(std::string_view address) {
  constexpr std::string_view kOperation = "graph find user by address";
  std::string path = "/users?$filter=" + PercentEncode(ProxyAddressFilter(address)) +
                     "&$select=" + std::string(kUserFields);
  auto response = CallGraph({"GET", std::move(path)}, kOperation);
  if (!response) return Fail(response.error());
  auto parsed = ParseBody(*response, kOperation);
  if (!parsed) return Fail(parsed.error());
  const json::array* users = JsonArray(*parsed, "value");
  if (users == nullptr) {
    return Fail(ErrorCode::kInternal, std::string(kOperation) + ": response has no value array");
  }
  if (users->empty()) return std::optional<UserProfile>();
  return std::optional<UserProfile>(ToUserProfile(users->front()));
}

Status GraphMailClient::ProbeMailbox(std::string_view mailbox) {
  auto response = CallGraph({"GET", UserPath(mailbox) + "/mailFolders/inbox?$select=id"},
                            "graph probe mailbox");
  if (!response) return Fail(response.error());
  return Ok();
}

}  // namespace graphpost::graph
