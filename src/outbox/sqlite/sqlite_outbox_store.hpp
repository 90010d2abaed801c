// outbox/sqlite/sqlite_outbox_store.hpp — the outbox in one SQLite file (outbox.db in the data
// directory): WAL, synchronous=FULL (a committed write survives a power cut), its own versioned
// schema, mode 0600. Writes are group-committed by one writer thread (group_commit.hpp); reads use
// pooled read connections beside it. Memory stays bounded by the page caches: nothing per message
// is kept in memory. Thread-safe. The Clock must outlive the store.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>

#include "core/clock.hpp"
#include "outbox/outbox_store.hpp"

namespace graphpost::outbox {

namespace sqlite_store {
class Checkpointer;
class GroupCommitWriter;
class ReadPool;
struct WriteStats;
}  // namespace sqlite_store

struct OutboxOptions {
  // The store's size limit (PRAGMA max_page_count): writes past it fail with kUnavailable
  // "storage full…", as on a full disk. 0 = unlimited.
  std::int64_t max_bytes = 0;
  std::int64_t writer_cache_bytes = 16 << 20;  // the writer's page cache
  std::int64_t reader_cache_bytes = 4 << 20;   // each read connection's page cache
  std::size_t max_idle_readers = 8;            // read connections kept open for reuse
  // How long an Idempotency-Key is remembered; Purge removes older records.
  std::chrono::seconds idempotency_ttl = std::chrono::hours{24};
  // How long the per-minute activity counts (Activity) are kept; Purge removes older minutes.
  std::chrono::seconds activity_ttl = std::chrono::hours{24 * 7};
};

class SqliteOutboxStore final : public OutboxStore {
 public:
  // Opens (creating when missing, with a 0700 directory and a 0600 file) the outbox at `file`
  // and brings its schema up to date. kFailedPrecondition when the file was written by a newer
  // graphpost or is not an outbox; kUnavailable / kPermissionDenied when it cannot be opened.
  // `clock` stamps cancellations and idempotency records.
  [[nodiscard]] static Result<std::unique_ptr<SqliteOutboxStore>> Open(
      const std::filesystem::path& file, const OutboxOptions& options, Clock& clock);
  ~SqliteOutboxStore() override;  // runs the writes already queued, then closes

  void Submit(Submission submission, Callback<SubmitOutcome> done) override;
  void Claim(ClaimRequest request, Callback<std::vector<MessageRecord>> done) override;
  void Finish(std::vector<AttemptResult> results, Callback<void> done) override;
  void RecoverLeases(TimePoint now, TimePoint verify_at,
                     Callback<std::vector<LaneKey>> done) override;
  void Cancel(std::string id, std::optional<std::string> api_key_id,
              Callback<MessageRecord> done) override;
  void Retry(std::string id, std::optional<std::string> api_key_id, TimePoint now,
             Callback<MessageRecord> done) override;
  // Also drops idempotency records older than idempotency_ttl and per-minute activity counts
  // older than activity_ttl (7 days by default), both counted from the Clock's now.
  void Purge(TimePoint before, Callback<std::int64_t> done) override;
  void PutApiKey(ApiKeyRecord key, Callback<void> done) override;
  void RevokeApiKey(std::string id, Callback<void> done) override;
  void PutSmtpAccount(SmtpAccountRecord account, Callback<void> done) override;
  void RemoveSmtpAccount(std::string name, Callback<void> done) override;

  [[nodiscard]] Result<MessageRecord> Get(const std::string& id,
                                          const std::optional<std::string>& api_key_id) override;
  [[nodiscard]] Result<std::vector<Attempt>> Attempts(const std::string& message_id) override;
  [[nodiscard]] Result<ListPage> List(const ListFilter& filter) override;
  [[nodiscard]] Result<std::vector<LaneSummary>> QueuedLanes() override;
  [[nodiscard]] Result<std::vector<std::pair<MessageState, std::int64_t>>> CountByState() override;
  // From the minute holding `since` on. Kept by triggers as messages are submitted and finish
  // (schema v3); Purge drops minutes older than OutboxOptions::activity_ttl.
  [[nodiscard]] Result<std::vector<MinuteActivity>> Activity(TimePoint since) override;
  [[nodiscard]] Result<std::int64_t> RecipientsDeliveredSince(const LaneKey& lane,
                                                              TimePoint since) override;
  [[nodiscard]] Result<std::optional<ApiKeyRecord>> FindApiKeyByHash(
      const std::string& hash) override;
  [[nodiscard]] Result<std::vector<ApiKeyRecord>> ListApiKeys() override;
  [[nodiscard]] Result<std::optional<SmtpAccountRecord>> FindSmtpAccount(
      const std::string& name) override;
  [[nodiscard]] Result<std::vector<SmtpAccountRecord>> ListSmtpAccounts() override;

  // Transactions committed (or failed) and write operations run so far: operations /
  // transactions is how many writes shared each commit (fsync).
  std::int64_t CommittedTransactions() const;
  std::int64_t WriteOperations() const;

 private:
  struct Parts;
  SqliteOutboxStore(Parts parts, const OutboxOptions& options, Clock& clock);

  // In this order: the writer stops (and its connection closes) before the checkpointer that its
  // WAL hook calls.
  std::unique_ptr<sqlite_store::ReadPool> readers_;
  std::unique_ptr<sqlite_store::Checkpointer> checkpointer_;
  std::unique_ptr<sqlite_store::GroupCommitWriter> writer_;
  const OutboxOptions options_;
  Clock& clock_;
};

}  // namespace graphpost::outbox
