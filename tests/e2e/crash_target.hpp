// tests/e2e/crash_target.hpp — for the gateway crash tests: the running gateway's address (a new
// one after each restart), shared by the submitting clients, and the events they and the killer
// wait on: a new gateway listening (its generation), and one more message accepted. `Address` is
// the HTTP base URL or the SMTP port. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <utility>

namespace graphpost::testing {

template <class Address>
class CrashTarget {
 public:
  void Set(Address address) {
    {
      std::lock_guard lock(mu_);
      address_ = std::move(address);
      ++generation_;
    }
    changed_.notify_all();
  }
  // The current address and its generation.
  std::pair<Address, int> Get() {
    std::lock_guard lock(mu_);
    return {address_, generation_};
  }
  // Waits until a gateway newer than `generation` listens, or `wait` has passed (the same gateway
  // may answer 503 for a moment without being replaced).
  void WaitNewerThan(int generation, std::chrono::milliseconds wait) {
    std::unique_lock lock(mu_);
    changed_.wait_for(lock, wait, [&] { return generation_ > generation; });
  }
  void CountAccepted() {
    {
      std::lock_guard lock(mu_);
      ++accepted_;
    }
    changed_.notify_all();
  }
  int accepted() {
    std::lock_guard lock(mu_);
    return accepted_;
  }
  // Waits until `count` messages were accepted, or until `deadline`.
  void WaitAccepted(int count, std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mu_);
    changed_.wait_until(lock, deadline, [&] { return accepted_ >= count; });
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  Address address_{};   // Guarded by mu_.
  int generation_ = 0;  // Guarded by mu_.
  int accepted_ = 0;    // Guarded by mu_.
};

}  // namespace graphpost::testing
