// graph/internal/fake_token_provider.hpp — a TokenProvider for the Graph client's tests: hands out
// "token-1", then "token-2" after each Invalidate of the current token, or a scripted error.
// Records every Invalidate. Thread-safe.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "auth/token_provider.hpp"

namespace graphpost::graph::internal {

class FakeTokenProvider final : public auth::TokenProvider {
 public:
  [[nodiscard]] Result<auth::AccessToken> GetToken() override {
    std::lock_guard lock(mu_);
    ++get_count_;
    if (error_) return Fail(*error_);
    return auth::AccessToken{.value = Secret(Current())};
  }
  void Invalidate(const Secret& rejected) override {
    std::lock_guard lock(mu_);
    invalidated_.push_back(rejected.Reveal());
    if (rejected.Reveal() == Current()) ++generation_;
  }

  void FailWith(Error error) {
    std::lock_guard lock(mu_);
    error_ = std::move(error);
  }
  std::vector<std::string> invalidated() const {
    std::lock_guard lock(mu_);
    return invalidated_;
  }
  int get_count() const {
    std::lock_guard lock(mu_);
    return get_count_;
  }

 private:
  std::string Current() const { return "token-" + std::to_string(generation_); }

  mutable std::mutex mu_;
  int generation_ = 1;                    // Guarded by mu_.
  int get_count_ = 0;                     // Guarded by mu_.
  std::optional<Error> error_;            // Guarded by mu_.
  std::vector<std::string> invalidated_;  // Guarded by mu_.
};

}  // namespace graphpost::graph::internal
