// Writes articles into one Xapian database: looks each up by id, analyses the new and changed
// ones (on several threads if asked), and adds or replaces them. The Indexer runs one of these
// on the index itself, or, for a first bulk build, several in parallel on temporary parts.
#ifndef BAHTH_INDEX_DATABASE_WRITER_H_
#define BAHTH_INDEX_DATABASE_WRITER_H_

#include <xapian.h>

#include <cstddef>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bahth/indexer.h"
#include "document_builder.h"

namespace bahth::index {

class DatabaseWriter {
 public:
  /// REQUIRES: analysis_threads >= 1.
  DatabaseWriter(Xapian::WritableDatabase db, StemmerKind stemmer, unsigned analysis_threads);

  /// Adds, replaces or skips articles[i] for each i in `which`, setting outcomes[i].
  /// REQUIRES: outcomes.size() == articles.size().
  void add(const std::vector<Article>& articles, const std::vector<std::size_t>& which,
           std::vector<IndexOutcome>& outcomes);

  /// Makes each word's spelling frequency equal its document frequency (see the .cc).
  void sync_spelling();

  Xapian::WritableDatabase& db() { return db_; }
  const IndexCounts& counts() const { return counts_; }

 private:
  // What the writer knows about one article before any analysis is done.
  struct Pending {
    std::size_t index = 0;  // into the articles
    std::string id_term;
    std::string hash;
    bool existing = false;  // the id is in the database or earlier in the same batch
    bool unchanged = false;
    Xapian::Document doc;
  };

  void look_up(const Article& article, Pending& pending,
               std::unordered_map<std::string, std::string>& batch_hashes);
  void build_range(std::size_t builder, const std::vector<Article>& articles,
                   std::vector<Pending>& pending, std::size_t first, std::size_t last);
  void build_all(const std::vector<Article>& articles, std::vector<Pending>& pending);
  IndexOutcome write(Pending& pending);
  std::vector<std::pair<std::string, Xapian::doccount>> spelling_vocabulary();

  Xapian::WritableDatabase db_;
  std::vector<DocumentBuilder> builders_;  // one per analysis thread
  IndexCounts counts_;
};

}  // namespace bahth::index

#endif  // BAHTH_INDEX_DATABASE_WRITER_H_
