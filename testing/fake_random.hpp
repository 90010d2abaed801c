// testing/fake_random.hpp — deterministic Random: a counter-based byte stream, and Uniform()
// returning scripted values (or lo when the script is empty). Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>

#include "core/random.hpp"

namespace graphpost::testing {

class FakeRandom final : public Random {
 public:
  std::string Bytes(std::size_t size) override {
    std::lock_guard lock(mu_);
    std::string out(size, '\0');
    for (auto& c : out) c = static_cast<char>(counter_++ * 37 + 11);
    return out;
  }
  std::uint64_t Uniform(std::uint64_t lo, std::uint64_t hi) override {
    std::lock_guard lock(mu_);
    if (script_.empty()) return lo;
    std::uint64_t v = script_.front();
    script_.pop_front();
    return v < lo ? lo : (v > hi ? hi : v);
  }
  void PushUniform(std::uint64_t v) {
    std::lock_guard lock(mu_);
    script_.push_back(v);
  }

 private:
  std::mutex mu_;
  std::uint64_t counter_ = 0;         // Guarded by mu_.
  std::deque<std::uint64_t> script_;  // Guarded by mu_.
};

}  // namespace graphpost::testing
