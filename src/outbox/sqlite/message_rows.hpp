// outbox/sqlite/message_rows.hpp — how outbox records map to outbox.db rows: time and enum
// encodings, the message column list and reading a row back into a MessageRecord. Pure
// functions over a statement; no state.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>

#include "outbox/outbox_store.hpp"

namespace graphpost::outbox::sqlite_store {

// Times are stored as nanoseconds since the Unix epoch: exact round trips, ordered as integers.
std::int64_t ToNanos(TimePoint t);
TimePoint FromNanos(std::int64_t nanos);
std::optional<std::int64_t> ToNanos(const std::optional<TimePoint>& t);
std::optional<TimePoint> FromNanos(const std::optional<std::int64_t>& nanos);

// The per-minute activity counts (minute_counts) are keyed by minutes since the Unix epoch:
// MinuteOf is the minute holding `t` (nanoseconds / 60e9, as the schema's triggers compute it),
// MinuteStart its first instant.
std::int64_t MinuteOf(TimePoint t);
TimePoint MinuteStart(std::int64_t minute);

// States and guarantees are stored as their enum ordinals.
std::int64_t StateCode(MessageState s);
MessageState StateFromCode(std::int64_t code);

// The message columns in the order ReadMessage expects (the payload, when wanted, follows as
// column kMessageColumnCount), for "SELECT <kMessageColumns> FROM messages m".
inline constexpr const char* kMessageColumns =
    "m.seq, m.id, m.api_key_id, m.connection, m.sender, m.state, m.recipients, "
    "m.save_to_sent_items, m.created_at, m.send_at, m.expires_at, m.next_attempt_at, "
    "m.lease_until, m.finished_at, m.attempts, m.verify_before_send, m.guarantee, m.cause, "
    "m.detail, m.fix";
inline constexpr int kMessageColumnCount = 20;

// Reads the current row (kMessageColumns [, payload]) into a record; `seq` receives column 0.
MessageRecord ReadMessage(sqlite3_stmt* stmt, bool with_payload, std::int64_t* seq = nullptr);

}  // namespace graphpost::outbox::sqlite_store
