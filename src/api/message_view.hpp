// api/message_view.hpp — how the API shows outbox records: a message with its state, guarantee,
// cause/detail/fix and times (and its attempts), a list page, and the answers to submissions.
// Field names are documented in docs/gateway.md and docs/openapi.json. Pure functions.
#pragma once

#include <string>
#include <vector>

#include <boost/json/fwd.hpp>

#include "outbox/outbox_store.hpp"

namespace graphpost::api {

// The guarantee the API states for a message: the delivered message's own, otherwise the one it
// will get if all goes well (exactly-once when saved to Sent Items).
outbox::Guarantee StatedGuarantee(const outbox::MessageRecord& record);

// {"id","status","connection","from","recipients","guarantee","createdAt","sendAt",
//  "expiresAt"?,"nextAttemptAt"? (queued),"finishedAt"?,"attemptCount","verifyBeforeSend"?,
//  "cause"?,"detail"?,"fix"?,"source": "api" | "smtp"}; a message that came in over SMTP also
// has "principal" ("account:<name>", "range:<cidr>") and, when the record carries its payload
// (Get), "client", "sessionId", "subject", "headerFrom"?, "to", "cc" and "messageId"? read from
// the stored message (Bcc never).
boost::json::object MessageJson(const outbox::MessageRecord& record);
// MessageJson plus "attempts": [{number, startedAt, endedAt, outcome, httpStatus?, cause?,
// detail?}].
boost::json::object MessageWithAttemptsJson(const outbox::MessageRecord& record,
                                            const std::vector<outbox::Attempt>& attempts);
// {"messages":[MessageJson...], "nextCursor": "..." | null}
std::string PageJson(const outbox::ListPage& page);
// {"id","status":"queued","guarantee"}: one accepted message.
boost::json::object AcceptedJson(const outbox::MessageRecord& record);

}  // namespace graphpost::api
