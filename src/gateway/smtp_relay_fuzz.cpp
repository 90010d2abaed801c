// libFuzzer target for the text form of smtp.relay ("CIDR=conn,@domain;CIDR=conn"): any bytes
// either parse to ranges that each name a connection and read back the same from their own
// rendering, or fail with kInvalidArgument; never crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "gateway/gateway_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  using namespace graphpost::gateway;
  auto ranges = ParseRelayRanges(text);
  if (!ranges) {
    if (ranges.error().code != graphpost::ErrorCode::kInvalidArgument) std::abort();
    return 0;
  }
  for (const auto& r : *ranges) {
    if (r.connections.empty()) std::abort();
  }
  auto again = ParseRelayRanges(FormatRelayRanges(*ranges));
  if (!again || *again != *ranges) std::abort();
  return 0;
}
