// Builds the Xapian document for one article: the analysis, term by term, as schema.h lays out.
#ifndef BAHTH_INDEX_DOCUMENT_BUILDER_H_
#define BAHTH_INDEX_DOCUMENT_BUILDER_H_

#include <xapian.h>

#include <memory>
#include <string>
#include <string_view>

#include "bahth/analyzer.h"
#include "bahth/article.h"
#include "bahth/stemmers.h"
#include "minhash.h"
#include "schema/stored_text.h"

namespace bahth::index {

/// One per thread: it owns the analysis state it reuses from article to article.
class DocumentBuilder {
 public:
  explicit DocumentBuilder(const Analysis& analysis);

  /// The document for `article`, with `hash` as its content hash.
  Xapian::Document build(const Article& article, const std::string& hash);

  /// Stores the articles it builds compressed with `dictionary` (null: plain).
  void use_text_dictionary(std::shared_ptr<const schema::TextDictionary> dictionary) {
    stored_.use(std::move(dictionary));
  }

 private:
  // Indexes one part of the article; returns the position after its last word.
  Xapian::termpos index_text(std::string_view text, std::string_view prefix,
                             Xapian::termcount free_text_wdf, Xapian::termpos position,
                             Xapian::Document& doc);

  Analyzer analyzer_;
  bool stems_differ_;  // false for `none`: the stem terms would repeat the words
  TermStream terms_;
  std::string word_;
  std::string scratch_;
  std::size_t words_ = 0;       // words of the article being built
  SignatureBuilder signature_;  // of the title and body words (not captions)
  schema::StoredTextEncoder stored_;
};

}  // namespace bahth::index

#endif  // BAHTH_INDEX_DOCUMENT_BUILDER_H_
