// The outbox's reads; see read_ops.hpp.
#include "outbox/sqlite/read_ops.hpp"

#include <charconv>

#include "outbox/sqlite/message_rows.hpp"
#include "sqlite/sqlite.hpp"

namespace graphpost::outbox::sqlite_store {
namespace {

namespace sql = graphpost::sqlite;
using sql::StatementCache;

constexpr int kMaxPage = 1000;

// Steps `stmt` to the end, calling `row` for each row. Errors as Step.
template <class RowFn>
Status ForEachRow(sqlite3_stmt* stmt, RowFn row) {
  for (;;) {
    auto more = sql::Step(stmt);
    if (!more) return Fail(more.error());
    if (!*more) return Ok();
    row(stmt);
  }
}

// Cursors are "<created_at nanos>.<seq>" of the last message of a page: keyset paging on
// (created_at, seq), newest first, stable while messages are added.
std::string EncodeCursor(std::int64_t created_at, std::int64_t seq) {
  return std::to_string(created_at) + "." + std::to_string(seq);
}

bool ParseInt(std::string_view text, std::int64_t& value) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

Result<std::pair<std::int64_t, std::int64_t>> DecodeCursor(std::string_view cursor) {
  auto dot = cursor.find('.');
  std::pair<std::int64_t, std::int64_t> key;
  if (dot == std::string_view::npos || !ParseInt(cursor.substr(0, dot), key.first) ||
      !ParseInt(cursor.substr(dot + 1), key.second)) {
    return Fail(ErrorCode::kInvalidArgument, "the cursor is not one this outbox handed out");
  }
  return key;
}

// A query with conditions added one by one; every value is bound, only constant SQL is joined.
// (Values are text or integer; a std::variant here trips g++ 12's maybe-uninitialized.)
struct ListValue {
  bool is_text = false;
  std::string text;
  std::int64_t number = 0;
};
struct ListQuery {
  std::string where;
  std::vector<ListValue> values;
  void Add(const char* condition, std::string text) {
    AddCondition(condition);
    values.push_back(ListValue{true, std::move(text), 0});
  }
  void Add(const char* condition, std::int64_t number) {
    AddCondition(condition);
    values.push_back(ListValue{false, {}, number});
  }
  void AddCondition(const char* condition) {
    where += where.empty() ? " WHERE " : " AND ";
    where += condition;
  }
};

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Whether payload `p` names the (lower-case) recipient, bound four times: an API payload (canonical
// JSON, starts with '{') among to/cc/bcc; a stored SMTP message (message/stored_mime.hpp: the
// magic line "graphpost-mime/1\n", then one line of JSON) among its envelope's rcptTo. A
// recipient in a json_each row `r` is a string, or an object's "address" (the API's canonical JSON
// writes {"address","name"} when there is a name). The payload is read by the EXISTS only for the
// rows the other conditions left, in the listing's order, so a full page stops the reading.
const char* RecipientCondition() {
  static const std::string kCondition = [] {
    const std::string address =
        "lower(CASE WHEN r.type = 'text' THEN r.value ELSE json_extract(r.value, '$.address') "
        "END) = ?";
    auto in_list = [&](const char* list) {
      return std::string("EXISTS (SELECT 1 FROM json_each(p.payload, '$.") + list + "') r WHERE " +
             address + ")";
    };
    return "EXISTS (SELECT 1 FROM payloads p WHERE p.seq = m.seq AND ("
           "(substr(p.payload, 1, 1) = '{' AND (" +
           in_list("to") + " OR " + in_list("cc") + " OR " + in_list("bcc") +
           ")) OR (substr(p.payload, 1, 17) = 'graphpost-mime/1' || char(10) AND EXISTS (SELECT 1 "
           "FROM json_each(substr(p.payload, 18, instr(substr(p.payload, 18), char(10)) - 1), "
           "'$.rcptTo') r WHERE " +
           address + "))))";
  }();
  return kCondition.c_str();
}

Result<ListQuery> BuildListQuery(const ListFilter& f) {
  ListQuery q;
  if (f.api_key_id) q.Add("m.api_key_id = ?", *f.api_key_id);
  if (f.state) q.Add("m.state = ?", StateCode(*f.state));
  if (f.connection) q.Add("m.connection = ?", *f.connection);
  if (f.sender) q.Add("m.sender = ?", *f.sender);
  if (f.created_after) q.Add("m.created_at >= ?", ToNanos(*f.created_after));
  if (f.created_before) q.Add("m.created_at < ?", ToNanos(*f.created_before));
  if (f.recipient) {
    std::string address = AsciiLower(*f.recipient);
    q.Add(RecipientCondition(), address);
    for (int i = 0; i < 3; ++i) q.values.push_back(ListValue{true, address, 0});
  }
  if (!f.cursor.empty()) {
    auto key = DecodeCursor(f.cursor);
    if (!key) return Fail(key.error());
    q.Add("(m.created_at, m.seq) < (?, ?)", key->first);
    q.values.push_back(ListValue{false, {}, key->second});
  }
  return q;
}

Status BindValues(sqlite3_stmt* stmt, const ListQuery& q) {
  int index = 0;
  for (const auto& value : q.values) {
    ++index;
    Status bound =
        value.is_text ? sql::Bind(stmt, index, value.text) : sql::Bind(stmt, index, value.number);
    if (!bound) return bound;
  }
  return Ok();
}

ApiKeyRecord ReadApiKey(sqlite3_stmt* stmt) {
  return ApiKeyRecord{
      .id = sql::ColumnText(stmt, 0),
      .name = sql::ColumnText(stmt, 1),
      .hash = sql::ColumnText(stmt, 2),
      .admin = sql::ColumnInt(stmt, 3) != 0,
      .connections = {},
      .created_at = FromNanos(sql::ColumnInt(stmt, 4)),
      .revoked = sql::ColumnInt(stmt, 5) != 0,
  };
}

Status LoadConnections(StatementCache& db, ApiKeyRecord& key) {
  auto stmt = db.Bound(
      "SELECT connection FROM api_key_connections WHERE api_key_id = ? ORDER BY connection",
      key.id);
  if (!stmt) return Fail(stmt.error());
  return ForEachRow(stmt->get(),
                    [&](sqlite3_stmt* s) { key.connections.push_back(sql::ColumnText(s, 0)); });
}

constexpr const char* kApiKeyColumns = "id, name, hash, admin, created_at, revoked";

}  // namespace

Result<MessageRecord> GetMessage(StatementCache& db, const std::string& id,
                                 const std::optional<std::string>& api_key_id) {
  static const std::string kSql = std::string("SELECT ") + kMessageColumns +
                                  ", p.payload FROM messages m JOIN payloads p ON p.seq = m.seq "
                                  "WHERE m.id = ?";
  auto stmt = db.Bound(kSql, id);
  if (!stmt) return Fail(stmt.error());
  auto row = sql::Step(stmt->get());
  if (!row) return Fail(row.error());
  if (*row) {
    MessageRecord message = ReadMessage(stmt->get(), true);
    if (!api_key_id || message.api_key_id == *api_key_id) return message;
  }
  return Fail(ErrorCode::kNotFound, "no message " + id);
}

Result<std::vector<Attempt>> ListAttempts(StatementCache& db, const std::string& message_id) {
  auto found = db.Bound("SELECT seq FROM messages WHERE id = ?", message_id);
  if (!found) return Fail(found.error());
  auto row = sql::Step(found->get());
  if (!row) return Fail(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, "no message " + message_id);
  std::int64_t seq = sql::ColumnInt(found->get(), 0);
  auto stmt = db.Bound(
      "SELECT number, started_at, ended_at, outcome, http_status, cause, detail FROM attempts "
      "WHERE message_seq = ? ORDER BY number, rowid",
      seq);
  if (!stmt) return Fail(stmt.error());
  std::vector<Attempt> attempts;
  Status read = ForEachRow(stmt->get(), [&](sqlite3_stmt* s) {
    attempts.push_back(Attempt{
        .number = static_cast<int>(sql::ColumnInt(s, 0)),
        .started_at = FromNanos(sql::ColumnInt(s, 1)),
        .ended_at = FromNanos(sql::ColumnInt(s, 2)),
        .outcome = sql::ColumnText(s, 3),
        .http_status = static_cast<int>(sql::ColumnInt(s, 4)),
        .cause = sql::ColumnText(s, 5),
        .detail = sql::ColumnText(s, 6),
    });
  });
  if (!read) return Fail(read.error());
  return attempts;
}

Result<ListPage> ListMessages(StatementCache& db, const ListFilter& filter) {
  if (filter.limit < 1 || filter.limit > kMaxPage) {
    return Fail(ErrorCode::kInvalidArgument, "limit must be between 1 and 1000");
  }
  auto query = BuildListQuery(filter);
  if (!query) return Fail(query.error());
  std::string text = std::string("SELECT ") + kMessageColumns + " FROM messages m" + query->where +
                     " ORDER BY m.created_at DESC, m.seq DESC LIMIT ?";
  auto stmt = db.Get(text);
  if (!stmt) return Fail(stmt.error());
  if (auto bound = BindValues(stmt->get(), *query); !bound) return Fail(bound.error());
  int limit_index = static_cast<int>(query->values.size()) + 1;
  if (auto bound = sql::Bind(stmt->get(), limit_index, std::int64_t{filter.limit} + 1); !bound) {
    return Fail(bound.error());
  }
  ListPage page;
  std::int64_t last_seq = 0;
  Status read = ForEachRow(stmt->get(), [&](sqlite3_stmt* s) {
    if (static_cast<int>(page.messages.size()) == filter.limit) {
      const MessageRecord& last = page.messages.back();
      page.next_cursor = EncodeCursor(ToNanos(last.created_at), last_seq);
      return;
    }
    page.messages.push_back(ReadMessage(s, false, &last_seq));
  });
  if (!read) return Fail(read.error());
  return page;
}

Result<std::vector<LaneSummary>> ListQueuedLanes(StatementCache& db) {
  // Counts come from lane_counts (kept by triggers); each lane's earliest due time is one seek
  // in the claim index.
  auto stmt = db.Get(
      "SELECT l.connection, l.sender, l.queued, (SELECT min(m.next_attempt_at) FROM messages m "
      "WHERE m.connection = l.connection AND m.sender = l.sender AND m.state = 0) "
      "FROM lane_counts l WHERE l.queued > 0 ORDER BY l.connection, l.sender");
  if (!stmt) return Fail(stmt.error());
  std::vector<LaneSummary> lanes;
  Status read = ForEachRow(stmt->get(), [&](sqlite3_stmt* s) {
    lanes.push_back(LaneSummary{
        .lane = LaneKey{sql::ColumnText(s, 0), sql::ColumnText(s, 1)},
        .queued = sql::ColumnInt(s, 2),
        .next_due = FromNanos(sql::ColumnOptionalInt(s, 3)),
    });
  });
  if (!read) return Fail(read.error());
  return lanes;
}

Result<std::vector<std::pair<MessageState, std::int64_t>>> CountStates(StatementCache& db) {
  auto stmt = db.Get("SELECT state, n FROM state_counts WHERE n > 0 ORDER BY state");
  if (!stmt) return Fail(stmt.error());
  std::vector<std::pair<MessageState, std::int64_t>> counts;
  Status read = ForEachRow(stmt->get(), [&](sqlite3_stmt* s) {
    counts.emplace_back(StateFromCode(sql::ColumnInt(s, 0)), sql::ColumnInt(s, 1));
  });
  if (!read) return Fail(read.error());
  return counts;
}

Result<std::vector<MinuteActivity>> ListActivity(StatementCache& db, TimePoint since) {
  auto stmt = db.Bound(
      "SELECT minute, accepted, delivered, failed FROM minute_counts WHERE minute >= ? "
      "ORDER BY minute",
      MinuteOf(since));
  if (!stmt) return Fail(stmt.error());
  std::vector<MinuteActivity> minutes;
  Status read = ForEachRow(stmt->get(), [&](sqlite3_stmt* s) {
    minutes.push_back(MinuteActivity{.minute = MinuteStart(sql::ColumnInt(s, 0)),
                                     .accepted = sql::ColumnInt(s, 1),
                                     .delivered = sql::ColumnInt(s, 2),
                                     .failed = sql::ColumnInt(s, 3)});
  });
  if (!read) return Fail(read.error());
  return minutes;
}

Result<std::int64_t> CountRecipientsDelivered(StatementCache& db, const LaneKey& lane,
                                              TimePoint since) {
  auto stmt = db.Bound(
      "SELECT coalesce(sum(recipients), 0) FROM messages WHERE state = 2 AND connection = ? "
      "AND sender = ? AND finished_at >= ?",
      lane.connection, lane.sender, ToNanos(since));
  if (!stmt) return Fail(stmt.error());
  auto row = sql::Step(stmt->get());
  if (!row) return Fail(row.error());
  return sql::ColumnInt(stmt->get(), 0);
}

Result<std::optional<ApiKeyRecord>> FindApiKey(StatementCache& db, const std::string& hash) {
  static const std::string kSql =
      std::string("SELECT ") + kApiKeyColumns + " FROM api_keys WHERE hash = ?";
  std::optional<ApiKeyRecord> key;
  {
    auto stmt = db.Bound(kSql, hash);
    if (!stmt) return Fail(stmt.error());
    auto row = sql::Step(stmt->get());
    if (!row) return Fail(row.error());
    if (!*row) return key;
    key = ReadApiKey(stmt->get());
  }
  if (auto loaded = LoadConnections(db, *key); !loaded) return Fail(loaded.error());
  return key;
}

Result<std::vector<ApiKeyRecord>> ListAllApiKeys(StatementCache& db) {
  static const std::string kSql =
      std::string("SELECT ") + kApiKeyColumns + " FROM api_keys ORDER BY created_at, id";
  std::vector<ApiKeyRecord> keys;
  {
    auto stmt = db.Get(kSql);
    if (!stmt) return Fail(stmt.error());
    Status read = ForEachRow(stmt->get(), [&](sqlite3_stmt* s) { keys.push_back(ReadApiKey(s)); });
    if (!read) return Fail(read.error());
  }
  for (auto& key : keys) {
    if (auto loaded = LoadConnections(db, key); !loaded) return Fail(loaded.error());
  }
  return keys;
}

}  // namespace graphpost::outbox::sqlite_store
