// mime/internal/gmime_glue.hpp — the few things graphpost asks of GMime 3, in plain C++ types:
// address lists, RFC 2047 text, Content-Type / Content-Disposition parameters (RFC 2231 and
// RFC 2047 names decoded) and transfer decoding. gmime_glue.cpp is the only file that includes
// <gmime/gmime.h>. GMime is initialised once (std::call_once) on first use; each call works on
// its own GObjects (freed by RAII) and GMime's read-only default parser options, and GMime's
// charset, iconv and utils functions are thread-safe, so every function here is thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mime/mime_message.hpp"

namespace graphpost::mime::internal {

// The mailboxes of an address-list header value (unfolded or not), groups flattened; an empty
// group ("undisclosed-recipients:;") adds none. Display names RFC 2047-decoded to UTF-8.
std::vector<HeaderAddress> ParseAddresses(std::string_view value);

// Unstructured header text (Subject) RFC 2047-decoded to UTF-8; raw 8-bit text is kept as UTF-8.
std::string DecodeHeaderText(std::string_view value);

struct ContentType {
  std::string type = "text";  // lower case
  std::string subtype = "plain";
  std::string boundary;  // empty unless given
  std::string name;      // the `name` parameter, decoded; empty unless given
};
// A Content-Type value; GMime's default (application/octet-stream) for one that does not parse.
ContentType ParseContentType(std::string_view value);

struct ContentDisposition {
  std::string disposition;  // lower case ("attachment", "inline", ...); empty when not given
  std::string filename;     // decoded; empty unless given
};
ContentDisposition ParseContentDisposition(std::string_view value);

// The body decoded from its Content-Transfer-Encoding (base64 or quoted-printable); any other
// encoding (7bit, 8bit, binary, x-uuencode, unknown) returns the bytes as they are.
std::string DecodeTransferEncoding(std::string_view encoding, std::string_view body);

}  // namespace graphpost::mime::internal
