// outbox/outbox_store.hpp — the gateway's durable outbox: messages, their delivery attempts, API
// keys and idempotency records, behind one port that SQLite implements now and PostgreSQL next.
//
// Every write is asynchronous and group-committed: concurrent callers' writes share one
// transaction (and one fsync), and each callback runs only after that transaction is durable (or
// failed). Callbacks run on the store's writer thread: they must be short and must not call back
// into the store synchronously and wait. Reads are synchronous and see every committed write.
// Implementations are thread-safe.
//
// Message states (docs/architecture.md, "The message state machine"):
//   queued ──claim──► sending ──► delivered | failed | expired
//     ▲  ▲               │
//     │  └── retry at ───┘  (transient failure: next_attempt_at; ambiguous: verify_before_send)
//     └─ retry (API) ◄── failed | expired | cancelled        queued ──cancel──► cancelled
// A claim is the durable "attempt started" mark: after a crash, every `sending` message whose
// lease has run out goes back to `queued` with verify_before_send set, so the engine looks it up
// in Sent Items before sending it again.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace graphpost::outbox {

using TimePoint = std::chrono::system_clock::time_point;

enum class MessageState { kQueued, kSending, kDelivered, kFailed, kExpired, kCancelled };

// "queued", "sending", "delivered", "failed", "expired", "cancelled".
std::string_view MessageStateName(MessageState s);
std::optional<MessageState> ParseMessageState(std::string_view name);
// delivered, failed, expired, cancelled.
bool IsFinal(MessageState s);

// What graphpost could promise for a message: exactly once when it is saved to Sent Items and the
// app may read them (a lost answer is resolved by looking it up), at least once otherwise.
enum class Guarantee { kExactlyOnce, kAtLeastOnce };
std::string_view GuaranteeName(Guarantee g);  // "exactly-once", "at-least-once"

// A delivery lane: one sender mailbox through one connection. Pacing, concurrency and recipient
// budgets are per lane.
struct LaneKey {
  std::string connection;  // connection name
  std::string sender;      // mailbox address, lower case
  friend bool operator==(const LaneKey&, const LaneKey&) = default;
  friend auto operator<=>(const LaneKey&, const LaneKey&) = default;
};

struct MessageRecord {
  std::string id;          // public id, a GUID; also the X-Graphpost-Id of the sent message
  std::string api_key_id;  // the key that submitted it; only that key (or an admin) sees it
  LaneKey lane;
  MessageState state = MessageState::kQueued;
  int recipients = 0;              // to + cc + bcc, for the recipient budget
  std::string payload;             // the message as the API accepted it (canonical JSON); opaque
  bool save_to_sent_items = true;  // false: at-least-once
  TimePoint created_at{};
  TimePoint send_at{};                   // not before (scheduled); = created_at when unset
  std::optional<TimePoint> expires_at;   // time to live; unset = never
  TimePoint next_attempt_at{};           // due time while queued
  std::optional<TimePoint> lease_until;  // while sending
  std::optional<TimePoint> finished_at;  // when final
  int attempts = 0;                      // attempts started (claims)
  bool verify_before_send = false;       // look in Sent Items before the next send
  std::optional<Guarantee> guarantee;    // set when delivered
  // For failed / expired / cancelled, and the last transient error while queued: a stable cause
  // ("mailbox_not_found", "throttled", ... ), a message for people and the doctor's fix text.
  std::string cause;
  std::string detail;
  std::string fix;
};

// One delivery attempt, as the API shows it.
struct Attempt {
  int number = 0;
  TimePoint started_at{};
  TimePoint ended_at{};
  std::string outcome;  // "sent", "found-in-sent-items", "not-found", "retry", "failed", "unknown"
  int http_status = 0;  // 0 when no answer
  std::string cause;
  std::string detail;
};

// A submission of one or more messages (one API request), stored atomically with the answer to
// replay for the same Idempotency-Key.
struct Submission {
  std::string api_key_id;
  std::string idempotency_key;          // empty: none
  std::string request_hash;             // hex SHA-256 of the request (method, path, body)
  std::vector<MessageRecord> messages;  // state queued, ids assigned by the caller
  int response_status = 202;
  std::string response_body;  // the JSON answer; replayed verbatim for the same key and hash
};

