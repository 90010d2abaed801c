// libFuzzer target for the CIDR and address parsers: any bytes either parse to a range that holds
// its own network address, or fail with kInvalidArgument; never crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "smtp/access/cidr.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  using namespace graphpost::smtp::access;
  if (auto range = ParseCidr(text)) {
    if (!range->Contains(range->network) || range->prefix < 0 || range->prefix > 128) std::abort();
  } else if (range.error().code != graphpost::ErrorCode::kInvalidArgument) {
    std::abort();
  }
  if (auto address = ParseIpAddress(text)) {
    (void)address->IsLoopback();
  }
  return 0;
}
