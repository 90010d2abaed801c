#include "api/api_keys.hpp"

#include "core/ascii.hpp"
#include "core/base64.hpp"
#include "crypto/digest.hpp"

namespace graphpost::api {

NewApiKey MakeApiKey(Random& random, Clock& clock, ApiKeySpec spec) {
  NewApiKey key;
  key.text = Secret("gpk_" + Base64UrlEncode(random.Bytes(32)));
  key.record.id = "k_" + crypto::HexLower(random.Bytes(6));
  key.record.name = std::move(spec.name);
  key.record.hash = HashApiKey(key.text.Reveal());
  key.record.admin = spec.admin;
  key.record.connections = std::move(spec.connections);
  key.record.created_at = clock.WallNow();
  return key;
}

std::string HashApiKey(std::string_view key_text) {
  return crypto::HexLower(crypto::Sha256(key_text));
}

std::optional<std::string> BearerToken(const http::Headers& headers) {
  auto value = headers.Get("Authorization");
  if (!value) return std::nullopt;
  const std::string_view text = TrimAscii(*value);
  constexpr std::string_view kScheme = "bearer ";
  if (text.size() <= kScheme.size() || !AsciiIStartsWith(text, kScheme)) return std::nullopt;
  const std::string_view token = TrimAscii(text.substr(kScheme.size()));
  if (token.empty()) return std::nullopt;
  return std::string(token);
}

}  // namespace graphpost::api
