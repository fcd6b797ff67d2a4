#include "variant_relearner.h"

#include <utility>

#include "bahth/work_priority.h"

namespace bahth::index {

VariantRelearner::VariantRelearner(const Analysis& analysis, std::function<void()> learned)
    : analysis_(analysis), learned_(std::move(learned)) {}

VariantRelearner::~VariantRelearner() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void VariantRelearner::start(const std::function<Xapian::Database()>& open_index,
                             std::size_t changes_at_start) {
  if (thread_.joinable()) thread_.join();  // the last learn's thread, done (!busy())
  Xapian::Database snapshot = open_index();
  reading_.stop_requested = [this] { return stopping_.load(); };
  reading_.open_reader = open_index;
  {
    const std::lock_guard lock(mutex_);
    running_ = true;
  }
  thread_ = std::thread([this, snapshot = std::move(snapshot), changes_at_start]() mutable {
    // Nobody waits for a learn (its pairs are stored at a later commit): it takes only CPU time
    // that searches and the writer leave, and so does its second thread, which inherits this.
    lower_this_thread(WorkPriority::background);
    learn(snapshot, changes_at_start);
  });
}

void VariantRelearner::learn(const Xapian::Database& snapshot, std::size_t changes_at_start) {
  Learned learned{{}, changes_at_start};
  std::exception_ptr error;
  try {
    learned.pairs = learn_spelling_variants(snapshot, analysis_, reading_);
  } catch (const VariantLearnStopped&) {  // the writer is closing: nobody takes the pairs
    const std::lock_guard lock(mutex_);
    running_ = false;
    return;
  } catch (...) {
    error = std::current_exception();
  }
  {
    const std::lock_guard lock(mutex_);
    running_ = false;
    if (error) {
      error_ = error;
    } else {
      result_ = std::move(learned);
    }
  }
  if (learned_) learned_();
}

bool VariantRelearner::busy() const {
  const std::lock_guard lock(mutex_);
  return running_ || result_ || error_;
}

bool VariantRelearner::ready() const {
  const std::lock_guard lock(mutex_);
  return !running_ && (result_ || error_);
}

std::optional<VariantRelearner::Learned> VariantRelearner::take() {
  const std::lock_guard lock(mutex_);
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  return std::exchange(result_, std::nullopt);
}

}  // namespace bahth::index
