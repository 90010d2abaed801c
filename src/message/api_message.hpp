// message/api_message.hpp — a message as the gateway's REST API takes it (docs/gateway.md, "The
// message"): parsing with the JSON path of every invalid field, the canonical JSON the outbox
// stores, and the conversion to the Graph client's OutgoingMessage. Pure functions over value
// types; thread-compatible. Shared by the API (parse, store) and the delivery engine (load, send).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/fwd.hpp>

#include "core/result.hpp"
#include "graph/mail_message.hpp"

namespace graphpost::message {

// One invalid field: its JSON path from the request's root ("$.to[3].address", "$.subject",
// "$.messages[12].attachments[0].contentBytes") and what is wrong, in words that never repeat a
// secret-looking value.
struct FieldError {
  std::string path;
  std::string detail;
  friend bool operator==(const FieldError&, const FieldError&) = default;
};

struct ApiMessage {
  std::string connection;          // connection name; empty when only `from` was given
  std::string from;                // sender mailbox address; empty = the connection's mailbox
  graph::OutgoingMessage message;  // subject, body (text/html), recipients, reply-to, headers,
                                   // attachments, save_to_sent_items
  // The text body when the request gave both `text` and `html`: `message` then carries the HTML
  // body. Graph's JSON sendMail takes one body, so only a MIME send can use both
  // (multipart/alternative); kept so that nothing accepted is dropped.
  std::optional<std::string> text_alternative;
  std::optional<std::chrono::system_clock::time_point> send_at;  // not before (RFC 3339)
  std::optional<std::chrono::seconds> time_to_live;              // from acceptance
  int recipient_count() const;                                   // to + cc + bcc

  // Field by field, including every part of `message` (for the round-trip property).
  friend bool operator==(const ApiMessage& a, const ApiMessage& b);
};

struct ParseLimits {
  int max_recipients = 500;                          // to + cc + bcc
  std::size_t max_message_bytes = 35 * 1024 * 1024;  // Exchange's limit, attachments as base64
};

// Parses one message object. `path` is the object's own path ("$" for a single submission,
// "$.messages[4]" in a batch) and prefixes every FieldError. Fails with every error found (not
// only the first) for: wrong types, missing required fields (connection or from; at least one of
// to/cc/bcc; subject may be empty; body text and/or html), bad addresses, more than
// max_recipients, header names not starting with X-, attachment contentBytes not base64, unknown
// fields, sendAt not RFC 3339, timeToLive not a positive integer of seconds. ParseApiMessage also
// refuses malformed JSON or invalid UTF-8 (one error at "$") and members given twice (each at its
// path, "is given twice"), as ParseJsonDocument does.
[[nodiscard]] Expected<ApiMessage, std::vector<FieldError>> ParseApiMessage(
    std::string_view json_text, const ParseLimits& limits = {});
[[nodiscard]] Expected<ApiMessage, std::vector<FieldError>> ParseApiMessageValue(
    const boost::json::value& value, std::string_view path, const ParseLimits& limits = {});

// Request bodies as JSON documents: message/json_document.hpp (ParseJsonDocument).

// True when a request's field or parameter name may be shown in a problem: 1 to 32 ASCII
// letters, digits, '_' or '-', starting with a letter, and not shaped like an API key ("gpk_").
// Any other name may be a secret pasted in the wrong place, so it is never echoed.
bool IsShownName(std::string_view key);
// What a path shows instead of a name that IsShownName refuses.
inline constexpr std::string_view kNameNotShown = "<not shown>";

// The JSON path of member `key` of the value at `base`: "$.to" for identifier-like keys,
// "$.headers['X-Tag']" for other shown names, "$.headers['<not shown>']" for names IsShownName
// refuses.
std::string MemberPath(std::string_view base, std::string_view key);
// "$.to[3]".
std::string IndexPath(std::string_view base, std::size_t index);

// The canonical JSON of `m` (the API's shape, stable field order), as the outbox stores it.
// ParseApiMessage(ToCanonicalJson(m)) gives back `m`.
std::string ToCanonicalJson(const ApiMessage& m);

}  // namespace graphpost::message
