// sandbox/graph/message_patch.hpp — PATCH /users/{id}/messages/{id}: a Graph message update
// applied to a stored message, including the raw MIME of a message that came in as MIME (so
// $value follows the item, as Exchange renders it from the item): a changed subject, From,
// Sender, Reply-To, To, Cc or Bcc replaces that header field in the MIME (byte-exact elsewhere,
// mime_splice.hpp); a changed body makes the MIME stale, so it is dropped and $value renders the
// item. Pure function; thread-safe.
#pragma once

#include <boost/json/value.hpp>

#include "sandbox/graph/graph_error.hpp"
#include "sandbox/graph/message_model.hpp"

namespace graphpost::sandbox::graph {

// Applies `patch` (a JSON object of Graph message properties, names in any case) to `message`:
// the properties MessageFromJson reads, plus isRead. Does not touch lastModifiedDateTime or
// changeKey (Touch does). Errors, leaving `message` unchanged: 400 as MessageFromJson's; 400
// BadRequest for attachments (added through their own endpoints).
[[nodiscard]] GraphStatus PatchMessage(StoredMessage& message, const boost::json::value& patch);

}  // namespace graphpost::sandbox::graph
