// The server's workers: a fixed number of threads taking connections from a bounded queue.
#ifndef BAHTH_SERVE_BOUNDED_QUEUE_H_
#define BAHTH_SERVE_BOUNDED_QUEUE_H_

#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace bahth::serve {

/// httplib's TaskQueue with a bound: enqueue() (the accepting thread) waits while `hard_limit`
/// connections are queued, so memory stays bounded and the kernel's backlog holds the rest.
/// waiting() tells handlers how long the queue is, so they can shed load with 503 first.
class BoundedQueue final : public httplib::TaskQueue {
 public:
  BoundedQueue(std::size_t threads, std::size_t hard_limit);
  ~BoundedQueue() override;
  void enqueue(std::function<void()> job) override;
  void shutdown() override;
  std::size_t waiting() const { return waiting_.load(std::memory_order_relaxed); }

 private:
  void work();

  std::size_t hard_limit_;
  std::mutex mutex_;
  std::condition_variable has_job_;
  std::condition_variable has_room_;
  std::deque<std::function<void()>> jobs_;
  std::atomic<std::size_t> waiting_{0};
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace bahth::serve

#endif  // BAHTH_SERVE_BOUNDED_QUEUE_H_
