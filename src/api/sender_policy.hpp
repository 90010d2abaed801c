// api/sender_policy.hpp — which delivery lane (connection, sender mailbox) a message goes to, and
// whether the API key may use it: a key sends only through its own connections and from their
// mailboxes (an admin key through any). Pure over the ConnectionDirectory; thread-safe as it is.
#pragma once

#include <string_view>

#include "api/connection_directory.hpp"
#include "core/result.hpp"
#include "message/api_message.hpp"
#include "outbox/outbox_store.hpp"

namespace graphpost::api {

struct LaneRefusal {
  int status = 400;  // 403: outside the key's connections; 400: no such connection or mailbox
  message::FieldError error;
};

// The lane of `m` for `key` ("$.connection"/"$.from" errors under `path`):
// - connection given: the key must have it (else 403), it must exist (else 400); `from`, when
//   given and not the connection's own mailbox, must be the mailbox of a connection the key has
//   (else 403).
// - only from given: the first connection (by name) of the key's whose mailbox it is; none →
//   403 (an admin key: 400, as no connection sends from it).
// The sender is returned in lower case.
[[nodiscard]] Expected<outbox::LaneKey, LaneRefusal> ResolveLane(const message::ApiMessage& m,
                                                                 const outbox::ApiKeyRecord& key,
                                                                 ConnectionDirectory& directory,
                                                                 std::string_view path);

}  // namespace graphpost::api
