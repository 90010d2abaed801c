// connections/internal/schema.hpp — the graphpost.db schema and its migrations, versioned with
// SQLite's user_version, plus the master-key check row. Not thread-safe: run once while opening,
// before the store is shared.
#pragma once

#include <sqlite3.h>

#include <filesystem>

#include "connections/secret_vault.hpp"
#include "core/result.hpp"

namespace graphpost::connections::internal {

// The schema version this build writes and understands.
inline constexpr int kSchemaVersion = 1;

// Switches the database to WAL and brings it up to kSchemaVersion, each step in its own
// transaction.
// kFailedPrecondition when the file was written by a newer graphpost (or is not a database);
// `file` is only used in messages.
[[nodiscard]] Status MigrateSchema(sqlite3* db, const std::filesystem::path& file);

// True when the database records a master key check value: something was sealed with a key, and
// only that key opens it. Needs the schema (MigrateSchema first).
[[nodiscard]] Result<bool> HasKeyCheck(sqlite3* db);

// Verifies that `vault` holds the key this database was created with, recording a sealed check
// value on first use. kPermissionDenied (naming the key's source) when it does not.
[[nodiscard]] Status CheckMasterKey(sqlite3* db, const SecretVault& vault);

}  // namespace graphpost::connections::internal
