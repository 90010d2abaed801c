// The outbox's writes inside the writer's transaction; see write_ops.hpp.
#include "outbox/sqlite/write_ops.hpp"

#include <set>
#include <string>

#include "outbox/sqlite/message_rows.hpp"
#include "sqlite/sqlite.hpp"

namespace graphpost::outbox::sqlite_store {
namespace {

namespace sql = graphpost::sqlite;
using sql::StatementCache;

constexpr std::int64_t kQueued = 0;
constexpr std::int64_t kSending = 1;

Result<std::optional<std::int64_t>> FindSeq(StatementCache& db, const std::string& id) {
  auto stmt = db.Bound("SELECT seq FROM messages WHERE id = ?", id);
  if (!stmt) return Fail(stmt.error());
  auto row = sql::Step(stmt->get());
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(sql::ColumnInt(stmt->get(), 0));
}

// The message by seq, with its payload when asked.
Result<MessageRecord> LoadMessage(StatementCache& db, std::int64_t seq, bool with_payload) {
  static const std::string kPlain =
      std::string("SELECT ") + kMessageColumns + " FROM messages m WHERE m.seq = ?";
  static const std::string kWithPayload = std::string("SELECT ") + kMessageColumns +
                                          ", p.payload FROM messages m JOIN payloads p "
                                          "ON p.seq = m.seq WHERE m.seq = ?";
  auto stmt = db.Bound(with_payload ? kWithPayload : kPlain, seq);
  if (!stmt) return Fail(stmt.error());
  auto row = sql::Step(stmt->get());
  if (!row) return Fail(row.error());
  if (!*row) return Fail(ErrorCode::kInternal, "outbox message row vanished");
  return ReadMessage(stmt->get(), with_payload);
}

// The message `id` as `api_key_id` (when set) may see it, with its seq; kNotFound otherwise.
Result<std::pair<std::int64_t, MessageRecord>> LoadVisible(
    StatementCache& db, const std::string& id, const std::optional<std::string>& api_key_id) {
  auto seq = FindSeq(db, id);
  if (!seq) return Fail(seq.error());
  if (*seq) {
    auto message = LoadMessage(db, **seq, false);
    if (!message) return Fail(message.error());
    if (!api_key_id || message->api_key_id == *api_key_id) {
      return std::make_pair(**seq, std::move(*message));
    }
  }
  return Fail(ErrorCode::kNotFound, "no message " + id);
}

Status InsertMessage(StatementCache& db, const MessageRecord& m) {
  TimePoint due = m.next_attempt_at == TimePoint{} ? m.send_at : m.next_attempt_at;
  std::optional<std::int64_t> guarantee;
  if (m.guarantee) guarantee = static_cast<std::int64_t>(*m.guarantee);
  auto inserted = db.Run(
      "INSERT INTO messages(id, api_key_id, connection, sender, state, recipients, "
      "save_to_sent_items, created_at, send_at, expires_at, next_attempt_at, lease_until, "
      "finished_at, attempts, verify_before_send, guarantee, cause, detail, fix) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      m.id, m.api_key_id, m.lane.connection, m.lane.sender, StateCode(m.state),
      std::int64_t{m.recipients}, std::int64_t{m.save_to_sent_items}, ToNanos(m.created_at),
      ToNanos(m.send_at), ToNanos(m.expires_at), ToNanos(due), ToNanos(m.lease_until),
      ToNanos(m.finished_at), std::int64_t{m.attempts}, std::int64_t{m.verify_before_send},
      guarantee, m.cause, m.detail, m.fix);
  if (!inserted) {
    if (inserted.error().code != ErrorCode::kAlreadyExists) return inserted;
    return Fail(ErrorCode::kAlreadyExists, "a message with id " + m.id + " already exists");
  }
  return db.Run("INSERT INTO payloads(seq, payload) VALUES (?, ?)",
                std::int64_t{sqlite3_last_insert_rowid(db.db())}, m.payload);
}

// The stored answer for the submission's key: a replay, a conflict, or nothing (none or stale).
Result<std::optional<SubmitOutcome>> CheckIdempotency(StatementCache& db, const Submission& s,
                                                      TimePoint stale_before) {
  auto stmt = db.Bound(
      "SELECT request_hash, response_status, response_body, created_at FROM idempotency "
      "WHERE api_key_id = ? AND key = ?",
      s.api_key_id, s.idempotency_key);
  if (!stmt) return Fail(stmt.error());
  auto row = sql::Step(stmt->get());
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<SubmitOutcome>();
  if (sql::ColumnInt(stmt->get(), 3) < ToNanos(stale_before)) {
    auto stale = db.Run("DELETE FROM idempotency WHERE api_key_id = ? AND key = ?", s.api_key_id,
                        s.idempotency_key);
    if (!stale) return Fail(stale.error());
    return std::optional<SubmitOutcome>();
  }
  if (sql::ColumnText(stmt->get(), 0) != s.request_hash) {
    return Fail(ErrorCode::kAlreadyExists,
                "the Idempotency-Key was already used with a different request");
  }
  return std::optional<SubmitOutcome>(SubmitOutcome{
      .replayed = true,
      .response_status = static_cast<int>(sql::ColumnInt(stmt->get(), 1)),
      .response_body = sql::ColumnText(stmt->get(), 2),
  });
}

Status RecordAttempt(StatementCache& db, std::int64_t seq, const Attempt& a) {
  return db.Run(
      "INSERT INTO attempts(message_seq, number, started_at, ended_at, outcome, http_status, "
      "cause, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      seq, std::int64_t{a.number}, ToNanos(a.started_at), ToNanos(a.ended_at), a.outcome,
      std::int64_t{a.http_status}, a.cause, a.detail);
}

Status ApplyResult(StatementCache& db, std::int64_t seq, const AttemptResult& r, TimePoint now) {
  bool queued = r.new_state == MessageState::kQueued;
  TimePoint ended = r.attempt.ended_at == TimePoint{} ? now : r.attempt.ended_at;
  std::optional<std::int64_t> guarantee;
  if (r.new_state == MessageState::kDelivered && r.guarantee) {
    guarantee = static_cast<std::int64_t>(*r.guarantee);
  }
  return db.Run(
      "UPDATE messages SET state = ?, next_attempt_at = coalesce(?, next_attempt_at), "
      "verify_before_send = ?, lease_until = NULL, finished_at = ?, guarantee = ?, cause = ?, "
      "detail = ?, fix = ? WHERE seq = ?",
      StateCode(r.new_state),
      queued ? std::optional<std::int64_t>(ToNanos(r.next_attempt_at)) : std::nullopt,
      std::int64_t{queued && r.verify_before_send},
      queued ? std::nullopt : std::optional<std::int64_t>(ToNanos(ended)), guarantee, r.cause,
      r.detail, r.fix, seq);
}

bool SettlesAs(MessageState s) {
  return s == MessageState::kQueued || s == MessageState::kDelivered ||
         s == MessageState::kFailed || s == MessageState::kExpired;
}

}  // namespace

Result<SubmitOutcome> SubmitInTx(StatementCache& db, const Submission& submission, TimePoint now,
                                 std::chrono::seconds idempotency_ttl) {
  TimePoint stale_before = now - idempotency_ttl;
  bool keyed = !submission.idempotency_key.empty();
  if (keyed) {
    auto earlier = CheckIdempotency(db, submission, stale_before);
    if (!earlier) return Fail(earlier.error());
    if (*earlier) return std::move(**earlier);
  }
  for (const auto& message : submission.messages) {
    if (auto inserted = InsertMessage(db, message); !inserted) return Fail(inserted.error());
  }
  if (keyed) {
    auto recorded = db.Run(
        "INSERT INTO idempotency(api_key_id, key, request_hash, response_status, response_body, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?)",
        submission.api_key_id, submission.idempotency_key, submission.request_hash,
        std::int64_t{submission.response_status}, submission.response_body, ToNanos(now));
    if (!recorded) return Fail(recorded.error());
  }
  return SubmitOutcome{.replayed = false,
                       .response_status = submission.response_status,
                       .response_body = submission.response_body};
}

Result<std::vector<MessageRecord>> ClaimInTx(StatementCache& db, const ClaimRequest& request) {
  // Queued messages (of any lane) whose time to live has run out end here: nothing else would
  // end them, as they are never claimed. One seek in messages_expiry when there are none (named:
  // left alone, the planner prefers messages_by_state and walks every queued message).
  auto expired = db.Run(
      "UPDATE messages INDEXED BY messages_expiry SET state = 4, finished_at = ?, "
      "cause = 'expired', "
      "detail = 'the time to live ran out before the message was sent' "
      "WHERE state = 0 AND expires_at IS NOT NULL AND expires_at <= ?",
      ToNanos(request.now), ToNanos(request.now));
  if (!expired) return Fail(expired.error());
  std::vector<std::int64_t> seqs;
  {
    auto due = db.Bound(
        "SELECT seq FROM messages WHERE connection = ? AND sender = ? AND state = 0 "
        "AND next_attempt_at <= ? AND (expires_at IS NULL OR expires_at > ?) "
        "ORDER BY next_attempt_at, seq LIMIT ?",
        request.lane.connection, request.lane.sender, ToNanos(request.now), ToNanos(request.now),
        std::int64_t{request.limit});
    if (!due) return Fail(due.error());
    for (;;) {
      auto row = sql::Step(due->get());
      if (!row) return Fail(row.error());
      if (!*row) break;
      seqs.push_back(sql::ColumnInt(due->get(), 0));
    }
  }
  std::vector<MessageRecord> claimed;
  claimed.reserve(seqs.size());
  for (std::int64_t seq : seqs) {
    auto updated = db.Run(
        "UPDATE messages SET state = 1, attempts = attempts + 1, lease_until = ? WHERE seq = ?",
        ToNanos(request.lease_until), seq);
    if (!updated) return Fail(updated.error());
    auto message = LoadMessage(db, seq, true);
    if (!message) return Fail(message.error());
    claimed.push_back(std::move(*message));
  }
  return claimed;
}

Result<FinishCounts> FinishInTx(StatementCache& db, const std::vector<AttemptResult>& results,
                                TimePoint now) {
  for (const auto& r : results) {
    if (!SettlesAs(r.new_state)) {
      return Fail(ErrorCode::kInvalidArgument, "an attempt cannot leave a message " +
                                                   std::string(MessageStateName(r.new_state)));
    }
  }
  FinishCounts counts;
  for (const auto& r : results) {
    auto stmt = db.Bound("SELECT seq, state FROM messages WHERE id = ?", r.message_id);
    if (!stmt) return Fail(stmt.error());
    auto row = sql::Step(stmt->get());
    if (!row) return Fail(row.error());
    if (!*row) {
      ++counts.missing;
      continue;
    }
    std::int64_t seq = sql::ColumnInt(stmt->get(), 0);
    std::int64_t state = sql::ColumnInt(stmt->get(), 1);
    if (auto recorded = RecordAttempt(db, seq, r.attempt); !recorded) return Fail(recorded.error());
    // A queued message may be expired without an attempt; anything else must be sending.
    bool expiring = state == kQueued && r.new_state == MessageState::kExpired;
    if (state != kSending && !expiring) {
      ++counts.not_sending;
      continue;
    }
    if (auto applied = ApplyResult(db, seq, r, now); !applied) return Fail(applied.error());
  }
  return counts;
}

Status FinishStatus(const FinishCounts& counts) {
  if (counts.missing > 0) {
    return Fail(ErrorCode::kNotFound,
                std::to_string(counts.missing) + " finished message(s) are not in the outbox");
  }
  if (counts.not_sending > 0) {
    return Fail(ErrorCode::kFailedPrecondition,
                std::to_string(counts.not_sending) +
                    " finished message(s) were no longer sending (cancelled meanwhile); their "
                    "attempts were recorded and their states kept");
  }
  return Ok();
}

Result<std::vector<LaneKey>> RecoverLeasesInTx(StatementCache& db, TimePoint now,
                                               TimePoint verify_at) {
  auto stmt = db.Bound(
      "UPDATE messages SET state = 0, verify_before_send = 1, next_attempt_at = ?, "
      "lease_until = NULL WHERE state = 1 AND lease_until < ? RETURNING connection, sender",
      ToNanos(verify_at), ToNanos(now));
  if (!stmt) return Fail(stmt.error());
  std::set<LaneKey> lanes;
  for (;;) {
    auto row = sql::Step(stmt->get());
    if (!row) return Fail(row.error());
    if (!*row) break;
    lanes.insert(LaneKey{sql::ColumnText(stmt->get(), 0), sql::ColumnText(stmt->get(), 1)});
  }
  return std::vector<LaneKey>(lanes.begin(), lanes.end());
}

Result<MessageRecord> CancelInTx(StatementCache& db, const std::string& id,
                                 const std::optional<std::string>& api_key_id, TimePoint now) {
  auto found = LoadVisible(db, id, api_key_id);
  if (!found) return Fail(found.error());
  if (found->second.state != MessageState::kQueued) {
    return Fail(ErrorCode::kFailedPrecondition,
                "message " + id + " is " + std::string(MessageStateName(found->second.state)) +
                    "; only a queued message can be cancelled");
  }
  auto updated =
      db.Run("UPDATE messages SET state = 5, finished_at = ?, lease_until = NULL WHERE seq = ?",
             ToNanos(now), found->first);
  if (!updated) return Fail(updated.error());
  return LoadMessage(db, found->first, false);
}

Result<MessageRecord> RetryInTx(StatementCache& db, const std::string& id,
                                const std::optional<std::string>& api_key_id, TimePoint now) {
  auto found = LoadVisible(db, id, api_key_id);
  if (!found) return Fail(found.error());
  MessageState state = found->second.state;
  if (state != MessageState::kFailed && state != MessageState::kExpired &&
      state != MessageState::kCancelled) {
    return Fail(ErrorCode::kFailedPrecondition,
                "message " + id + " is " + std::string(MessageStateName(state)) +
                    "; only a failed, expired or cancelled message can be retried");
  }
  // A time to live that has run out would leave the retried message unclaimable: drop it.
  // A sendAt still ahead stays the message's first chance (a scheduled message cancelled, then
  // retried, is not sent early): next attempt at max(now, send_at).
  auto updated = db.Run(
      "UPDATE messages SET state = 0, next_attempt_at = max(?, send_at), finished_at = NULL, "
      "guarantee = NULL, "
      "lease_until = NULL, expires_at = CASE WHEN expires_at <= ? THEN NULL ELSE expires_at END, "
      "cause = '', detail = '', fix = '' WHERE seq = ?",
      ToNanos(now), ToNanos(now), found->first);
  if (!updated) return Fail(updated.error());
  return LoadMessage(db, found->first, false);
}

Result<std::int64_t> PurgeInTx(StatementCache& db, const PurgeCutoffs& cutoffs) {
  std::int64_t cutoff = ToNanos(cutoffs.messages_before);
  auto attempts = db.Run(
      "DELETE FROM attempts WHERE message_seq IN (SELECT seq FROM messages "
      "WHERE finished_at IS NOT NULL AND finished_at < ? AND state >= 2)",
      cutoff);
  if (!attempts) return Fail(attempts.error());
  auto payloads = db.Run(
      "DELETE FROM payloads WHERE seq IN (SELECT seq FROM messages "
      "WHERE finished_at IS NOT NULL AND finished_at < ? AND state >= 2)",
      cutoff);
  if (!payloads) return Fail(payloads.error());
  auto messages = db.Run(
      "DELETE FROM messages WHERE finished_at IS NOT NULL AND finished_at < ? AND state >= 2",
      cutoff);
  if (!messages) return Fail(messages.error());
  std::int64_t deleted = sqlite3_changes64(db.db());
  auto idempotency =
      db.Run("DELETE FROM idempotency WHERE created_at < ?", ToNanos(cutoffs.idempotency_before));
  if (!idempotency) return Fail(idempotency.error());
  auto activity =
      db.Run("DELETE FROM minute_counts WHERE minute < ?", MinuteOf(cutoffs.activity_before));
  if (!activity) return Fail(activity.error());
  return deleted;
}

Status PutApiKeyInTx(StatementCache& db, const ApiKeyRecord& key) {
  auto upserted = db.Run(
      "INSERT INTO api_keys(id, name, hash, admin, created_at, revoked) VALUES (?, ?, ?, ?, ?, ?) "
      "ON CONFLICT(id) DO UPDATE SET name = excluded.name, hash = excluded.hash, "
      "admin = excluded.admin, created_at = excluded.created_at, revoked = excluded.revoked",
      key.id, key.name, key.hash, std::int64_t{key.admin}, ToNanos(key.created_at),
      std::int64_t{key.revoked});
  if (!upserted) return upserted;
  auto cleared = db.Run("DELETE FROM api_key_connections WHERE api_key_id = ?", key.id);
  if (!cleared) return cleared;
  for (const auto& connection : key.connections) {
    auto added =
        db.Run("INSERT OR IGNORE INTO api_key_connections(api_key_id, connection) VALUES (?, ?)",
               key.id, connection);
    if (!added) return added;
  }
  return Ok();
}

Status RevokeApiKeyInTx(StatementCache& db, const std::string& id) {
  auto revoked = db.Run("UPDATE api_keys SET revoked = 1 WHERE id = ?", id);
  if (!revoked) return revoked;
  if (sqlite3_changes64(db.db()) == 0) return Fail(ErrorCode::kNotFound, "no API key " + id);
  return Ok();
}

}  // namespace graphpost::outbox::sqlite_store
