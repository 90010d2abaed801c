#include "graph/internal/redact.hpp"

#include <string>

#include "core/ascii.hpp"

namespace graphpost::graph::internal {
namespace {

// Values shorter than this are not worth hiding (and would mangle ordinary words).
constexpr std::size_t kMinSecretSize = 8;

void ReplaceAll(std::string& text, std::string_view secret) {
  for (std::size_t at = text.find(secret); at != std::string::npos;
       at = text.find(secret, at + 3)) {
    text.replace(at, secret.size(), "***");
  }
}

}  // namespace

Error Redact(Error error, std::string_view secret) {
  if (secret.empty()) return error;
  ReplaceAll(error.message, secret);
  ReplaceAll(error.remote_code, secret);
  return error;
}

Error RedactUploadUrl(Error error, std::string_view upload_url) {
  error = Redact(std::move(error), upload_url);
  const std::size_t query_start = upload_url.find('?');
  if (query_start == std::string_view::npos) return error;
  const std::string_view query = upload_url.substr(query_start + 1);
  if (query.size() >= kMinSecretSize) error = Redact(std::move(error), query);
  for (std::string_view pair : Split(query, '&')) {
    const std::size_t eq = pair.find('=');
    const std::string_view value = eq == std::string_view::npos ? pair : pair.substr(eq + 1);
    if (value.size() >= kMinSecretSize) error = Redact(std::move(error), value);
  }
  return error;
}

}  // namespace graphpost::graph::internal
