// Fuzzes the recipients CSV parser: any input yields a table or an Error naming file, line and
// column, never a crash; every parsed row has as many fields as the header.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bulk/recipients_csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto table = graphpost::bulk::ParseRecipients(text, "fuzz.csv");
  if (table) {
    for (const auto& row : table->rows) {
      if (row.fields.size() > table->columns.size() || row.email.empty()) std::abort();
    }
  } else if (table.error().message.rfind("fuzz.csv:", 0) != 0) {
    std::abort();
  }
  return 0;
}
