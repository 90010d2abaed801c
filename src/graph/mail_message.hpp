// graph/mail_message.hpp — an outgoing message as graphpost sends it, and its exact Microsoft Graph
// JSON (message resource, sendMail body, fileAttachment, upload-session attachmentItem). Pure
// functions over plain value types; thread-compatible.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "core/result.hpp"

namespace graphpost::graph {

struct EmailAddress {
  std::string name;  // display name; may be empty
  std::string address;
};

struct Attachment {
  std::string name;
  std::string content_type = "application/octet-stream";
  std::string bytes;  // raw content (not base64)
  bool is_inline = false;
  std::string content_id;  // for inline images referenced as cid:<content_id>
};

struct OutgoingMessage {
  std::string subject;
  std::string body;
  bool html = false;
  std::vector<EmailAddress> to, cc, bcc, reply_to;
  std::optional<EmailAddress> from;  // send-as another address (needs Send As)
  std::vector<std::pair<std::string, std::string>> headers;  // names must start with X-
  std::vector<Attachment> attachments;
  // singleValueExtendedProperties {id, value}, e.g.
  // {"String {00020386-0000-0000-C000-000000000046} Name X-Graphpost-Id", "<uuid>"}
  std::vector<std::pair<std::string, std::string>> extended_properties;
  bool save_to_sent_items = true;
};

// The Graph message resource: subject, body, from, toRecipients, ccRecipients, bccRecipients,
// replyTo, internetMessageHeaders, singleValueExtendedProperties and (when `include_attachments`)
// attachments as fileAttachments, in that order. Empty collections and an unset `from` are
// omitted; an empty display name is omitted. Does not validate; see ValidateMessage.
boost::json::object MessageToGraphJson(const OutgoingMessage& m, bool include_attachments);

// The JSON sendMail body: {"message": <message with attachments>, "saveToSentItems": <bool>}.
boost::json::object SendMailToGraphJson(const OutgoingMessage& m);

// A #microsoft.graph.fileAttachment (contentBytes base64) for sendMail or POST .../attachments.
boost::json::object FileAttachmentToGraphJson(const Attachment& a);

// The createUploadSession body: {"AttachmentItem":{attachmentType "file", name, size,
// contentType, isInline[, contentId]}}.
boost::json::object UploadSessionToGraphJson(const Attachment& a);

// Checks what Graph would reject without telling us why: header names must start with "X-"/"x-"
// and both name and value be single-line printable text; recipient addresses must be non-empty;
// extended property ids must be non-empty. kInvalidArgument naming the offending item.
[[nodiscard]] Status ValidateMessage(const OutgoingMessage& m);

// The message's size as Exchange counts it, estimated: text fields plus attachments at their
// base64 size (Exchange measures the MIME message, where attachments grow by a third).
std::size_t EstimateMessageBytes(const OutgoingMessage& m);

// The same with attachments at their raw size: what the user thinks of as the message's size.
std::size_t MessageContentBytes(const OutgoingMessage& m);

// Bytes as megabytes (MiB) with one decimal, e.g. "40.0 MB".
std::string FormatMegabytes(std::size_t bytes);

}  // namespace graphpost::graph
