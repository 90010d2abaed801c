// sqlite/statement_cache.hpp — one connection's prepared statements, compiled once and reused, so
// a hot path (the outbox writer inserting thousands of rows a second) does not re-parse its SQL.
// Not thread-safe: owned with its connection by one thread at a time; destroy it before closing
// the connection.
#pragma once

#include <sqlite3.h>

#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.hpp"
#include "sqlite/sqlite.hpp"

namespace graphpost::sqlite {

// A borrowed cached statement: reset, with its bindings cleared, when it goes out of scope.
class ScopedStatement {
 public:
  explicit ScopedStatement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ScopedStatement(ScopedStatement&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
  ScopedStatement& operator=(ScopedStatement&&) = delete;
  ~ScopedStatement();
  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_;  // owned by the cache
};

class StatementCache {
 public:
  explicit StatementCache(sqlite3* db) : db_(db) {}
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  // The compiled statement for `sql` (constant text; keyed by its content), ready to bind. Errors
  // as Prepare. Two live ScopedStatements for the same SQL would share one statement: don't.
  [[nodiscard]] Result<ScopedStatement> Get(std::string_view sql);

  // Get + BindAll.
  template <class... Values>
  [[nodiscard]] Result<ScopedStatement> Bound(std::string_view sql, const Values&... values) {
    auto stmt = Get(sql);
    if (!stmt) return Fail(stmt.error());
    if (auto bound = BindAll(stmt->get(), values...); !bound) return Fail(bound.error());
    return stmt;
  }

  // Bound + StepDone, for writes that return no rows.
  template <class... Values>
  [[nodiscard]] Status Run(std::string_view sql, const Values&... values) {
    auto stmt = Bound(sql, values...);
    if (!stmt) return Fail(stmt.error());
    return StepDone(stmt->get());
  }

  sqlite3* db() const { return db_; }

 private:
  sqlite3* db_;
  std::unordered_map<std::string, Statement> statements_;
};

}  // namespace graphpost::sqlite
