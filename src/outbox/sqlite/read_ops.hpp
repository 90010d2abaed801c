// outbox/sqlite/read_ops.hpp — the outbox's reads as plain functions over one read connection's
// statements (read_pool.hpp lends it). Contracts as the OutboxStore methods of the same names.
// Not thread-safe: one connection, one thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "outbox/outbox_store.hpp"
#include "sqlite/statement_cache.hpp"

namespace graphpost::outbox::sqlite_store {

[[nodiscard]] Result<MessageRecord> GetMessage(sqlite::StatementCache& db, const std::string& id,
                                               const std::optional<std::string>& api_key_id);
[[nodiscard]] Result<std::vector<Attempt>> ListAttempts(sqlite::StatementCache& db,
                                                        const std::string& message_id);
// kInvalidArgument for a cursor this store did not hand out or a limit outside 1..1000.
[[nodiscard]] Result<ListPage> ListMessages(sqlite::StatementCache& db, const ListFilter& filter);
[[nodiscard]] Result<std::vector<LaneSummary>> ListQueuedLanes(sqlite::StatementCache& db);
[[nodiscard]] Result<std::vector<std::pair<MessageState, std::int64_t>>> CountStates(
    sqlite::StatementCache& db);
// The per-minute counts from the minute holding `since` on, oldest first: one primary-key range
// over minute_counts (kept by the schema's triggers).
[[nodiscard]] Result<std::vector<MinuteActivity>> ListActivity(sqlite::StatementCache& db,
                                                               TimePoint since);
[[nodiscard]] Result<std::int64_t> CountRecipientsDelivered(sqlite::StatementCache& db,
                                                            const LaneKey& lane, TimePoint since);
[[nodiscard]] Result<std::optional<ApiKeyRecord>> FindApiKey(sqlite::StatementCache& db,
                                                             const std::string& hash);
[[nodiscard]] Result<std::vector<ApiKeyRecord>> ListAllApiKeys(sqlite::StatementCache& db);

}  // namespace graphpost::outbox::sqlite_store
