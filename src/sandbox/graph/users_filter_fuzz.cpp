// libFuzzer target: the GET /users $filter parser must never crash, hang or read out of bounds,
// and whatever it accepts must evaluate without trouble.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sandbox/graph/users_filter.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace graphpost::sandbox::graph;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto filter = ParseUsersFilter(input);
  if (filter) {
    UserAddresses user{"id", "a@b.c", "a@b.c", {"SMTP:a@b.c", "smtp:x@y.z"}};
    (void)MatchesUsersFilter(*filter, user, true);
    (void)filter->NeedsAdvancedQuery();
  }
  return 0;
}
