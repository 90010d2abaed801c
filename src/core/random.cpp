#include "core/random.hpp"

#include <cassert>
#include <cstring>
#include <limits>

#include <sys/random.h>

namespace graphpost {

std::string SystemRandom::Bytes(std::size_t size) {
  std::string out(size, '\0');
  std::size_t done = 0;
  while (done < size) {
    ssize_t n = getrandom(out.data() + done, size - done, 0);
    if (n > 0) done += static_cast<std::size_t>(n);
  }
  return out;
}

std::uint64_t SystemRandom::Uniform(std::uint64_t lo, std::uint64_t hi) {
  assert(lo <= hi);
  const std::uint64_t span = hi - lo;
  if (span == std::numeric_limits<std::uint64_t>::max()) {
    std::uint64_t v;
    std::memcpy(&v, Bytes(8).data(), 8);
    return v;
  }
  // Rejection sampling avoids modulo bias.
  const std::uint64_t range = span + 1;
  const std::uint64_t limit =
      std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % range;
  for (;;) {
    std::uint64_t v;
    std::memcpy(&v, Bytes(8).data(), 8);
    if (v < limit) return lo + v % range;
  }
}

}  // namespace graphpost
