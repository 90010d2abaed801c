// graph/graph_mail_client.hpp — sends and finds mail through Microsoft Graph as an application:
// JSON and MIME sendMail, draft + attachments (upload sessions for large ones) + send, lookup of a
// sent message by an extended property, user lookup and a mailbox probe for the doctor.
// Holds references to the transport, token provider and Random (all must outlive it); otherwise
// stateless. Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "auth/token_provider.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "graph/graph_call.hpp"
#include "graph/mail_message.hpp"
#include "http/http_transport.hpp"

namespace graphpost::graph {

struct GraphClientOptions {
  std::string base_url = "https://graph.microsoft.com/v1.0";  // or the sandbox's ".../v1.0"
  std::size_t max_request_bytes = 4 * 1024 * 1024;            // Graph's per-request limit
  std::size_t upload_session_threshold = 3 * 1024 * 1024;     // attachments >= this: upload session
  std::size_t upload_chunk_bytes = 10 * 320 * 1024;           // multiple of 320 KiB, <= 4 MB
  std::size_t max_message_bytes = 35 * 1024 * 1024;           // refuse before sending, clear error
  std::chrono::milliseconds timeout{std::chrono::seconds{60}};
};

struct FoundMessage {
  std::string id;
  std::string internet_message_id;
  std::string subject;
  std::string from_address;
  std::string sent_date_time;  // as Graph prints it, e.g. "2024-02-02T19:22:43Z"
};

struct UserProfile {
  std::string id;
  std::string display_name;
  std::string mail;  // empty when the user has no mailbox address
  std::string user_principal_name;
};

// Every Graph request carries `Authorization: Bearer <token>`, a fresh `client-request-id` GUID
// and, with a body, its Content-Type. A 401 invalidates the token and the request is retried once
// with a new one; nothing else is retried here (errors keep Retry-After for the caller). Errors are
// classified by graph_errors.hpp, prefixed with the operation ("graph sendMail: 404 ..."), and
// never contain the token, the upload URL or a request body. `mailbox` is the User ID (primary
// SMTP address or object id); it is percent-encoded into /users/{mailbox}.
class GraphMailClient {
 public:
  // `random` supplies the client-request-id GUIDs.
  GraphMailClient(http::HttpTransport& http, auth::TokenProvider& tokens, Random& random,
                  GraphClientOptions options = {});

  // Sends `message` from `mailbox`. One JSON sendMail with inline fileAttachments when every
  // attachment is below upload_session_threshold and the request fits max_request_bytes;
  // otherwise draft + attachments (small ones POSTed, large ones by upload session) + send, and a
  // draft whose attachments failed is deleted. kInvalidArgument before any request for a message
  // over max_message_bytes ("message is 40.0 MB (…); Exchange Online accepts at most 35 MB") or
  // one ValidateMessage rejects; otherwise the classified Graph/transport/token error.
  [[nodiscard]] Status SendMail(std::string_view mailbox, const OutgoingMessage& message);

  // Sends a complete RFC 5322 message: sendMail with the base64 text as a text/plain body.
  // kInvalidArgument (no request) when the base64 body exceeds max_request_bytes.
  [[nodiscard]] Status SendMime(std::string_view mailbox, std::string_view rfc5322);

  // Creates a draft (without attachments) in the mailbox's Drafts folder; returns its id.
  // save_to_sent_items=false sets PidTagDeleteAfterSubmit (Boolean 0x0E01) on the draft, since
  // /send has no saveToSentItems parameter. kInvalidArgument for a message ValidateMessage rejects.
  [[nodiscard]] Result<std::string> CreateDraft(std::string_view mailbox,
                                                const OutgoingMessage& message);

  // Creates a draft in the mailbox's Drafts folder from a complete RFC 5322 message (text/plain
  // base64; Graph keeps its headers, Message-ID included); returns its id. Needs Mail.ReadWrite:
  // an app with only Mail.Send gets 403 ErrorAccessDenied (kPermissionDenied). kInvalidArgument
  // (no request) when the base64 body exceeds max_request_bytes.
  [[nodiscard]] Result<std::string> CreateDraftFromMime(std::string_view mailbox,
                                                        std::string_view rfc5322);

