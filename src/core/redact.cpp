// Whole-value redaction; see redact.hpp.
#include "core/redact.hpp"

#include "core/form.hpp"

namespace graphpost {
namespace {

constexpr std::string_view kMask = "***";

bool IsAlnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// True when text[at, at + size) is not glued to a letter or digit on either side.
bool IsWholeToken(std::string_view text, std::size_t at, std::size_t size) {
  const bool open_before = at == 0 || !IsAlnum(text[at - 1]);
  const bool open_after = at + size >= text.size() || !IsAlnum(text[at + size]);
  return open_before && open_after;
}

void ReplaceOccurrences(std::string& text, std::string_view value) {
  const bool anywhere = value.size() >= kMinRedactedLength;
  for (std::size_t at = text.find(value); at != std::string::npos; at = text.find(value, at)) {
    if (anywhere || IsWholeToken(text, at, value.size())) {
      text.replace(at, value.size(), kMask);
      at += kMask.size();  // never search inside the mask
    } else {
      at += 1;
    }
  }
}

}  // namespace

std::string RedactSecret(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  ReplaceOccurrences(text, secret);
  std::string encoded = PercentEncode(secret);
  if (encoded != secret) ReplaceOccurrences(text, encoded);
  return text;
}

Error RedactError(Error error, std::string_view secret) {
  error.message = RedactSecret(std::move(error.message), secret);
  error.remote_code = RedactSecret(std::move(error.remote_code), secret);
  return error;
}

}  // namespace graphpost
