// Fuzzes ParseTokenResponse: the first two bytes pick the HTTP status, the rest is the body.
// Any input must yield a token or an Error, never a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "auth/token_response.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  graphpost::http::ClientResponse response;
  response.status = 100 + (data[0] << 8 | data[1]) % 500;
  response.body.assign(reinterpret_cast<const char*>(data + 2), size - 2);
  response.headers.Set("Retry-After", response.body.substr(0, 8));
  auto token = graphpost::auth::ParseTokenResponse(response, {});
  (void)token;
  return 0;
}
