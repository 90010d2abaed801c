// setup/cmdlet_table_fuzz.cpp — libFuzzer target: arbitrary bytes as the markdown table and as a
// PowerShell script. Neither function may crash, hang or read out of bounds; a parsed table must
// hold only Verb-Noun rows, and every use found must have a line within the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "setup/cmdlet_table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto table = graphpost::setup::ParseCmdletTable(text);
  if (table) {
    for (const auto& [name, syntax] : *table) {
      if (name.find('-') == std::string::npos || syntax.reference.rfind("https://", 0) != 0) {
        std::abort();
      }
    }
  }
  int lines = 1;
  for (char c : text) lines += c == '\n' ? 1 : 0;
  for (const auto& use : graphpost::setup::FindCmdletUses(text)) {
    if (use.line < 1 || use.line > lines || use.cmdlet.empty()) std::abort();
  }
  if (table) (void)graphpost::setup::CheckScript(text, *table);
  return 0;
}
