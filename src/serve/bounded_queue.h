// The server's workers: a fixed number of threads running searches from a bounded queue, so the
// event loop that reads and writes connections never waits on Xapian.
#ifndef BAHTH_SERVE_BOUNDED_QUEUE_H_
#define BAHTH_SERVE_BOUNDED_QUEUE_H_

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "bahth/non_copyable.h"

namespace bahth::serve {

/// A thread pool whose queue holds at most `limit` jobs: try_submit() refuses beyond that, and
/// the caller answers 503 at once instead of letting work (and memory) pile up.
class BoundedQueue : NonCopyable {
 public:
  BoundedQueue(std::size_t threads, std::size_t limit);
  ~BoundedQueue();

  /// Queues `job`; false (and `job` dropped) when `limit` jobs are already waiting or the pool
  /// is shut down.
  bool try_submit(std::function<void()> job);
  /// Drops the jobs not started (their requests go unanswered: the server has stopped) and joins
  /// the threads once the running ones end. Idempotent.
  void shutdown();
  std::size_t waiting() const { return waiting_.load(std::memory_order_relaxed); }

 private:
  void work();

  std::size_t limit_;
  std::mutex mutex_;
  std::condition_variable has_job_;
  std::deque<std::function<void()>> jobs_;
  std::atomic<std::size_t> waiting_{0};
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace bahth::serve

#endif  // BAHTH_SERVE_BOUNDED_QUEUE_H_
