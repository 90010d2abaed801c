// sandbox/graph/message_model.hpp — Graph messages as the sandbox stores them (a Graph-shaped JSON
// object plus attachments and the raw MIME), how client input (JSON or base64 MIME) becomes one,
// and how a stored message is rendered back (protocol.md §3.3, §3.6). Validation here produces the
// exact Graph errors of §4.2. Pure functions (ids come from the Random passed in); thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/random.hpp"
#include "core/time_format.hpp"
#include "sandbox/graph/graph_error.hpp"

namespace graphpost::sandbox::graph {

struct StoredAttachment {
  std::string id{};
  std::string name{};
  std::string content_type{};
  std::string content_id{};  // empty when none
  bool is_inline = false;
  WallTime last_modified{};
  // Shared by every copy of one delivered message; immutable once stored.
  std::shared_ptr<const std::string> bytes{};
  // Added (POST .../attachments, an upload session) to a message that came in as MIME, so not in
  // its `mime`: ExportMime adds it as a part.
  bool after_mime = false;

  std::size_t size() const { return bytes ? bytes->size() : 0; }
};

struct StoredMessage {
  // Graph shape in Graph's key order. Also holds internetMessageHeaders and
  // singleValueExtendedProperties, which rendering hides unless asked for.
  boost::json::object graph;
  std::vector<StoredAttachment> attachments;
  // The decoded MIME when the message was submitted as MIME; shared by copies; may be null.
  std::shared_ptr<const std::string> mime;
  std::uint64_t sequence = 0;  // insertion order, assigned by the store

  std::string Id() const;  // graph["id"]
};

// What a client submitted, validated and normalised, before ids and timestamps.
struct MessageInput {
  boost::json::object fields;  // subject, body, recipients, from, headers, ... (Graph names)
  std::vector<StoredAttachment> attachments;  // without ids
  std::shared_ptr<const std::string> mime;
};

// Graph (Outlook) accepts JSON property names in any case ("AttachmentItem", "toRecipients"):
// the member `name` (exact match preferred), or nullptr.
const boost::json::value* FindMemberIgnoreCase(const boost::json::object& object,
                                               std::string_view name);

// Opaque Exchange-looking identifiers.
std::string NewItemId(Random& random);  // "AAMkA..." (messages, attachments, folders)
std::string NewChangeKey(Random& random);
std::string NewInternetMessageId(Random& random);  // "<...@<host>.prod.outlook.com>"

// A Graph message JSON (sendMail's "message", a draft POST body). Errors: BadRequest for values of
// the wrong type, InvalidInternetMessageHeader, attachment errors.
[[nodiscard]] GraphResult<MessageInput> MessageFromJson(const boost::json::value& message);
// A base64 MIME body (Content-Type: text/plain). Errors: ErrorMimeContentInvalidBase64String,
// ErrorMimeContentInvalid.
[[nodiscard]] GraphResult<MessageInput> MessageFromMime(std::string_view base64_body);
// A fileAttachment JSON (POST .../attachments or one of message.attachments), without an id.
[[nodiscard]] GraphResult<StoredAttachment> AttachmentFromJson(const boost::json::value& json);

// Sending rules for a message's recipients: ErrorInvalidRecipients when there are none, when one
// is not a resolvable address ("bad", "a@x; b@y"), or when there are more than `max_recipients`.
[[nodiscard]] GraphStatus CheckRecipients(const boost::json::object& graph, int max_recipients);
// To, Cc and Bcc addresses in order (may repeat).
std::vector<std::string> RecipientAddresses(const boost::json::object& graph);
// True for a single plain address: one '@', non-empty parts, no blanks or list separators.
bool IsResolvableAddress(std::string_view address);
// {"emailAddress":{"name","address"}}.
boost::json::object RecipientJson(std::string_view name, std::string_view address);

// Size counted against the message size limit: subject, body and attachment bytes.
std::size_t MessageSize(const StoredMessage& message);
std::size_t MessageSize(const MessageInput& input);

// Where and how a new message is stored.
struct Stamp {
  WallTime now{};
  std::string folder_id{};
  bool is_draft = true;
  bool is_read = true;
};
// A stored message from input: fresh ids, timestamps and defaults, in Graph's key order.
StoredMessage NewStoredMessage(MessageInput input, const Stamp& stamp, Random& random);
// Marks a change: lastModifiedDateTime and a new changeKey.
void Touch(StoredMessage& message, WallTime now, Random& random);
// hasAttachments: true when some attachment is not inline (Exchange does not count inline ones,
// such as images a HTML body shows by cid:).
bool HasVisibleAttachments(const std::vector<StoredAttachment>& attachments);
void SetHasAttachments(StoredMessage& message);
// What every recipient of `sent` gets, before per-copy ids: Bcc hidden, in bccRecipients and as
// the MIME's Bcc header field (removed byte-exactly; the sender's Sent Items copy keeps both).
// Done once per send, so the copies share the MIME.
StoredMessage PrepareForRecipients(const StoredMessage& sent);
// The copy a recipient's mailbox receives, from PrepareForRecipients' result: new item and
// attachment ids, unread, not a draft, received at `now`, Bcc hidden. Attachment bytes and MIME
// stay shared.
StoredMessage CopyForDelivery(const StoredMessage& prepared, WallTime now, Random& random);

struct RenderOptions {
  std::vector<std::string> select{};               // $select; empty = default properties
  bool expand_extended_properties = false;         // $expand=singleValueExtendedProperties(...)
  std::optional<std::string> body_content_type{};  // Prefer outlook.body-content-type: text|html
};
// The message as a Graph response item: "@odata.etag" first, hidden properties removed unless
// selected/expanded, body converted when asked, $select applied.
boost::json::object RenderMessage(const StoredMessage& message, const RenderOptions& options);
// A fileAttachment as Graph returns it (contentBytes included when `with_bytes`).
boost::json::object RenderAttachment(const StoredAttachment& attachment, bool with_bytes);

// Body helpers (also used for NDRs).
std::string WrapHtml(std::string_view html);  // Exchange's <html><head><meta ...> wrapper
std::string HtmlToText(std::string_view html);
std::string BodyPreview(const boost::json::object& body);  // first 255 characters of the text

}  // namespace graphpost::sandbox::graph