struct SubmitOutcome {
  bool replayed = false;  // an earlier submission with the same key and hash; nothing stored now
  int response_status = 202;
  std::string response_body;
};

// What the engine asks for: due messages of one lane, claimed (state sending) until lease_until.
struct ClaimRequest {
  LaneKey lane;
  TimePoint now{};
  int limit = 1;
  TimePoint lease_until{};
};

// How an attempt ended. The store writes the attempt row and the message's new state at once.
struct AttemptResult {
  std::string message_id;
  Attempt attempt;
  MessageState new_state = MessageState::kDelivered;  // queued (retry), delivered, failed, expired
  TimePoint next_attempt_at{};                        // with queued
  bool verify_before_send = false;                    // with queued after an ambiguous end
  std::optional<Guarantee> guarantee;                 // with delivered
  std::string cause, detail, fix;                     // with failed/expired, or the retry's reason
};

struct ListFilter {
  std::optional<std::string> api_key_id;  // unset = every key (operator)
  std::optional<MessageState> state;
  std::optional<std::string> connection;
  std::optional<std::string> sender;
  // A recipient address (To, Cc or Bcc; case-insensitive, whole address): the console's search.
  // Looks into payloads, newest first, so it costs more than the other filters.
  std::optional<std::string> recipient;
  std::optional<TimePoint> created_after;   // inclusive
  std::optional<TimePoint> created_before;  // exclusive
  std::string cursor;                       // opaque, from the previous page; empty = first
  int limit = 100;                          // 1..1000
};

struct ListPage {
  std::vector<MessageRecord> messages;  // payload left empty; newest first
  std::string next_cursor;              // empty: no more
};

struct LaneSummary {
  LaneKey lane;
  std::int64_t queued = 0;
  std::optional<TimePoint> next_due;  // earliest next_attempt_at among queued
};

// Messages accepted and finished in one minute (the console's activity chart). `minute` is the
// start of the minute; a minute with nothing is absent.
struct MinuteActivity {
  TimePoint minute{};
  std::int64_t accepted = 0;   // submitted (created_at in this minute)
  std::int64_t delivered = 0;  // became delivered (finished_at in this minute)
  std::int64_t failed = 0;     // became failed or expired
};

struct ApiKeyRecord {
  std::string id;  // public, e.g. "k_3f9a…"; shown in lists and logs
  std::string name;
  std::string hash;    // hex SHA-256 of the key text; the key itself is never stored
  bool admin = false;  // sees and manages every message (queue CLI)
  std::vector<std::string> connections;  // connections it may send through; empty + !admin = none
  TimePoint created_at{};
  bool revoked = false;
};

// An SMTP account (docs/smtp.md, "Accounts"): what a device or app logs in with over AUTH.
struct SmtpAccountRecord {
  std::string name;           // the AUTH username, compared without regard to ASCII case
  std::string password_hash;  // Argon2id, libsodium's crypto_pwhash_str format; never the password
  std::vector<std::string> connections;  // connections it may send through (at least one)
  // Extra sender addresses or "@domain"s beyond the connections' own mailboxes; empty = none.
  std::vector<std::string> senders;
  TimePoint created_at{};
  TimePoint password_changed_at{};
};

template <class T>
using Callback = std::function<void(Result<T>)>;

class OutboxStore {
 public:
  virtual ~OutboxStore() = default;

  // --- writes: group-committed; `done` runs on the writer thread once durable ---

  // Stores the submission's messages and its idempotency record in one transaction. With a
  // key seen before for the same api_key_id: same hash → replayed outcome, nothing stored;
  // different hash → kAlreadyExists. kUnavailable (message says "storage full") when the disk or
  // the store's size limit is full: nothing of the submission is stored.
  virtual void Submit(Submission submission, Callback<SubmitOutcome> done) = 0;

  // Claims up to `limit` queued messages of the lane with next_attempt_at <= now (oldest due
  // first): state sending, attempts + 1, lease_until set. Returns them with payloads. Queued
  // messages whose time to live has run out (expires_at <= now), in any lane, are not claimed:
  // the same transaction marks them expired (cause "expired", no attempt), since nothing else
  // would end them.
  virtual void Claim(ClaimRequest request, Callback<std::vector<MessageRecord>> done) = 0;

