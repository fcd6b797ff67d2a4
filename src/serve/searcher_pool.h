// Searchers for the server's workers. A Xapian::Database is not safe to share between threads,
// so each request borrows a Searcher of its own (at most one per worker is ever created) and
// gives it back; a borrowed Searcher is moved to the newest commit at most once per interval, and
// at once after the server's own writer commits (invalidate()).
#ifndef BAHTH_SERVE_SEARCHER_POOL_H_
#define BAHTH_SERVE_SEARCHER_POOL_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "bahth/searcher.h"

namespace bahth::serve {

class SearcherPool {
 public:
  SearcherPool(std::vector<std::string> db_paths, std::chrono::milliseconds reopen_interval);

  struct Entry {
    std::unique_ptr<Searcher> searcher;
    std::chrono::steady_clock::time_point refreshed;
    std::uint64_t generation = 0;  // of the pool when it was opened or refreshed
  };

  /// A Searcher lent for one request; given back when the lease ends, unless discard() was called
  /// (after an index error, so the next request opens the index afresh).
  class Lease {
   public:
    Lease(SearcherPool& pool, Entry entry) : pool_(&pool), entry_(std::move(entry)) {}
    Lease(Lease&&) = default;
    ~Lease();
    const Searcher& operator*() const { return *entry_.searcher; }
    const Searcher* operator->() const { return entry_.searcher.get(); }
    void discard() { entry_.searcher.reset(); }

   private:
    SearcherPool* pool_;
    Entry entry_;
  };

  /// Throws IndexError when the index cannot be opened.
  Lease borrow();
  /// Thread-safe: the index has a new commit (the server's own writer made it): every Searcher
  /// moves to it when next borrowed, without waiting for the reopen interval.
  void invalidate() { generation_.fetch_add(1, std::memory_order_release); }
  /// How many times a Searcher was opened, and moved to the newest commit (for the metrics).
  std::uint64_t opens() const { return opens_.load(std::memory_order_relaxed); }
  std::uint64_t reopens() const { return reopens_.load(std::memory_order_relaxed); }

 private:
  std::vector<std::string> db_paths_;
  std::chrono::milliseconds reopen_interval_;
  std::mutex mutex_;
  std::vector<Entry> idle_;
  std::atomic<std::uint64_t> opens_{0};
  std::atomic<std::uint64_t> reopens_{0};
  std::atomic<std::uint64_t> generation_{0};
};

}  // namespace bahth::serve

#endif  // BAHTH_SERVE_SEARCHER_POOL_H_
