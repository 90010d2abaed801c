#include "graph/internal/redact.hpp"

#include <string>

#include "core/ascii.hpp"
#include "core/redact.hpp"

namespace graphpost::graph::internal {

Error Redact(Error error, std::string_view secret) { return RedactError(std::move(error), secret); }

Error RedactUploadUrl(Error error, std::string_view upload_url) {
  error = Redact(std::move(error), upload_url);
  const std::size_t query_start = upload_url.find('?');
  if (query_start == std::string_view::npos) return error;
  const std::string_view query = upload_url.substr(query_start + 1);
  error = Redact(std::move(error), query);
  for (std::string_view pair : Split(query, '&')) {
    const std::size_t eq = pair.find('=');
    const std::string_view value = eq == std::string_view::npos ? pair : pair.substr(eq + 1);
    // Short parameters (a chunk number, "v=1") are not what needs hiding; the authtoken is long.
    if (value.size() >= kMinRedactedLength) error = Redact(std::move(error), value);
  }
  return error;
}

}  // namespace graphpost::graph::internal
