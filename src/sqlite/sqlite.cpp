// The thin SQLite layer; see sqlite.hpp.
#include "sqlite/sqlite.hpp"

#include <string>

namespace graphpost::sqlite {
namespace {

ErrorCode CodeFor(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
      return ErrorCode::kUnavailable;
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_AUTH:
      return ErrorCode::kPermissionDenied;
    case SQLITE_CONSTRAINT:
      return ErrorCode::kAlreadyExists;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return ErrorCode::kFailedPrecondition;
    default:
      return ErrorCode::kInternal;
  }
}

Status Checked(sqlite3_stmt* stmt, int rc, std::string_view what) {
  if (rc == SQLITE_OK) return Ok();
  return Fail(SqliteError(sqlite3_db_handle(stmt), rc, what));
}

}  // namespace

void DbCloser::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

Error SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  // A full disk (or a full max_page_count) is named up front: the outbox answers 503 with it.
  std::string prefix = (rc & 0xff) == SQLITE_FULL ? "storage full: " : "";
  return Error{CodeFor(rc), prefix + std::string(what) + ": " + detail, std::nullopt, {}};
}

Result<Db> OpenDb(const std::filesystem::path& file) {
  sqlite3* raw = nullptr;
  // Our own mutex serialises access, so SQLite's per-connection mutex is not needed.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) return Fail(SqliteError(raw, rc, "cannot open " + file.string()));
  sqlite3_extended_result_codes(raw, 1);
  return db;
}

Result<Statement> Prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
  Statement stmt(raw);
  if (rc != SQLITE_OK) return Fail(SqliteError(db, rc, "sqlite prepare"));
  return stmt;
}

Status Exec(sqlite3* db, const char* sql) {
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return Fail(SqliteError(db, rc, "sqlite exec"));
  return Ok();
}

Status Bind(sqlite3_stmt* stmt, int index, std::string_view text) {
  return Checked(
      stmt,
      sqlite3_bind_text64(stmt, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
      "sqlite bind");
}

Status Bind(sqlite3_stmt* stmt, int index, const std::string& text) {
  return Bind(stmt, index, std::string_view(text));
}

Status Bind(sqlite3_stmt* stmt, int index, const char* text) {
  return Bind(stmt, index, std::string_view(text));
}

Status Bind(sqlite3_stmt* stmt, int index, Blob blob) {
  return Checked(
      stmt,
      sqlite3_bind_blob64(stmt, index, blob.bytes.data(), blob.bytes.size(), SQLITE_TRANSIENT),
      "sqlite bind");
}

Status Bind(sqlite3_stmt* stmt, int index, std::int64_t value) {
  return Checked(stmt, sqlite3_bind_int64(stmt, index, value), "sqlite bind");
}

Status Bind(sqlite3_stmt* stmt, int index, Null) {
  return Checked(stmt, sqlite3_bind_null(stmt, index), "sqlite bind");
}

Status Bind(sqlite3_stmt* stmt, int index, const std::optional<std::string>& text) {
  if (!text) return Bind(stmt, index, Null{});
  return Bind(stmt, index, std::string_view(*text));
}

Status Bind(sqlite3_stmt* stmt, int index, const std::optional<std::int64_t>& value) {
  if (!value) return Bind(stmt, index, Null{});
  return Bind(stmt, index, *value);
}

Result<bool> Step(sqlite3_stmt* stmt) {
  int rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Fail(SqliteError(sqlite3_db_handle(stmt), rc, "sqlite step"));
}

Status StepDone(sqlite3_stmt* stmt) {
  auto row = Step(stmt);
  if (!row) return Fail(row.error());
  return Ok();
}

std::string ColumnText(sqlite3_stmt* stmt, int column) {
  const auto* text = sqlite3_column_text(stmt, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt, column)));
}

std::string ColumnBlob(sqlite3_stmt* stmt, int column) {
  const void* blob = sqlite3_column_blob(stmt, column);
  if (blob == nullptr) return {};
  return std::string(static_cast<const char*>(blob),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt, column)));
}

std::int64_t ColumnInt(sqlite3_stmt* stmt, int column) {
  return sqlite3_column_int64(stmt, column);
}

std::optional<std::string> ColumnOptionalText(sqlite3_stmt* stmt, int column) {
  if (sqlite3_column_type(stmt, column) == SQLITE_NULL) return std::nullopt;
  return ColumnText(stmt, column);
}

std::optional<std::int64_t> ColumnOptionalInt(sqlite3_stmt* stmt, int column) {
  if (sqlite3_column_type(stmt, column) == SQLITE_NULL) return std::nullopt;
  return ColumnInt(stmt, column);
}

Result<Transaction> Transaction::Begin(sqlite3* db) {
  // IMMEDIATE takes the write lock up front, so a read-then-write never hits SQLITE_BUSY midway.
  if (auto begun = Exec(db, "BEGIN IMMEDIATE"); !begun) return Fail(begun.error());
  return Transaction(db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

Status Transaction::Commit() {
  auto committed = Exec(db_, "COMMIT");
  if (committed) db_ = nullptr;
  return committed;
}

}  // namespace graphpost::sqlite