  // Adds `a` to draft `message_id`: POST .../attachments when below upload_session_threshold and
  // the request fits max_request_bytes, otherwise an upload session in upload_chunk_bytes PUTs.
  [[nodiscard]] Status AddAttachment(std::string_view mailbox, std::string_view message_id,
                                     const Attachment& a);

  // Sends draft `message_id` (POST .../send, empty body, Content-Length: 0).
  [[nodiscard]] Status SendDraft(std::string_view mailbox, std::string_view message_id);

  // Deletes message `message_id` (e.g. an abandoned draft). kNotFound when it is already gone.
  [[nodiscard]] Status DeleteMessage(std::string_view mailbox, std::string_view message_id);

  // Finds a message in `folder` (an id or well-known name such as "sentitems") whose
  // singleValueExtendedProperty `property_id` equals `value`; nullopt when there is none (the
  // first match when several).
  [[nodiscard]] Result<std::optional<FoundMessage>> FindMessageByProperty(
      std::string_view mailbox, std::string_view folder, std::string_view property_id,
      std::string_view value);

  // The most recently sent message in `folder` (an id or well-known name such as "sentitems"):
  // GET .../messages?$top=1&$orderby=sentDateTime desc. nullopt for an empty folder.
  [[nodiscard]] Result<std::optional<FoundMessage>> NewestMessage(std::string_view mailbox,
                                                                  std::string_view folder);

  // GET /users/{user} (needs User.Read.All or similar).
  [[nodiscard]] Result<UserProfile> GetUser(std::string_view user);

  // The user with the SMTP address `address`, primary or alias:
  // GET /users?$filter=proxyAddresses/any(x:x eq 'smtp:<address>') (needs User.Read.All or
  // similar). nullopt when no user has it; the first when several do.
  [[nodiscard]] Result<std::optional<UserProfile>> FindUserByAddress(std::string_view address);

  // A cheap authenticated probe: GET /users/{mailbox}/mailFolders/inbox?$select=id (needs
  // Mail.Read or Mail.ReadWrite). Returns the classified error as-is, for the doctor.
  [[nodiscard]] Status ProbeMailbox(std::string_view mailbox);

 private:
  // Sends `call` with a token, retrying once after a 401; non-2xx → classified error.
  [[nodiscard]] Result<http::ClientResponse> CallGraph(const GraphCall& call,
                                                       std::string_view operation);
  // GETs a message listing (`path` with its query) and returns its first message, or nullopt.
  [[nodiscard]] Result<std::optional<FoundMessage>> FirstListedMessage(std::string path,
                                                                       std::string_view operation);
  [[nodiscard]] Result<http::ClientResponse> SendWithToken(const GraphCall& call,
                                                           const Secret& token);
  [[nodiscard]] Result<std::string> CreateUploadSession(std::string_view mailbox,
                                                        std::string_view message_id,
                                                        const Attachment& a, std::size_t& start);
  [[nodiscard]] Status UploadAttachment(std::string_view mailbox, std::string_view message_id,
                                        const Attachment& a);
  [[nodiscard]] Status PutChunks(const std::string& upload_url, const Attachment& a,
                                 std::size_t start);
  [[nodiscard]] Result<http::ClientResponse> PutChunk(const std::string& upload_url,
                                                      const Attachment& a, std::size_t begin,
                                                      std::size_t end);
  [[nodiscard]] Status SendViaDraft(std::string_view mailbox, const OutgoingMessage& message);
  [[nodiscard]] Status CheckSendable(const OutgoingMessage& message) const;

  http::HttpTransport& http_;
  auth::TokenProvider& tokens_;
  Random& random_;
  const GraphClientOptions options_;
};

}  // namespace graphpost::graph
