// message/stored_mime.hpp — a message that came in over SMTP, as the outbox stores it: the SMTP
// envelope and where it came from, then the message bytes exactly as the client sent them (after
// dot-unstuffing, plus the Message-ID header graphpost adds when there was none). It shares the
// outbox's `payload` column with the API's canonical JSON: a stored MIME payload starts with
// kStoredMimeMagic, an API payload with '{', so IsStoredMime tells them apart without a schema
// change. Pure functions over value types; thread-compatible.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace graphpost::message {

inline constexpr std::string_view kStoredMimeMagic = "graphpost-mime/1\n";

struct StoredMime {
  std::string mail_from;             // MAIL FROM address, without <>; empty for the null sender
  std::vector<std::string> rcpt_to;  // RCPT TO addresses, in order, without <>
  std::string principal;             // who submitted: "account:<name>" or "range:<cidr>"
  std::string client;                // the client's IP address
  std::string session_id;            // the SMTP session's id (in the gateway's logs)
  bool save_to_sent_items = true;
  std::string mime;  // the RFC 5322 message, CRLF line ends, as received

  friend bool operator==(const StoredMime&, const StoredMime&) = default;
};

// True when `payload` was written by EncodeStoredMime.
bool IsStoredMime(std::string_view payload);

// kStoredMimeMagic, one line of JSON with every field but `mime`, "\n", then `mime` verbatim.
std::string EncodeStoredMime(const StoredMime& m);

// The inverse of EncodeStoredMime. kInvalidArgument, naming what is wrong, for a payload that
// does not start with the magic line, whose JSON line does not parse or lacks a field.
[[nodiscard]] Result<StoredMime> DecodeStoredMime(std::string_view payload);

}  // namespace graphpost::message
