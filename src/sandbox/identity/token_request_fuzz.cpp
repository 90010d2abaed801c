// Fuzzes the token endpoint's input decoding: the form body, the Basic header, the tenant segment
// classifier and the scope check. Input layout: "<authorization>\n<tenant>\n<body>".
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sandbox/identity/token_request.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace graphpost::sandbox::identity;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t first = input.find('\n');
  std::size_t second = first == std::string_view::npos ? first : input.find('\n', first + 1);
  graphpost::http::Request request;
  request.method = "POST";
  if (second != std::string_view::npos) {
    request.headers.Set("Authorization", std::string(input.substr(0, first)));
    (void)ClassifyTenant(input.substr(first + 1, second - first - 1));
    request.body = std::string(input.substr(second + 1));
  } else {
    request.body = std::string(input);
  }
  auto parsed = ParseTokenRequest(request);
  if (parsed) {
    auto scope = CheckScope(parsed->scope);
    if (scope) (void)IsGraphResource(*scope);
  }
  return 0;
}
