// Fuzzes TransferEncodingAcceptable with arbitrary header values (the input split at '\n' into
// one value per Transfer-Encoding field). Every input must give an answer: no crash or UB.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "http/internal/request_rules.hpp"

namespace {
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> values;
  while (!input.empty()) {
    const std::size_t end = input.find('\n');
    values.push_back(input.substr(0, end));
    if (end == std::string_view::npos) break;
    input.remove_prefix(end + 1);
  }
  if (!graphpost::http::internal::TransferEncodingAcceptable(values)) return 0;
  // Accepted means exactly one coding, "chunked": nothing else but separators may be there.
  std::string rest;
  for (std::string_view value : values) {
    for (char c : value) {
      if (c != ',' && !IsSpace(c)) rest += static_cast<char>(c | 0x20);
    }
  }
  if (!values.empty() && rest != "chunked") std::abort();
  return 0;
}
