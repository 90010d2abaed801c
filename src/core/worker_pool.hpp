// core/worker_pool.hpp — a few threads for blocking or slow work kept off an event loop (the
// delivery engine's token requests and large messages, SMTP AUTH's Argon2id verification).
// Thread-safe. The destructor stops taking work, finishes what is queued and joins the threads.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace graphpost {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Runs `job` on one of the pool's threads, in FIFO order of submission.
  void Submit(std::function<void()> job);

 private:
  void Run(const std::stop_token& stop);

  std::mutex mu_;
  std::condition_variable_any cv_;
  std::deque<std::function<void()>> jobs_;  // Guarded by mu_.
  std::vector<std::jthread> threads_;
};

}  // namespace graphpost
