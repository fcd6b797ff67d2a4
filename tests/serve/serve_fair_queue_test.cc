// The workers' queue is fair between clients (bounded_queue.h): a client beyond its share of
// waiting requests is refused (429) with a Retry-After, the workers take a light client's request
// before a heavy one's, and a full queue makes room for a light client by pushing out the newest
// request of the client with the most waiting. One worker, held by a job that waits for the test,
// so every order below is decided by the queue, not by timing.
#include <gtest/gtest.h>

#include <ctime>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "serve/bounded_queue.h"

namespace bahth::serve {
namespace serve_fair_queue_test {
namespace {

// Spins until this thread has used a millisecond of CPU.
void burn_cpu() {
  const auto cpu = [] {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
  };
  const double start = cpu();
  while (cpu() - start < 0.001) {
  }
}

// Records the order jobs ran and the jobs refused, and holds the one worker until released.
class FairQueueTest : public ::testing::Test {
 protected:
  QueuedJob job(const std::string& name) {
    return {[this, name] {
              const std::lock_guard lock(mutex);
              ran.push_back(name);
            },
            [this, name](int retry_after) {
              const std::lock_guard lock(mutex);
              refused.push_back(name);
              EXPECT_GE(retry_after, 1);
            }};
  }

  // Occupies the worker until release() (the job is counted to `client`).
  void hold_worker(BoundedQueue& queue, const std::string& client) {
    std::promise<void> started;
    int retry = 0;
    ASSERT_EQ(queue.try_submit(client,
                               {[this, &started] {
                                  started.set_value();
                                  release_signal.get_future().wait();
                                  burn_cpu();  // so the holder's client has used the worker
                                },
                                {}},
                               retry),
              Admission::queued);
    started.get_future().wait();
  }
  void release() { release_signal.set_value(); }

  std::vector<std::string> ran_so_far() {
    const std::lock_guard lock(mutex);
    return ran;
  }

  std::mutex mutex;
  std::vector<std::string> ran;
  std::vector<std::string> refused;
  std::promise<void> release_signal;
};

TEST_F(FairQueueTest, AClientBeyondItsShareIsToldWhenToRetry) {
  BoundedQueue queue(1, 100, 3, 1);
  hold_worker(queue, "flood");
  int retry = 0;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(queue.try_submit("flood", job("flood"), retry), Admission::queued);
  }
  retry = 0;
  EXPECT_EQ(queue.try_submit("flood", job("flood"), retry), Admission::client_full);
  EXPECT_GE(retry, 1);
  // Another client is not held to the flood's share.
  EXPECT_EQ(queue.try_submit("polite", job("polite"), retry), Admission::queued);
  release();
  queue.shutdown();
}

TEST_F(FairQueueTest, ALightClientGoesBeforeAHeavyOnesBacklog) {
  BoundedQueue queue(1, 100, 50, 1);
  hold_worker(queue, "flood");
  int retry = 0;
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(queue.try_submit("flood", job("flood"), retry), Admission::queued);
  }
  ASSERT_EQ(queue.try_submit("polite", job("polite"), retry), Admission::queued);
  release();
  while (ran_so_far().size() < 21) std::this_thread::yield();
  // The flood's running job counts against it: the polite client's request runs first, not
  // after the 20 that came before it.
  EXPECT_EQ(ran_so_far().front(), "polite");
  queue.shutdown();
}

TEST_F(FairQueueTest, AFullQueueMakesRoomForALightClient) {
  BoundedQueue queue(1, 4, 100, 1);
  hold_worker(queue, "flood");
  int retry = 0;
  for (int i = 0; i < 4; ++i) {
    ASSERT_EQ(queue.try_submit("flood", job("flood " + std::to_string(i)), retry),
              Admission::queued);
  }
  // Full: the flood's newest request gives way (refused, so it is answered 429).
  EXPECT_EQ(queue.try_submit("polite", job("polite"), retry), Admission::queued);
  EXPECT_EQ(refused, std::vector<std::string>{"flood 3"});
  // The flood itself cannot push out its own requests, nor can a client holding as many.
  EXPECT_EQ(queue.try_submit("flood", job("flood 4"), retry), Admission::full);
  EXPECT_EQ(queue.waiting(), 4U);
  release();
  while (ran_so_far().size() < 4) std::this_thread::yield();
  EXPECT_EQ(ran_so_far().front(), "polite");
  queue.shutdown();
}

// Two workers, one per client: while the flood holds one, its next request waits and the other
// worker stays free for another client's.
TEST_F(FairQueueTest, AClientHoldsNoMoreWorkersThanItsShare) {
  BoundedQueue queue(2, 100, 100, 1);
  hold_worker(queue, "flood");
  int retry = 0;
  ASSERT_EQ(queue.try_submit("flood", job("flood"), retry), Admission::queued);
  ASSERT_EQ(queue.try_submit("polite", job("polite"), retry), Admission::queued);
  while (ran_so_far().empty()) std::this_thread::yield();
  EXPECT_EQ(ran_so_far(), std::vector<std::string>{"polite"});
  EXPECT_EQ(queue.waiting(), 1U);  // the flood's second, until its first ends
  release();
  while (ran_so_far().size() < 2) std::this_thread::yield();
  EXPECT_EQ(ran_so_far().back(), "flood");
  queue.shutdown();
}

TEST_F(FairQueueTest, IdleClientsAreForgottenSoTheTableStaysBounded) {
  BoundedQueue queue(1, 100'000, 10, 1);
  int retry = 0;
  for (int i = 0; i < 20'000; ++i) {
    ASSERT_NE(queue.try_submit("client " + std::to_string(i), job("x"), retry),
              Admission::client_full);
    while (queue.waiting() > 0) std::this_thread::yield();
  }
  while (ran_so_far().size() < 20'000) std::this_thread::yield();
  EXPECT_LE(queue.clients_known(), 4097U);
  queue.shutdown();
}

}  // namespace
}  // namespace serve_fair_queue_test
}  // namespace bahth::serve
