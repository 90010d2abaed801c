// graph/mail_requests.hpp — the Graph mail requests that both GraphMailClient (blocking) and the
// delivery engine (event-driven) send, built as GraphCall values, and the parsing of their answers,
// so the two paths cannot drift. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "core/result.hpp"
#include "graph/graph_call.hpp"
#include "graph/graph_mail_client.hpp"
#include "graph/mail_message.hpp"

namespace graphpost::graph {

inline constexpr std::string_view kSendMailOperation = "graph sendMail";
inline constexpr std::string_view kSendMimeOperation = "graph sendMail (MIME)";
inline constexpr std::string_view kCreateDraftOperation = "graph create draft";
inline constexpr std::string_view kFindMessageOperation = "graph find message";

// The JSON sendMail (POST /users/{mailbox}/sendMail, message with inline fileAttachments) when
// every attachment is below options.upload_session_threshold and the body fits
// options.max_request_bytes; nullopt when the message must go as a draft + attachments + send.
// Does not validate the message (GraphMailClient::SendMail and the engine check it first).
std::optional<GraphCall> JsonSendMailCall(std::string_view mailbox, const OutgoingMessage& message,
                                          const GraphClientOptions& options);

// The MIME sendMail (POST /users/{mailbox}/sendMail, Content-Type text/plain, the RFC 5322 bytes
// base64-encoded) when that body fits options.max_request_bytes; nullopt when it does not (the
// message must go as a draft + attachments + send). Graph sends the bytes as they are: every
// address in To, Cc and Bcc receives it, and a copy is kept in Sent Items.
std::optional<GraphCall> MimeSendMailCall(std::string_view mailbox, std::string_view rfc5322,
                                          const GraphClientOptions& options);

// A draft made from MIME (POST /users/{mailbox}/messages, text/plain base64, in Drafts; needs
// Mail.ReadWrite), when the body fits options.max_request_bytes; nullopt otherwise.
std::optional<GraphCall> MimeDraftCall(std::string_view mailbox, std::string_view rfc5322,
                                       const GraphClientOptions& options);

// GET the messages in `folder` whose internetMessageId (the Message-ID header, "<...>") is
// `internet_message_id`; the answer reads with FirstMessageOfListing.
GraphCall FindMessageByInternetMessageIdCall(std::string_view mailbox, std::string_view folder,
                                             std::string_view internet_message_id);

// GET the messages in `folder` (an id or a well-known name such as "sentitems") whose
// singleValueExtendedProperty `property_id` equals `value`.
GraphCall FindMessageByPropertyCall(std::string_view mailbox, std::string_view folder,
                                    std::string_view property_id, std::string_view value);

// The first message of a successful listing answer; nullopt for an empty listing; kInternal when
// the answer is not a listing.
[[nodiscard]] Result<std::optional<FoundMessage>> FirstMessageOfListing(
    const http::ClientResponse& response, std::string_view operation);

}  // namespace graphpost::graph
