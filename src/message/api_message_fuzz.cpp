// Fuzzes ParseApiMessage with the round-trip property: whatever parses must re-parse from its
// canonical JSON to the same value, and that JSON must be a fixed point. Anything else aborts.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "message/api_message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto parsed = graphpost::message::ParseApiMessage(text);
  if (!parsed) {
    if (parsed.error().empty()) std::abort();  // a failure must name at least one field
    return 0;
  }
  const std::string canonical = graphpost::message::ToCanonicalJson(*parsed);
  auto again = graphpost::message::ParseApiMessage(canonical);
  if (!again || !(*again == *parsed)) std::abort();
  if (graphpost::message::ToCanonicalJson(*again) != canonical) std::abort();
  return 0;
}
