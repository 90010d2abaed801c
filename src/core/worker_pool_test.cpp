// WorkerPool: jobs run off the caller's thread, and the destructor finishes queued work.
#include "core/worker_pool.hpp"

#include <atomic>
#include <future>
#include <thread>

#include <gtest/gtest.h>

namespace graphpost {
namespace {

TEST(WorkerPoolTest, RunsAJobOnAnotherThread) {
  WorkerPool pool(2);
  std::promise<std::thread::id> ran;

  pool.Submit([&] { ran.set_value(std::this_thread::get_id()); });

  auto future = ran.get_future();
  ASSERT_EQ(future.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  EXPECT_NE(future.get(), std::this_thread::get_id());
}

TEST(WorkerPoolTest, DestructorFinishesEveryQueuedJob) {
  std::atomic<int> done{0};
  {
    WorkerPool pool(1);
    for (int i = 0; i < 100; ++i) pool.Submit([&] { ++done; });
  }

  EXPECT_EQ(done.load(), 100);
}

}  // namespace
}  // namespace graphpost
