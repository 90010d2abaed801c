// sandbox/graph/mime_export.hpp — the MIME content of a stored message, as GET
// /messages/{id}/$value returns it: the submitted MIME byte for byte when the message came in as
// MIME (with a Message-ID added when it had none, and attachments added to a MIME draft later as
// new multipart/mixed parts; see mime_splice.hpp), otherwise a plain RFC 5322 rendering
// (addresses, subject, X- headers, body, attachments). Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "sandbox/graph/message_model.hpp"

namespace graphpost::sandbox::graph {

std::string ExportMime(const StoredMessage& message);

// An address header's value from Graph recipients (an array of, or one,
// {"emailAddress":{"name","address"}}): "\"Name\" <a@x>, b@y"; non-ASCII names as RFC 2047
// words. Empty when there are none.
std::string AddressHeaderValue(const boost::json::value& recipients);

// `text` as an unstructured header value: as is when ASCII, else one RFC 2047 "B" word.
std::string EncodeHeaderText(std::string_view text);

}  // namespace graphpost::sandbox::graph
