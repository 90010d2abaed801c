// Fuzzes ParseAnswersToml: any input yields answers or an Error, never a crash; answers that parse
// are written by AnswersToToml and read back to the same file (the writer's escaping is complete),
// and ValidateAnswers runs on them without crashing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "setup/answers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace graphpost::setup;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto answers = ParseAnswersToml(text, "fuzz.toml");
  if (!answers) return 0;
  (void)ValidateAnswers(*answers);
  const std::string written = AnswersToToml(*answers);
  auto again = ParseAnswersToml(written, "written.toml");
  if (!again || AnswersToToml(*again) != written) std::abort();
  return 0;
}
