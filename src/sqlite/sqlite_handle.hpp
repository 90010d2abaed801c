// sqlite/sqlite_handle.hpp — the owning sqlite3 handle type, without <sqlite3.h>, so
// public headers (ConnectionStore, SqliteOutboxStore) do not pull in the SQLite API. Plain types.
#pragma once

#include <memory>

struct sqlite3;

namespace graphpost::sqlite {

struct DbCloser {
  void operator()(sqlite3* db) const;  // sqlite3_close_v2
};
using Db = std::unique_ptr<sqlite3, DbCloser>;

}  // namespace graphpost::sqlite
