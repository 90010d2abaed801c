// http/internal/connection_slots.hpp — counts a server's open connections against its cap, with a
// small second budget for connections that are being refused politely (503), so that a flood
// past the cap costs a bounded number of sockets. A Slot is held by its connection and gives its
// place back when destroyed. Thread-safe: Acquire() and Slot release may run on any thread; the
// ConnectionSlots outlives every Slot.
#pragma once

#include <atomic>
#include <cstddef>
#include <utility>

namespace graphpost::http::internal {

class ConnectionSlots {
 public:
  enum class Kind { kServe, kRefuse, kNone };

  class Slot {
   public:
    Slot() = default;
    Slot(Slot&& other) noexcept
        : owner_(std::exchange(other.owner_, nullptr)), kind_(other.kind_) {}
    Slot& operator=(Slot&& other) noexcept {
      if (this != &other) {
        Release();
        owner_ = std::exchange(other.owner_, nullptr);
        kind_ = other.kind_;
      }
      return *this;
    }
    ~Slot() { Release(); }
    // kServe: serve the connection; kRefuse: answer 503 and close; kNone: close at once.
    Kind kind() const { return owner_ == nullptr ? Kind::kNone : kind_; }

   private:
    friend class ConnectionSlots;
    Slot(ConnectionSlots* owner, Kind kind) : owner_(owner), kind_(kind) {}
    void Release() {
      if (owner_ == nullptr) return;
      (kind_ == Kind::kServe ? owner_->serving_ : owner_->refusing_).fetch_sub(1);
      owner_ = nullptr;
    }
    ConnectionSlots* owner_ = nullptr;
    Kind kind_ = Kind::kNone;
  };

  ConnectionSlots(std::size_t max_serving, std::size_t max_refusing)
      : max_serving_(max_serving), max_refusing_(max_refusing) {}

  // A serving slot while fewer than max_serving are held, else a refusing slot while fewer than
  // max_refusing are, else none.
  Slot Acquire() {
    if (serving_.fetch_add(1) < max_serving_) return Slot(this, Kind::kServe);
    serving_.fetch_sub(1);
    if (refusing_.fetch_add(1) < max_refusing_) return Slot(this, Kind::kRefuse);
    refusing_.fetch_sub(1);
    return Slot();
  }

  // Slots held now (serving and refusing).
  std::size_t open() const { return serving_.load() + refusing_.load(); }

 private:
  const std::size_t max_serving_;
  const std::size_t max_refusing_;
  std::atomic<std::size_t> serving_{0};
  std::atomic<std::size_t> refusing_{0};
};

}  // namespace graphpost::http::internal
