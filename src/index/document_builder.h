// Builds the Xapian document for one article: the analysis, term by term, as schema.h lays out.
#ifndef BAHTH_INDEX_DOCUMENT_BUILDER_H_
#define BAHTH_INDEX_DOCUMENT_BUILDER_H_

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

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

  /// From now on, gives Xapian no positions for the stems (add_term, the same wdf) and keeps
  /// them aside instead (positions()): a first build's part writes them into the position table
  /// (schema/position_table.h). No effect with `--stemmer none` (the words keep positions).
  void keep_positions_aside() { aside_ = stems_differ_; }

  /// The positions of the stems of the article last built, when kept aside: for each stem term,
  /// its length, its bytes, the length of its encoded positions and those
  /// (schema::encode_positions), varints; empty otherwise.
  std::string take_positions() { return std::exchange(aside_out_, {}); }

  /// The words of the title and body of the article last built, hashed, for its shingles
  /// (SignatureBuilder::shingles(): those index::article_shingles() makes of its stored text).
  const SignatureBuilder& signature_words() const { return signature_; }

  /// Stores the articles it builds compressed with `dictionary` (null: plain).
  void use_text_dictionary(std::shared_ptr<const schema::TextDictionary> dictionary,
                           schema::TextEffort effort = schema::TextEffort::full) {
    stored_.use(std::move(dictionary), effort);
  }

 private:
  // Indexes one part of the article; returns the position after its last word.
  Xapian::termpos index_text(std::string_view text, std::string_view prefix,
                             Xapian::termcount free_text_wdf, Xapian::termpos position,
                             Xapian::Document& doc);

  // Keeps `position` of the stem term `term` aside.
  void put_aside(const std::string& term, Xapian::termpos position);
  // Encodes the positions kept aside into aside_out_, and forgets them.
  void finish_aside();

  Analyzer analyzer_;
  bool stems_differ_;  // false for `none`: the stem terms would repeat the words
  TermStream terms_;
  std::string word_;
  std::string scratch_;
  std::size_t words_ = 0;       // words of the article being built
  SignatureBuilder signature_;  // of the title and body words (not captions)
  schema::StoredTextEncoder stored_;
  // The positions kept aside for the article being built: its stem terms (their bytes in
  // aside_bytes_, in the order met), an open-addressing table of them (index + 1, 0 empty; a
  // power of two, at most half full), and every (term, position) met, in order. Small and
  // cleared per article: a table of the whole vocabulary missed the cache at every word.
  struct AsideTerm {
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
    std::uint32_t count = 0;
  };
  bool aside_ = false;
  std::string aside_bytes_;
  std::vector<AsideTerm> aside_terms_;
  std::vector<std::uint32_t> aside_table_ = std::vector<std::uint32_t>(1024, 0);
  std::vector<std::pair<std::uint32_t, Xapian::termpos>> aside_hits_;
  std::vector<Xapian::termpos> aside_sorted_;
  std::string aside_out_;
};

}  // namespace bahth::index

#endif  // BAHTH_INDEX_DOCUMENT_BUILDER_H_
