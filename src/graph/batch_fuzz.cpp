// libFuzzer target: reading a $batch answer must never crash, hang or read out of bounds.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "graph/batch.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace graphpost::graph;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto answers = ParseBatchAnswer(input);
  if (answers && !answers->empty()) (void)FindAnswer(*answers, answers->front().id);
  return 0;
}
