#include "searcher_pool.h"

#include <utility>

namespace bahth::serve {

SearcherPool::SearcherPool(std::vector<std::string> db_paths,
                           std::chrono::milliseconds reopen_interval)
    : db_paths_(std::move(db_paths)), reopen_interval_(reopen_interval) {}

SearcherPool::Lease::~Lease() {
  if (!entry_.searcher) return;
  const std::lock_guard lock(pool_->mutex_);
  pool_->idle_.push_back(std::move(entry_));
}

SearcherPool::Lease SearcherPool::borrow() {
  Entry entry;
  {
    const std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      entry = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  const auto now = std::chrono::steady_clock::now();
  // Read before opening or refreshing: a commit made meanwhile still counts as unseen.
  const std::uint64_t generation = generation_.load(std::memory_order_acquire);
  if (!entry.searcher) {
    entry.searcher = std::make_unique<Searcher>(db_paths_);
    entry.refreshed = now;
    entry.generation = generation;
    opens_.fetch_add(1, std::memory_order_relaxed);
  } else if (now - entry.refreshed >= reopen_interval_ || entry.generation != generation) {
    // Searches reopen by themselves on DatabaseModifiedError; this makes commits visible to a
    // Searcher that has not met one yet.
    entry.searcher->refresh();
    entry.refreshed = now;
    entry.generation = generation;
    reopens_.fetch_add(1, std::memory_order_relaxed);
  }
  return Lease(*this, std::move(entry));
}

}  // namespace bahth::serve
