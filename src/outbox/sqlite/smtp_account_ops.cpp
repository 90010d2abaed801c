// SMTP accounts in outbox.db; see smtp_account_ops.hpp.
#include "outbox/sqlite/smtp_account_ops.hpp"

#include "outbox/sqlite/message_rows.hpp"
#include "sqlite/sqlite.hpp"

namespace graphpost::outbox::sqlite_store {
namespace {

namespace sql = graphpost::sqlite;
using sql::StatementCache;

// Connections and senders are short lists read and written whole with their account (never
// queried by item), so each is one column of lines rather than a table of its own.
std::string JoinLines(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += '\n';
    out += item;
  }
  return out;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    items.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return items;
}

bool HasLineBreakOrIsEmpty(const std::vector<std::string>& items) {
  for (const auto& item : items) {
    if (item.empty() || item.find_first_of("\r\n") != std::string::npos) return true;
  }
  return false;
}

constexpr const char* kColumns =
    "name, password_hash, connections, senders, created_at, password_changed_at";

SmtpAccountRecord ReadAccount(sqlite3_stmt* stmt) {
  return SmtpAccountRecord{
      .name = sql::ColumnText(stmt, 0),
      .password_hash = sql::ColumnText(stmt, 1),
      .connections = SplitLines(sql::ColumnText(stmt, 2)),
      .senders = SplitLines(sql::ColumnText(stmt, 3)),
      .created_at = FromNanos(sql::ColumnInt(stmt, 4)),
      .password_changed_at = FromNanos(sql::ColumnInt(stmt, 5)),
  };
}

}  // namespace

Status PutSmtpAccountInTx(StatementCache& db, const SmtpAccountRecord& account) {
  if (account.name.empty())
    return Fail(ErrorCode::kInvalidArgument, "an SMTP account needs a name");
  if (HasLineBreakOrIsEmpty(account.connections) || HasLineBreakOrIsEmpty(account.senders)) {
    return Fail(ErrorCode::kInvalidArgument,
                "SMTP account " + account.name + ": empty or multi-line connection or sender");
  }
  return db.Run(
      "INSERT INTO smtp_accounts(name, password_hash, connections, senders, created_at, "
      "password_changed_at) VALUES (?, ?, ?, ?, ?, ?) "
      "ON CONFLICT(name) DO UPDATE SET name = excluded.name, "
      "password_hash = excluded.password_hash, connections = excluded.connections, "
      "senders = excluded.senders, created_at = excluded.created_at, "
      "password_changed_at = excluded.password_changed_at",
      account.name, account.password_hash, JoinLines(account.connections),
      JoinLines(account.senders), ToNanos(account.created_at),
      ToNanos(account.password_changed_at));
}

Status RemoveSmtpAccountInTx(StatementCache& db, const std::string& name) {
  auto removed = db.Run("DELETE FROM smtp_accounts WHERE name = ?", name);
  if (!removed) return removed;
  if (sqlite3_changes64(db.db()) == 0) {
    return Fail(ErrorCode::kNotFound, "no SMTP account " + name);
  }
  return Ok();
}

Result<std::optional<SmtpAccountRecord>> FindSmtpAccountByName(StatementCache& db,
                                                               const std::string& name) {
  static const std::string kSql =
      std::string("SELECT ") + kColumns + " FROM smtp_accounts WHERE name = ?";
  auto stmt = db.Bound(kSql, name);
  if (!stmt) return Fail(stmt.error());
  auto row = sql::Step(stmt->get());
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<SmtpAccountRecord>();
  return std::optional<SmtpAccountRecord>(ReadAccount(stmt->get()));
}

Result<std::vector<SmtpAccountRecord>> ListAllSmtpAccounts(StatementCache& db) {
  static const std::string kSql =
      std::string("SELECT ") + kColumns + " FROM smtp_accounts ORDER BY name";
  auto stmt = db.Get(kSql);
  if (!stmt) return Fail(stmt.error());
  std::vector<SmtpAccountRecord> accounts;
  for (;;) {
    auto more = sql::Step(stmt->get());
    if (!more) return Fail(more.error());
    if (!*more) return accounts;
    accounts.push_back(ReadAccount(stmt->get()));
  }
}

}  // namespace graphpost::outbox::sqlite_store
