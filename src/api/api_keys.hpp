// api/api_keys.hpp — API keys: making a new one (for `graphpost key create` and the demo), the
// hash the outbox stores instead of the key, and the bearer token of a request. The key text is a
// Secret: it is shown once, when made, and never stored, logged or echoed. Pure functions over the
// injected Random and Clock; thread-safe as they are.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/secret.hpp"
#include "http/message.hpp"
#include "outbox/outbox_store.hpp"

namespace graphpost::api {

struct ApiKeySpec {
  std::string name;                      // for people: "billing app"
  std::vector<std::string> connections;  // the connections it may send through
  bool admin = false;                    // sees and manages every message
};

struct NewApiKey {
  Secret text;                  // "gpk_" + 32 random bytes in base64url (43 characters)
  outbox::ApiKeyRecord record;  // id "k_" + 12 hex digits, hash of `text`, created now
};

// A new key and the record to store (PutApiKey). The caller shows `text` once.
NewApiKey MakeApiKey(Random& random, Clock& clock, ApiKeySpec spec);

// Hex SHA-256 of the key text: what ApiKeyRecord::hash holds and FindApiKeyByHash looks up.
std::string HashApiKey(std::string_view key_text);

// The token of "Authorization: Bearer <token>" (scheme in any case); nullopt when the header is
// missing, has another scheme, or an empty token.
std::optional<std::string> BearerToken(const http::Headers& headers);

}  // namespace graphpost::api
