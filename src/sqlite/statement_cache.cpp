// Prepared statements reused per connection; see statement_cache.hpp.
#include "sqlite/statement_cache.hpp"

namespace graphpost::sqlite {

ScopedStatement::~ScopedStatement() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Result<ScopedStatement> StatementCache::Get(std::string_view sql) {
  auto found = statements_.find(std::string(sql));
  if (found != statements_.end()) return ScopedStatement(found->second.get());
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  Statement stmt(raw);
  if (rc != SQLITE_OK) return Fail(SqliteError(db_, rc, "sqlite prepare"));
  auto [it, inserted] = statements_.emplace(std::string(sql), std::move(stmt));
  return ScopedStatement(it->second.get());
}

}  // namespace graphpost::sqlite
