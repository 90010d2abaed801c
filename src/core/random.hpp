// core/random.hpp — the only source of randomness (ids, secrets, jitter). SystemRandom draws from
// the kernel CSPRNG (getrandom), so its bytes are fit for secrets. Implementations are thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace graphpost {

class Random {
 public:
  virtual ~Random() = default;
  // Fills `size` random bytes.
  virtual std::string Bytes(std::size_t size) = 0;
  // Uniform integer in [lo, hi]; requires lo <= hi.
  virtual std::uint64_t Uniform(std::uint64_t lo, std::uint64_t hi) = 0;
};

class SystemRandom final : public Random {
 public:
  std::string Bytes(std::size_t size) override;
  std::uint64_t Uniform(std::uint64_t lo, std::uint64_t hi) override;
};

}  // namespace graphpost