  // Records attempts and the messages' new states. kFailedPrecondition for a message no longer
  // sending (cancelled meanwhile: the result is recorded as an attempt but the state stays); a
  // queued message may only be finished as expired. kNotFound for an unknown id (the other
  // results are still recorded); kInvalidArgument (nothing recorded) for new_state sending or
  // cancelled.
  virtual void Finish(std::vector<AttemptResult> results, Callback<void> done) = 0;

  // Sending messages whose lease ended before `now` → queued, verify_before_send, next attempt
  // at `verify_at`. Run at start-up and periodically. Returns the lanes touched.
  virtual void RecoverLeases(TimePoint now, TimePoint verify_at,
                             Callback<std::vector<LaneKey>> done) = 0;

  // queued → cancelled. kNotFound for an unknown id or one the key may not see;
  // kFailedPrecondition when not queued (already sending or final).
  virtual void Cancel(std::string id, std::optional<std::string> api_key_id,
                      Callback<MessageRecord> done) = 0;
  // failed | expired | cancelled → queued (attempt count kept), due at max(now, send_at): a
  // scheduled message keeps a sendAt still ahead. Errors as Cancel.
  virtual void Retry(std::string id, std::optional<std::string> api_key_id, TimePoint now,
                     Callback<MessageRecord> done) = 0;
  // Deletes final messages finished before `before` (with their attempts). Returns the count.
  virtual void Purge(TimePoint before, Callback<std::int64_t> done) = 0;

  virtual void PutApiKey(ApiKeyRecord key, Callback<void> done) = 0;  // insert or replace by id
  virtual void RevokeApiKey(std::string id, Callback<void> done) = 0;

  // Insert or replace by name (case-insensitive); RemoveSmtpAccount: kNotFound when unknown.
  // A store without SMTP accounts (test stand-ins) answers kFailedPrecondition.
  virtual void PutSmtpAccount(SmtpAccountRecord account, Callback<void> done);
  virtual void RemoveSmtpAccount(std::string name, Callback<void> done);

  // --- reads: synchronous ---

  // kNotFound for an unknown id, or one `api_key_id` (when set) did not submit.
  [[nodiscard]] virtual Result<MessageRecord> Get(const std::string& id,
                                                  const std::optional<std::string>& api_key_id) = 0;
  [[nodiscard]] virtual Result<std::vector<Attempt>> Attempts(const std::string& message_id) = 0;
  [[nodiscard]] virtual Result<ListPage> List(const ListFilter& filter) = 0;
  // Lanes with queued messages.
  [[nodiscard]] virtual Result<std::vector<LaneSummary>> QueuedLanes() = 0;
  // Message count per state (metrics).
  [[nodiscard]] virtual Result<std::vector<std::pair<MessageState, std::int64_t>>>
  CountByState() = 0;
  // Per-minute activity from `since` on, oldest first; cheap whatever the store's size (kept as
  // counters by the writes, not counted from messages). A store without it (test stand-ins)
  // answers kFailedPrecondition.
  [[nodiscard]] virtual Result<std::vector<MinuteActivity>> Activity(TimePoint since);
  // Recipients of the lane's messages delivered at or after `since` (the 24-hour budget).
  [[nodiscard]] virtual Result<std::int64_t> RecipientsDeliveredSince(const LaneKey& lane,
                                                                      TimePoint since) = 0;
  [[nodiscard]] virtual Result<std::optional<ApiKeyRecord>> FindApiKeyByHash(
      const std::string& hash) = 0;
  [[nodiscard]] virtual Result<std::vector<ApiKeyRecord>> ListApiKeys() = 0;
  // By name, case-insensitive; nullopt when there is none.
  [[nodiscard]] virtual Result<std::optional<SmtpAccountRecord>> FindSmtpAccount(
      const std::string& name);
  [[nodiscard]] virtual Result<std::vector<SmtpAccountRecord>> ListSmtpAccounts();  // by name
};

}  // namespace graphpost::outbox
