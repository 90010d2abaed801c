// sqlite/sqlite.hpp — the project's thin RAII layer over the SQLite C API (the connection store and
// the outbox use it): owning handles, and Prepare/Bind/Step/Column helpers that return Result
// instead of codes. Every value goes through a bound parameter; SQL text is always a constant.
// Error messages carry SQLite's own text (which never contains bound values). Not thread-safe:
// callers serialise use of one connection.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "sqlite/sqlite_handle.hpp"

namespace graphpost::sqlite {

struct StatementFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

// Bytes bound as a BLOB (a plain string_view binds as TEXT).
struct Blob {
  std::string_view bytes;
};
// Binds SQL NULL.
struct Null {};

// Opens `file` (":memory:" for an in-memory database) read-write, creating it when missing.
// kUnavailable / kPermissionDenied when it cannot be opened.
[[nodiscard]] Result<Db> OpenDb(const std::filesystem::path& file);

// Compiles one statement. kInternal on a syntax error (a bug), or the mapped open/IO error.
[[nodiscard]] Result<Statement> Prepare(sqlite3* db, std::string_view sql);

// Runs constant SQL without parameters (schema, PRAGMA, BEGIN/COMMIT); may hold several statements.
[[nodiscard]] Status Exec(sqlite3* db, const char* sql);

// Binds parameter `index` (1-based).
[[nodiscard]] Status Bind(sqlite3_stmt* stmt, int index, std::string_view text);
[[nodiscard]] Status Bind(sqlite3_stmt* stmt, int index, const std::string& text);
[[nodiscard]] Status Bind(sqlite3_stmt* stmt, int index, const char* text);
[[nodiscard]] Status Bind(sqlite3_stmt* stmt, int index, Blob blob);
[[nodiscard]] Status Bind(sqlite3_stmt* stmt, int index, std::int64_t value);
[[nodiscard]] Status Bind(sqlite3_stmt* stmt, int index, Null);
// nullopt binds NULL.
[[nodiscard]] Status Bind(sqlite3_stmt* stmt, int index, const std::optional<std::string>& text);
[[nodiscard]] Status Bind(sqlite3_stmt* stmt, int index, const std::optional<std::int64_t>& value);

// Binds `values` to parameters 1..N in order.
template <class... Values>
[[nodiscard]] Status BindAll([[maybe_unused]] sqlite3_stmt* stmt, const Values&... values) {
  int index = 0;
  Status status = Ok();
  ((status = status ? Bind(stmt, ++index, values) : status), ...);
  return status;
}

// Advances: true when a row is ready, false when the statement is done. A constraint violation is
// kAlreadyExists; busy/locked is kUnavailable.
[[nodiscard]] Result<bool> Step(sqlite3_stmt* stmt);

// Runs a statement that returns no rows to completion.
[[nodiscard]] Status StepDone(sqlite3_stmt* stmt);

// Prepare + BindAll + StepDone, for one-off writes.
template <class... Values>
[[nodiscard]] Status Run(sqlite3* db, std::string_view sql, const Values&... values) {
  auto stmt = Prepare(db, sql);
  if (!stmt) return Fail(stmt.error());
  if (auto bound = BindAll(stmt->get(), values...); !bound) return bound;
  return StepDone(stmt->get());
}

// Column readers for the current row (0-based). NULL reads as "" / 0 / nullopt.
std::string ColumnText(sqlite3_stmt* stmt, int column);
std::string ColumnBlob(sqlite3_stmt* stmt, int column);
std::int64_t ColumnInt(sqlite3_stmt* stmt, int column);
std::optional<std::string> ColumnOptionalText(sqlite3_stmt* stmt, int column);
std::optional<std::int64_t> ColumnOptionalInt(sqlite3_stmt* stmt, int column);

// An IMMEDIATE transaction that rolls back on destruction unless Commit() succeeded.
class Transaction {
 public:
  [[nodiscard]] static Result<Transaction> Begin(sqlite3* db);
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  [[nodiscard]] Status Commit();

 private:
  explicit Transaction(sqlite3* db) : db_(db) {}
  sqlite3* db_;  // null once committed or rolled back
};

// The Error for SQLite result `rc` on `db`, prefixed with `what`; for SQLITE_FULL (disk or
// max_page_count full) the message starts with "storage full" and the code is kUnavailable.
Error SqliteError(sqlite3* db, int rc, std::string_view what);

}  // namespace graphpost::sqlite
