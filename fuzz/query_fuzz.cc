// Fuzz target: arbitrary query strings through the whole search path on a small index built
// once. A query may be refused (UsageError), never crash or fail otherwise.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "bahth/error.h"
#include "bahth/indexer.h"
#include "bahth/searcher.h"
#include "bahth/utf8.h"

namespace {

const bahth::Searcher& searcher() {
  // In a folder of its own: the store keeps its lock file beside the index (never removed), and
  // removing the folder at exit removes both (a lock file per run was left in /tmp before).
  static const std::string folder = "/tmp/bahth-fuzz-" + std::to_string(::getpid());
  static const std::string path = folder + "/index";
  static const bahth::Searcher instance = [] {
    std::filesystem::remove_all(folder);
    std::filesystem::create_directories(folder);
    bahth::IndexOptions options;
    options.db_path = path;
    options.threads = 1;
    bahth::Indexer indexer(options);
    indexer.add({bahth::Article{"a",
                                "",
                                "الولايات المتحدة والصين",
                                "2018-02-01",
                                "middleEast",
                                "قال وزير الخارجية إن الهجمات الإلكترونية مرفوضة عام ٢٠١٤.",
                                {}},
                 bahth::Article{"b",
                                "",
                                "Sony Pictures",
                                "",
                                "",
                                "شركة سوني بيكتشرز ألغت عرض الفيلم \"المقابلة\".",
                                {}}});
    indexer.finish();
    std::atexit([] { std::filesystem::remove_all(folder); });
    return bahth::Searcher({path});
  }();
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view query(reinterpret_cast<const char*>(data), size);
  if (!bahth::is_valid_utf8(query)) return 0;  // the CLI refuses invalid UTF-8 before this
  bahth::SearchOptions options;
  options.explain = size % 2 == 0;
  try {
    searcher().search(query, options);
  } catch (const bahth::UsageError&) {
    // a refused query, with a message: fine
  }
  return 0;
}
