// core/server_gate.hpp — lets answers that arrive on any thread (deferred HTTP responses, SMTP
// port callbacks) reach a server's connections only while the server runs: the server closes the
// gate before it stops its I/O threads, so an answer arriving later is dropped instead of touching
// a destroyed io_context. Shared (shared_ptr) with every pending answer, which may outlive the
// server. Thread-safe.
#pragma once

#include <mutex>

namespace graphpost {

class ServerGate {
 public:
  // Runs `post` under the gate's lock unless the gate is closed.
  template <class F>
  void RunIfOpen(F&& post) {
    std::lock_guard lock(mu_);
    if (!closed_) post();
  }
  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
  }

 private:
  std::mutex mu_;
  bool closed_ = false;  // Guarded by mu_.
};

}  // namespace graphpost
