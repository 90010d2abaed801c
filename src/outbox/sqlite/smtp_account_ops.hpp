// outbox/sqlite/smtp_account_ops.hpp — SMTP accounts in outbox.db (table smtp_accounts, schema
// version 2): the write that runs inside the writer's transaction and the reads over one read
// connection. Names are unique without regard to ASCII case (COLLATE NOCASE), as AUTH compares
// them. Contracts as the OutboxStore methods of the same names. Not thread-safe: one connection,
// one thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "outbox/outbox_store.hpp"
#include "sqlite/statement_cache.hpp"

namespace graphpost::outbox::sqlite_store {

// Insert or replace by name (case-insensitive; the stored spelling becomes `account.name`).
// kInvalidArgument for an empty name or a list entry with a line break.
[[nodiscard]] Status PutSmtpAccountInTx(sqlite::StatementCache& db,
                                        const SmtpAccountRecord& account);
// kNotFound when no account has that name.
[[nodiscard]] Status RemoveSmtpAccountInTx(sqlite::StatementCache& db, const std::string& name);

[[nodiscard]] Result<std::optional<SmtpAccountRecord>> FindSmtpAccountByName(
    sqlite::StatementCache& db, const std::string& name);
// Ordered by name, case-insensitively.
[[nodiscard]] Result<std::vector<SmtpAccountRecord>> ListAllSmtpAccounts(
    sqlite::StatementCache& db);

}  // namespace graphpost::outbox::sqlite_store
