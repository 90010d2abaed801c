// SqliteOutboxStore: opens outbox.db and routes each call to the writer or a read connection; see
// sqlite_outbox_store.hpp.
#include "outbox/sqlite/sqlite_outbox_store.hpp"

#include "outbox/sqlite/checkpointer.hpp"
#include "outbox/sqlite/group_commit.hpp"
#include "outbox/sqlite/read_ops.hpp"
#include "outbox/sqlite/read_pool.hpp"
#include "outbox/sqlite/schema.hpp"
#include "outbox/sqlite/smtp_account_ops.hpp"
#include "outbox/sqlite/write_ops.hpp"
#include "sqlite/private_db_file.hpp"
#include "sqlite/sqlite.hpp"

namespace graphpost::outbox {
namespace {

using sqlite::StatementCache;
using sqlite_store::MakeOp;

Result<sqlite::Db> OpenWriter(const std::filesystem::path& file, const OutboxOptions& options,
                              TimePoint now) {
  if (file == ":memory:" || file.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "the outbox needs a file: its readers and its writer are separate connections");
  }
  if (auto prepared = sqlite::PreparePrivateDbFile(file); !prepared) return Fail(prepared.error());
  auto db = sqlite::OpenDb(file);
  if (!db) return Fail(db.error());
  // Schema first: a newer file is refused before anything (even the WAL switch) touches it.
  if (auto migrated = sqlite_store::MigrateSchema(db->get(), file, now); !migrated) {
    return Fail(migrated.error());
  }
  auto configured =
      sqlite_store::ConfigureWriter(db->get(), options.writer_cache_bytes, options.max_bytes);
  if (!configured) return Fail(configured.error());
  return db;
}

// The background checkpointer wakes at 16 MB of WAL; past 256 MB the writer checkpoints itself.
constexpr int kCheckpointWakePages = 4096;
constexpr int kCheckpointCapPages = 65536;

Result<std::unique_ptr<sqlite_store::Checkpointer>> OpenCheckpointer(
    const std::filesystem::path& file) {
  auto db = sqlite::OpenDb(file);
  if (!db) return Fail(db.error());
  if (auto configured = sqlite_store::ConfigureCheckpointer(db->get()); !configured) {
    return Fail(configured.error());
  }
  return std::make_unique<sqlite_store::Checkpointer>(std::move(*db), kCheckpointWakePages,
                                                      kCheckpointCapPages);
}

// Runs `read` on a borrowed read connection for the length of one call.
template <class Read>
auto WithReader(sqlite_store::ReadPool& pool, Read read)
    -> decltype(read(std::declval<StatementCache&>())) {
  auto lease = pool.Acquire();
  if (!lease) return Fail(lease.error());
  return read(lease->statements());
}

}  // namespace

struct SqliteOutboxStore::Parts {
  std::unique_ptr<sqlite_store::ReadPool> readers;
  std::unique_ptr<sqlite_store::Checkpointer> checkpointer;
  std::unique_ptr<sqlite_store::GroupCommitWriter> writer;
};

Result<std::unique_ptr<SqliteOutboxStore>> SqliteOutboxStore::Open(
    const std::filesystem::path& file, const OutboxOptions& options, Clock& clock) {
  auto db = OpenWriter(file, options, clock.WallNow());
  if (!db) return Fail(db.error());
  Parts parts;
  parts.readers = std::make_unique<sqlite_store::ReadPool>(file, options.reader_cache_bytes,
                                                           options.max_idle_readers);
  // A first read proves the readers can open the file before the store is handed out.
  if (auto probe = parts.readers->Acquire(); !probe) return Fail(probe.error());
  auto checkpointer = OpenCheckpointer(file);
  if (!checkpointer) return Fail(checkpointer.error());
  parts.checkpointer = std::move(*checkpointer);
  parts.checkpointer->Install(db->get());
  parts.writer = std::make_unique<sqlite_store::GroupCommitWriter>(std::move(*db));
  return std::unique_ptr<SqliteOutboxStore>(
      new SqliteOutboxStore(std::move(parts), options, clock));
}

