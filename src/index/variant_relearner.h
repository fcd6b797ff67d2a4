// Relearns the spelling variants in a thread of its own, so that a writer that keeps the index
// open (`bahth serve`, `bahth index --watch`) never waits for a learn over the whole index (1 s
// of CPU at 30,000 articles, 13 s at 200,000): the writer starts a learn from its last commit,
// goes on writing, and stores the pairs learned at a later finish().
#ifndef BAHTH_INDEX_VARIANT_RELEARNER_H_
#define BAHTH_INDEX_VARIANT_RELEARNER_H_

#include <xapian.h>

#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "bahth/analyzer.h"
#include "bahth/non_copyable.h"
#include "variant_learner.h"

namespace bahth::index {

class VariantRelearner : NonCopyable {
 public:
  /// The pairs of one learn, and the writer's count of changes when it began.
  struct Learned {
    std::vector<StemPair> pairs;
    std::size_t changes_at_start = 0;
  };

  /// `analysis` must outlive the relearner. `learned`, if given, is called on the learner's
  /// thread each time a learn's pairs are ready for take().
  VariantRelearner(const Analysis& analysis, std::function<void()> learned);
  /// Stops a learn under way (within a few dozen articles read) and waits for its thread.
  ~VariantRelearner();

  /// Starts learning from `open_index()` (readers of the index's databases, opened here: at the
  /// writer's last commit), which a second thread of the learn calls again. The readers follow
  /// the writer's later commits as Xapian requires (variant_learner.h). REQUIRES: !busy().
  void start(const std::function<Xapian::Database()>& open_index, std::size_t changes_at_start);

  /// Whether a learn runs, or its pairs wait for take().
  bool busy() const;

  /// Whether a learn's pairs wait for take().
  bool ready() const;

  /// The pairs of the learn that ended, once; nullopt while one runs or when none ran. Throws
  /// what the learn threw (a Xapian error reading the index).
  std::optional<Learned> take();

 private:
  void learn(const Xapian::Database& snapshot, std::size_t changes_at_start);

  const Analysis& analysis_;
  std::function<void()> learned_;
  std::atomic<bool> stopping_{false};
  VariantReading reading_;
  mutable std::mutex mutex_;
  bool running_ = false;
  std::optional<Learned> result_;
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace bahth::index

#endif  // BAHTH_INDEX_VARIANT_RELEARNER_H_
