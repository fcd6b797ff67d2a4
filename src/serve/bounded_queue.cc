#include "bounded_queue.h"

#include <utility>

namespace bahth::serve {

BoundedQueue::BoundedQueue(std::size_t threads, std::size_t limit) : limit_(limit) {
  threads_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
}

BoundedQueue::~BoundedQueue() { shutdown(); }

bool BoundedQueue::try_submit(std::function<void()> job) {
  {
    const std::lock_guard lock(mutex_);
    if (stopping_ || jobs_.size() >= limit_) return false;
    jobs_.push_back(std::move(job));
    waiting_.store(jobs_.size(), std::memory_order_relaxed);
  }
  has_job_.notify_one();
  return true;
}

void BoundedQueue::shutdown() {
  std::deque<std::function<void()>> dropped;
  {
    const std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    dropped.swap(jobs_);
    waiting_.store(0, std::memory_order_relaxed);
  }
  has_job_.notify_all();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
}

void BoundedQueue::work() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      has_job_.wait(lock, [this] { return !jobs_.empty() || stopping_; });
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
      waiting_.store(jobs_.size(), std::memory_order_relaxed);
    }
    job();
  }
}

}  // namespace bahth::serve
