// outbox/sqlite/write_ops.hpp — the outbox's writes as plain functions that run inside the
// writer's open transaction (group_commit.hpp supplies it and the savepoint around each). Each
// returns its result or an error; on an error the caller rolls the savepoint back, so a function
// may stop halfway. Not thread-safe: the writer thread only.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "outbox/outbox_store.hpp"
#include "sqlite/statement_cache.hpp"

namespace graphpost::outbox::sqlite_store {

// The idempotency record is stamped `now`; records older than `idempotency_ttl` no longer
// count (and are replaced).
[[nodiscard]] Result<SubmitOutcome> SubmitInTx(sqlite::StatementCache& db,
                                               const Submission& submission, TimePoint now,
                                               std::chrono::seconds idempotency_ttl);

[[nodiscard]] Result<std::vector<MessageRecord>> ClaimInTx(sqlite::StatementCache& db,
                                                           const ClaimRequest& request);

// What Finish found besides the results it recorded.
struct FinishCounts {
  int missing = 0;      // unknown message ids: nothing recorded
  int not_sending = 0;  // attempt recorded, state left as it was
};
// kInvalidArgument (nothing recorded) when a result's new_state is sending or cancelled.
// `now` is the finish time of results whose attempt has no ended_at.
[[nodiscard]] Result<FinishCounts> FinishInTx(sqlite::StatementCache& db,
                                              const std::vector<AttemptResult>& results,
                                              TimePoint now);
// The port's error for the counts: kNotFound / kFailedPrecondition, or Ok.
[[nodiscard]] Status FinishStatus(const FinishCounts& counts);

[[nodiscard]] Result<std::vector<LaneKey>> RecoverLeasesInTx(sqlite::StatementCache& db,
                                                             TimePoint now, TimePoint verify_at);

[[nodiscard]] Result<MessageRecord> CancelInTx(sqlite::StatementCache& db, const std::string& id,
                                               const std::optional<std::string>& api_key_id,
                                               TimePoint now);
[[nodiscard]] Result<MessageRecord> RetryInTx(sqlite::StatementCache& db, const std::string& id,
                                              const std::optional<std::string>& api_key_id,
                                              TimePoint now);

// What one purge removes: each kind of row older than its own cutoff.
struct PurgeCutoffs {
  TimePoint messages_before;     // final messages finished before it
  TimePoint idempotency_before;  // idempotency records created before it
  TimePoint activity_before;     // per-minute activity counts of minutes wholly before it
};
// Deletes final messages finished before `messages_before` (and their payloads and attempts),
// idempotency records and per-minute activity counts older than their cutoffs. Returns the
// messages deleted. The activity counts of deleted messages stay (they are history).
[[nodiscard]] Result<std::int64_t> PurgeInTx(sqlite::StatementCache& db,
                                             const PurgeCutoffs& cutoffs);

[[nodiscard]] Status PutApiKeyInTx(sqlite::StatementCache& db, const ApiKeyRecord& key);
// kNotFound for an unknown id.
[[nodiscard]] Status RevokeApiKeyInTx(sqlite::StatementCache& db, const std::string& id);

}  // namespace graphpost::outbox::sqlite_store
