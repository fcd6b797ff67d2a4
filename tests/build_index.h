// Builds a small index for a test, the way `bahth index` does.
#ifndef BAHTH_TESTS_BUILD_INDEX_H_
#define BAHTH_TESTS_BUILD_INDEX_H_

#include <string>
#include <vector>

#include "bahth/article.h"
#include "bahth/indexer.h"

namespace bahth::testing {

/// `threads` as IndexOptions::threads (0: one per core, a bulk build on several).
inline void build_index(const std::string& path, const std::vector<Article>& articles,
                        StemmerKind stemmer = StemmerKind::light, unsigned threads = 0) {
  IndexOptions options;
  options.db_path = path;
  options.stemmer = stemmer;
  options.threads = threads;
  Indexer indexer(options);
  indexer.add(articles);
  indexer.finish();
}

}  // namespace bahth::testing

#endif  // BAHTH_TESTS_BUILD_INDEX_H_
