// sandbox/graph/mime_export.hpp — the MIME content of a stored message, as GET
// /messages/{id}/$value returns it: the submitted MIME verbatim when the message came in as MIME,
// otherwise a plain RFC 5322 rendering (addresses, subject, X- headers, body, attachments).
// Pure function; thread-safe.
#pragma once

#include <string>

#include "sandbox/graph/message_model.hpp"

namespace graphpost::sandbox::graph {

std::string ExportMime(const StoredMessage& message);

}  // namespace graphpost::sandbox::graph
