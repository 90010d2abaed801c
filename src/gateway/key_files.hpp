// gateway/key_files.hpp — API keys that the gateway keeps for local users in owner-only files in
// the data directory: the operator's admin key (operator.key, for `graphpost apikey` and
// `graphpost queue`) and the demo key (demo.key). The file holds the key text alone, so
// `$(cat file)` gives it; logs and output name the file, never the key. Blocking (waits for the
// outbox's commit); call at start-up. Thread-compatible.
#pragma once

#include <filesystem>

#include "api/api_keys.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "outbox/outbox_store.hpp"

namespace graphpost::gateway {

// Keeps the key in `file` when the outbox knows it, it is not revoked, and it has `spec`'s admin
// flag and connections; otherwise makes a new key from `spec`, stores it and writes it to `file`
// (0600, atomically). Returns true when a new key was made. Errors from the outbox or the file.
[[nodiscard]] Result<bool> EnsureKeyFile(outbox::OutboxStore& outbox, Clock& clock, Random& random,
                                         const std::filesystem::path& file,
                                         const api::ApiKeySpec& spec);

}  // namespace graphpost::gateway
