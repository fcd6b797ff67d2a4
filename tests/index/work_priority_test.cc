// The write side of a live index runs below searches for the CPU (bahth/work_priority.h), and a
// thread is never raised by lowering it.
#include "bahth/work_priority.h"

#include <gtest/gtest.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <thread>

namespace bahth {
namespace work_priority_test {
namespace {

ThreadScheduling scheduling_after(WorkPriority priority) {
  ThreadScheduling seen;
  std::thread([&] {
    lower_this_thread(priority);
    seen = this_thread_scheduling();
  }).join();
  return seen;
}

// A thread is never raised: where the tests themselves run below kWriteNice (`nice ctest`),
// the writer keeps their nice.
int expected_write_nice() { return std::max(kWriteNice, this_thread_scheduling().nice); }

TEST(WorkPriority, AWriterThreadRunsAsBatchAtTheWriteNice) {
  const ThreadScheduling seen = scheduling_after(WorkPriority::write);
  EXPECT_EQ(seen.policy, SCHED_BATCH);
  EXPECT_EQ(seen.nice, expected_write_nice());
}

TEST(WorkPriority, OnlyTheCallingThreadIsLowered) {
  const ThreadScheduling before = this_thread_scheduling();
  scheduling_after(WorkPriority::write);
  const ThreadScheduling after = this_thread_scheduling();
  EXPECT_EQ(after.policy, before.policy);
  EXPECT_EQ(after.nice, before.nice);
}

TEST(WorkPriority, ThreadsStartedLaterInheritItAndAreNeverRaised) {
  ThreadScheduling child;
  ThreadScheduling lowest;
  std::thread([&] {
    lower_this_thread(WorkPriority::write);
    std::thread([&] { child = this_thread_scheduling(); }).join();
    // A thread already below the writer (nice 19, as `nice -n 19 bahth serve` starts it) stays.
    ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 19);
    std::thread([&] {
      lower_this_thread(WorkPriority::write);
      lowest = this_thread_scheduling();
    }).join();
  }).join();
  EXPECT_EQ(child.policy, SCHED_BATCH);
  EXPECT_EQ(child.nice, expected_write_nice());
  EXPECT_EQ(lowest.policy, SCHED_BATCH);
  EXPECT_EQ(lowest.nice, 19);
}

}  // namespace
}  // namespace work_priority_test
}  // namespace bahth
