// smtp/server/internal/connection_registry.hpp — the open connections of one SmtpServer: admits a
// new one against the total and per-address caps, keeps it alive until it ends (a connection
// waiting for a port's answer has no pending I/O to hold it), and lets Stop() reach and await
// them all. Also counts the connections being refused, whose number is bounded separately.
// Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace graphpost::smtp::internal {

class Connection;

class ConnectionRegistry {
 public:
  enum class Admission { kAdmitted, kServerFull, kAddressFull, kStopping };

  ConnectionRegistry(std::size_t max_total, std::size_t max_per_address)
      : max_total_(max_total), max_per_address_(max_per_address) {}

  // Admits `connection` from `address` unless a cap is reached or Stop began.
  Admission Add(const std::shared_ptr<Connection>& connection, const std::string& address);
  // Forgets a connection that ended. Idempotent.
  void Remove(const Connection* connection, const std::string& address);

  // From now on Add() answers kStopping; returns the connections open now.
  std::vector<std::shared_ptr<Connection>> BeginStop();
  // Waits until no connection is open or `within` passed; true when none is.
  bool WaitEmpty(std::chrono::milliseconds within);
  // Drops the references to connections still open (the server's last step before its I/O
  // context goes).
  void Clear();

  std::size_t open() const;

  // The budget of connections answered "421 too many connections": a connection beyond it is
  // closed without an answer, so a flood costs a bounded number of sockets.
  bool TryStartRefusal();
  void EndRefusal();

 private:
  const std::size_t max_total_;
  const std::size_t max_per_address_;
  mutable std::mutex mu_;
  std::condition_variable emptied_;
  std::unordered_map<const Connection*, std::shared_ptr<Connection>> open_;  // Guarded by mu_.
  std::unordered_map<std::string, std::size_t> per_address_;                 // Guarded by mu_.
  std::size_t refusing_ = 0;                                                 // Guarded by mu_.
  bool stopping_ = false;                                                    // Guarded by mu_.
};

}  // namespace graphpost::smtp::internal
