#include "api/message_view.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "message/rfc3339.hpp"
#include "message/stored_mime.hpp"
#include "mime/mime_message.hpp"

namespace graphpost::api {
namespace json = boost::json;
using message::FormatRfc3339;

namespace {

void PutIfSet(json::object& out, std::string_view key, const std::string& value) {
  if (!value.empty()) out[key] = value;
}

void PutTime(json::object& out, std::string_view key, const std::optional<outbox::TimePoint>& t) {
  if (t) out[key] = FormatRfc3339(*t);
}

json::object AttemptJson(const outbox::Attempt& a) {
  json::object out;
  out["number"] = a.number;
  out["startedAt"] = FormatRfc3339(a.started_at);
  out["endedAt"] = FormatRfc3339(a.ended_at);
  out["outcome"] = a.outcome;
  if (a.http_status != 0) out["httpStatus"] = a.http_status;
  PutIfSet(out, "cause", a.cause);
  PutIfSet(out, "detail", a.detail);
  return out;
}

// An SMTP message's principal is its api_key_id ("account:<name>", "range:<cidr>"); API keys'
// ids never contain a colon.
bool FromSmtp(const outbox::MessageRecord& r) {
  return r.api_key_id.starts_with("account:") || r.api_key_id.starts_with("range:") ||
         message::IsStoredMime(r.payload);
}

json::array Addresses(const std::vector<mime::HeaderAddress>& list) {
  json::array out;
  for (const auto& a : list) out.push_back(json::string(a.address));
  return out;
}

// What the stored message says of itself: its envelope's origin and its visible header (never
// Bcc). Nothing when the payload is not there (list pages) or does not read back.
void PutSmtpDetails(json::object& out, const outbox::MessageRecord& r) {
  if (!message::IsStoredMime(r.payload)) return;
  auto stored = message::DecodeStoredMime(r.payload);
  if (!stored) return;
  PutIfSet(out, "client", stored->client);
  PutIfSet(out, "sessionId", stored->session_id);
  auto summary = mime::InspectMime(stored->mime);
  if (!summary) return;
  out["subject"] = summary->subject;
  if (!summary->from.empty()) out["headerFrom"] = summary->from.front().address;
  out["to"] = Addresses(summary->to);
  out["cc"] = Addresses(summary->cc);
  PutIfSet(out, "messageId", summary->message_id);
}

}  // namespace

outbox::Guarantee StatedGuarantee(const outbox::MessageRecord& record) {
  if (record.guarantee) return *record.guarantee;
  return record.save_to_sent_items ? outbox::Guarantee::kExactlyOnce
                                   : outbox::Guarantee::kAtLeastOnce;
}

json::object MessageJson(const outbox::MessageRecord& r) {
  json::object out;
  out["id"] = r.id;
  out["status"] = outbox::MessageStateName(r.state);
  out["connection"] = r.lane.connection;
  out["from"] = r.lane.sender;
  out["recipients"] = r.recipients;
  out["guarantee"] = outbox::GuaranteeName(StatedGuarantee(r));
  out["createdAt"] = FormatRfc3339(r.created_at);
  out["sendAt"] = FormatRfc3339(r.send_at);
  PutTime(out, "expiresAt", r.expires_at);
  if (r.state == outbox::MessageState::kQueued)
    out["nextAttemptAt"] = FormatRfc3339(r.next_attempt_at);
  PutTime(out, "finishedAt", r.finished_at);
  out["attemptCount"] = r.attempts;
  if (r.verify_before_send) out["verifyBeforeSend"] = true;
  PutIfSet(out, "cause", r.cause);
  PutIfSet(out, "detail", r.detail);
  PutIfSet(out, "fix", r.fix);
  if (FromSmtp(r)) {
    out["source"] = "smtp";
    out["principal"] = r.api_key_id;
    PutSmtpDetails(out, r);
  } else {
    out["source"] = "api";
  }
  return out;
}

json::object MessageWithAttemptsJson(const outbox::MessageRecord& record,
                                     const std::vector<outbox::Attempt>& attempts) {
  json::object out = MessageJson(record);
  json::array list;
  for (const auto& a : attempts) list.push_back(AttemptJson(a));
  out["attempts"] = std::move(list);
  return out;
}

std::string PageJson(const outbox::ListPage& page) {
  json::array messages;
  for (const auto& r : page.messages) messages.push_back(MessageJson(r));
  json::object out;
  out["messages"] = std::move(messages);
  if (page.next_cursor.empty()) {
    out["nextCursor"] = nullptr;
  } else {
    out["nextCursor"] = page.next_cursor;
  }
  return json::serialize(out);
}

json::object AcceptedJson(const outbox::MessageRecord& record) {
  return json::object{{"id", record.id},
                      {"status", "queued"},
                      {"guarantee", outbox::GuaranteeName(StatedGuarantee(record))}};
}

}  // namespace graphpost::api
