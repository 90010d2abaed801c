// Row encodings of the outbox; see message_rows.hpp.
#include "outbox/sqlite/message_rows.hpp"

#include "sqlite/sqlite.hpp"

namespace graphpost::outbox::sqlite_store {
namespace {

namespace sql = graphpost::sqlite;

}  // namespace

std::int64_t ToNanos(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

TimePoint FromNanos(std::int64_t nanos) {
  return TimePoint(
      std::chrono::duration_cast<TimePoint::duration>(std::chrono::nanoseconds(nanos)));
}

std::optional<std::int64_t> ToNanos(const std::optional<TimePoint>& t) {
  if (!t) return std::nullopt;
  return ToNanos(*t);
}

std::optional<TimePoint> FromNanos(const std::optional<std::int64_t>& nanos) {
  if (!nanos) return std::nullopt;
  return FromNanos(*nanos);
}

namespace {
constexpr std::int64_t kNanosPerMinute = 60'000'000'000;
}  // namespace

// Truncating division, like SQLite's integer `/` in the triggers (times are after 1970).
std::int64_t MinuteOf(TimePoint t) { return ToNanos(t) / kNanosPerMinute; }

TimePoint MinuteStart(std::int64_t minute) { return FromNanos(minute * kNanosPerMinute); }

std::int64_t StateCode(MessageState s) { return static_cast<std::int64_t>(s); }

MessageState StateFromCode(std::int64_t code) {
  if (code < 0 || code > StateCode(MessageState::kCancelled)) return MessageState::kFailed;
  return static_cast<MessageState>(code);
}

MessageRecord ReadMessage(sqlite3_stmt* stmt, bool with_payload, std::int64_t* seq) {
  if (seq != nullptr) *seq = sql::ColumnInt(stmt, 0);
  MessageRecord m;
  m.id = sql::ColumnText(stmt, 1);
  m.api_key_id = sql::ColumnText(stmt, 2);
  m.lane = LaneKey{sql::ColumnText(stmt, 3), sql::ColumnText(stmt, 4)};
  m.state = StateFromCode(sql::ColumnInt(stmt, 5));
  m.recipients = static_cast<int>(sql::ColumnInt(stmt, 6));
  m.save_to_sent_items = sql::ColumnInt(stmt, 7) != 0;
  m.created_at = FromNanos(sql::ColumnInt(stmt, 8));
  m.send_at = FromNanos(sql::ColumnInt(stmt, 9));
  m.expires_at = FromNanos(sql::ColumnOptionalInt(stmt, 10));
  m.next_attempt_at = FromNanos(sql::ColumnInt(stmt, 11));
  m.lease_until = FromNanos(sql::ColumnOptionalInt(stmt, 12));
  m.finished_at = FromNanos(sql::ColumnOptionalInt(stmt, 13));
  m.attempts = static_cast<int>(sql::ColumnInt(stmt, 14));
  m.verify_before_send = sql::ColumnInt(stmt, 15) != 0;
  if (auto g = sql::ColumnOptionalInt(stmt, 16)) {
    m.guarantee = *g == 0 ? Guarantee::kExactlyOnce : Guarantee::kAtLeastOnce;
  }
  m.cause = sql::ColumnText(stmt, 17);
  m.detail = sql::ColumnText(stmt, 18);
  m.fix = sql::ColumnText(stmt, 19);
  if (with_payload) m.payload = sql::ColumnText(stmt, kMessageColumnCount);
  return m;
}

}  // namespace graphpost::outbox::sqlite_store
