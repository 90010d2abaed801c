// libFuzzer target: the $batch body parser must never crash, hang or read out of bounds, and
// whatever it accepts must hold at most 20 acyclic requests that can be turned into requests.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sandbox/graph/batch_request.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace graphpost::sandbox::graph;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto items = ParseBatch(input);
  if (!items) return 0;
  if (items->empty() || items->size() > kMaxBatchRequests) std::abort();
  graphpost::http::Request batch;
  batch.headers.Set("Authorization", "Bearer x");
  for (const auto& item : *items) {
    for (std::size_t dep : item.depends_on) {
      if (dep >= items->size()) std::abort();
    }
    (void)InnerRequest(item, batch);
    (void)IsNestedBatch(item.url);
  }
  return 0;
}