SqliteOutboxStore::SqliteOutboxStore(Parts parts, const OutboxOptions& options, Clock& clock)
    : readers_(std::move(parts.readers)),
      checkpointer_(std::move(parts.checkpointer)),
      writer_(std::move(parts.writer)),
      options_(options),
      clock_(clock) {}

SqliteOutboxStore::~SqliteOutboxStore() = default;

void SqliteOutboxStore::Submit(Submission submission, Callback<SubmitOutcome> done) {
  writer_->Enqueue(MakeOp<SubmitOutcome>(
      [this, s = std::move(submission)](StatementCache& db) {
        return sqlite_store::SubmitInTx(db, s, clock_.WallNow(), options_.idempotency_ttl);
      },
      std::move(done)));
}

void SqliteOutboxStore::Claim(ClaimRequest request, Callback<std::vector<MessageRecord>> done) {
  writer_->Enqueue(MakeOp<std::vector<MessageRecord>>(
      [r = std::move(request)](StatementCache& db) { return sqlite_store::ClaimInTx(db, r); },
      std::move(done)));
}

void SqliteOutboxStore::Finish(std::vector<AttemptResult> results, Callback<void> done) {
  // The counts travel as the op's value so a partly stale Finish still commits what it recorded.
  writer_->Enqueue(MakeOp<sqlite_store::FinishCounts>(
      [this, rs = std::move(results)](StatementCache& db) {
        return sqlite_store::FinishInTx(db, rs, clock_.WallNow());
      },
      [done = std::move(done)](Result<sqlite_store::FinishCounts> counts) {
        if (!counts) return done(Fail(counts.error()));
        done(sqlite_store::FinishStatus(*counts));
      }));
}

void SqliteOutboxStore::RecoverLeases(TimePoint now, TimePoint verify_at,
                                      Callback<std::vector<LaneKey>> done) {
  writer_->Enqueue(MakeOp<std::vector<LaneKey>>(
      [now, verify_at](StatementCache& db) {
        return sqlite_store::RecoverLeasesInTx(db, now, verify_at);
      },
      std::move(done)));
}

void SqliteOutboxStore::Cancel(std::string id, std::optional<std::string> api_key_id,
                               Callback<MessageRecord> done) {
  writer_->Enqueue(MakeOp<MessageRecord>(
      [this, id = std::move(id), key = std::move(api_key_id)](StatementCache& db) {
        return sqlite_store::CancelInTx(db, id, key, clock_.WallNow());
      },
      std::move(done)));
}

void SqliteOutboxStore::Retry(std::string id, std::optional<std::string> api_key_id, TimePoint now,
                              Callback<MessageRecord> done) {
  writer_->Enqueue(MakeOp<MessageRecord>(
      [id = std::move(id), key = std::move(api_key_id), now](StatementCache& db) {
        return sqlite_store::RetryInTx(db, id, key, now);
      },
      std::move(done)));
}

void SqliteOutboxStore::Purge(TimePoint before, Callback<std::int64_t> done) {
  writer_->Enqueue(MakeOp<std::int64_t>(
      [this, before](StatementCache& db) {
        const TimePoint now = clock_.WallNow();
        return sqlite_store::PurgeInTx(
            db, sqlite_store::PurgeCutoffs{.messages_before = before,
                                           .idempotency_before = now - options_.idempotency_ttl,
                                           .activity_before = now - options_.activity_ttl});
      },
      std::move(done)));
}

void SqliteOutboxStore::PutApiKey(ApiKeyRecord key, Callback<void> done) {
  writer_->Enqueue(MakeOp<void>(
      [k = std::move(key)](StatementCache& db) { return sqlite_store::PutApiKeyInTx(db, k); },
      std::move(done)));
}

