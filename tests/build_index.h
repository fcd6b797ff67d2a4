// Builds a small index for a test, the way `bahth index` does.
#ifndef BAHTH_TESTS_BUILD_INDEX_H_
#define BAHTH_TESTS_BUILD_INDEX_H_

#include <string>
#include <vector>

#include "bahth/article.h"
#include "bahth/indexer.h"

namespace bahth::testing {

inline void build_index(const std::string& path, const std::vector<Article>& articles,
                        StemmerKind stemmer = StemmerKind::light) {
  IndexOptions options;
  options.db_path = path;
  options.stemmer = stemmer;
  Indexer indexer(options);
  indexer.add(articles);
  indexer.finish();
}

}  // namespace bahth::testing

#endif  // BAHTH_TESTS_BUILD_INDEX_H_