void SqliteOutboxStore::RevokeApiKey(std::string id, Callback<void> done) {
  writer_->Enqueue(MakeOp<void>(
      [id = std::move(id)](StatementCache& db) { return sqlite_store::RevokeApiKeyInTx(db, id); },
      std::move(done)));
}

void SqliteOutboxStore::PutSmtpAccount(SmtpAccountRecord account, Callback<void> done) {
  writer_->Enqueue(MakeOp<void>(
      [a = std::move(account)](StatementCache& db) {
        return sqlite_store::PutSmtpAccountInTx(db, a);
      },
      std::move(done)));
}

void SqliteOutboxStore::RemoveSmtpAccount(std::string name, Callback<void> done) {
  writer_->Enqueue(MakeOp<void>(
      [n = std::move(name)](StatementCache& db) {
        return sqlite_store::RemoveSmtpAccountInTx(db, n);
      },
      std::move(done)));
}

Result<MessageRecord> SqliteOutboxStore::Get(const std::string& id,
                                             const std::optional<std::string>& api_key_id) {
  return WithReader(
      *readers_, [&](StatementCache& db) { return sqlite_store::GetMessage(db, id, api_key_id); });
}

Result<std::vector<Attempt>> SqliteOutboxStore::Attempts(const std::string& message_id) {
  return WithReader(*readers_,
                    [&](StatementCache& db) { return sqlite_store::ListAttempts(db, message_id); });
}

Result<ListPage> SqliteOutboxStore::List(const ListFilter& filter) {
  return WithReader(*readers_,
                    [&](StatementCache& db) { return sqlite_store::ListMessages(db, filter); });
}

Result<std::vector<LaneSummary>> SqliteOutboxStore::QueuedLanes() {
  return WithReader(*readers_,
                    [&](StatementCache& db) { return sqlite_store::ListQueuedLanes(db); });
}

Result<std::vector<std::pair<MessageState, std::int64_t>>> SqliteOutboxStore::CountByState() {
  return WithReader(*readers_, [&](StatementCache& db) { return sqlite_store::CountStates(db); });
}

Result<std::vector<MinuteActivity>> SqliteOutboxStore::Activity(TimePoint since) {
  return WithReader(*readers_,
                    [&](StatementCache& db) { return sqlite_store::ListActivity(db, since); });
}

Result<std::int64_t> SqliteOutboxStore::RecipientsDeliveredSince(const LaneKey& lane,
                                                                 TimePoint since) {
  return WithReader(*readers_, [&](StatementCache& db) {
    return sqlite_store::CountRecipientsDelivered(db, lane, since);
  });
}

Result<std::optional<ApiKeyRecord>> SqliteOutboxStore::FindApiKeyByHash(const std::string& hash) {
  return WithReader(*readers_,
                    [&](StatementCache& db) { return sqlite_store::FindApiKey(db, hash); });
}

Result<std::vector<ApiKeyRecord>> SqliteOutboxStore::ListApiKeys() {
  return WithReader(*readers_,
                    [&](StatementCache& db) { return sqlite_store::ListAllApiKeys(db); });
}

Result<std::optional<SmtpAccountRecord>> SqliteOutboxStore::FindSmtpAccount(
    const std::string& name) {
  return WithReader(
      *readers_, [&](StatementCache& db) { return sqlite_store::FindSmtpAccountByName(db, name); });
}

Result<std::vector<SmtpAccountRecord>> SqliteOutboxStore::ListSmtpAccounts() {
  return WithReader(*readers_,
                    [&](StatementCache& db) { return sqlite_store::ListAllSmtpAccounts(db); });
}

std::int64_t SqliteOutboxStore::CommittedTransactions() const {
  return writer_->Stats().transactions;
}

std::int64_t SqliteOutboxStore::WriteOperations() const { return writer_->Stats().operations; }

}  // namespace graphpost::outbox
