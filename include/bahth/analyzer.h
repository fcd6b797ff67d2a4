// bahth/analyzer.h: Arabic text analysis — normalize, tokenize, stem.
//
// The same chain runs on documents at index time and on queries at search time, so a word finds
// the documents that contain any of its surface forms. Each stage can be called alone; that is
// what `bahth analyze --stage` shows. This module knows nothing of Xapian or of files.
#ifndef BAHTH_ANALYZER_H_
#define BAHTH_ANALYZER_H_

#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint32_t
#include <functional>   // std::function
#include <memory>       // std::shared_ptr
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <vector>       // std::vector

namespace bahth {

// ---------------------------------------------------------------------------------------------
// Normalization

/// Appends the normalized form of UTF-8 `text` to `out`.
///
/// Rules (each has its own tests): Unicode NFKC with case folding; removal of harakat and Quranic
/// marks (U+064B–U+065F, U+0670, U+06D6–U+06ED), tatweel and bidi/zero-width format characters;
/// أ إ آ ٱ → ا, ى → ي, ة → ه, Persian/Urdu ی ک ہ → ي ك ه; Arabic-Indic and Eastern Arabic-Indic
/// digits → 0–9; Arabic comma, semicolon, question mark and decimal/thousands separators → their
/// ASCII counterparts. Spaces and other punctuation are kept, so a whole query can be normalized.
/// Invalid UTF-8 bytes become U+FFFD. Never throws for any input.
void normalize_append(std::string_view text, std::string& out);

/// Returns the normalized form of `text` (see normalize_append).
std::string normalize(std::string_view text);

/// Version of the normalization rules; changes whenever an index built before must be rebuilt.
inline constexpr std::string_view kNormalizerVersion = "norm1";

// ---------------------------------------------------------------------------------------------
// Tokenization

/// Splits UTF-8 text into words, reporting byte offsets into the text.
///
/// A word is a run of letters, combining marks, digits and in-word format characters (ZWNJ,
/// bidi marks). A '.', ',', '٫' or '٬' between two digits stays inside the number (3.4, 1,000); an
/// apostrophe between two letters stays inside the word (don't). Everything else — spaces,
/// punctuation including Arabic ، ؛ ؟ « », symbols, invalid bytes — separates words.
/// Usage: `for (WordTokenizer t(text); t.next();) use(t.word());`
class WordTokenizer {
 public:
  explicit WordTokenizer(std::string_view text) : text_(text) {}

  /// Advances to the next word. Returns false when there is none left.
  bool next();

  std::size_t begin() const { return begin_; }  // byte offset of the current word
  std::size_t end() const { return end_; }      // one past its last byte
  std::string_view word() const { return text_.substr(begin_, end_ - begin_); }

 private:
  std::string_view text_;
  std::size_t cursor_ = 0;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
};

/// `word` without its format characters (Unicode category Cf: U+200B, ZWNJ, bidi controls such
/// as U+202E), which the normalizer drops too: the word as `analyze --stage tokens` shows it.
std::string without_format_chars(std::string_view word);

// ---------------------------------------------------------------------------------------------
// Stemming

/// Which stemmer ends the chain. `snowball` is Xapian's Snowball Arabic and is built by
/// bahth::Analysis (bahth/stemmers.h; this module does not link Xapian); the other two live here.
enum class StemmerKind { light, snowball, none };

/// "light", "snowball" or "none".
std::string_view to_string(StemmerKind kind);

/// Parses "light", "snowball" or "none". Throws UsageError naming the bad value otherwise.
StemmerKind parse_stemmer_kind(std::string_view name);

/// Turns one normalized word into the term that is indexed. Implementations are immutable and
/// safe to share between threads.
class WordStemmer {
 public:
  virtual ~WordStemmer() = default;
  /// Replaces `word` (normalized UTF-8, no spaces) with its stem; the result is never empty.
  virtual void stem(std::string& word) const = 0;
  /// A name and version, e.g. "light3+lex1"; stored in the database to detect a change of analysis.
  virtual std::string name() const = 0;
  /// True if the stemmer only cuts affixes, and rewrites no letter but the ل of لل that stands
  /// for the article's ال (للصين → الصين): then a word holds what is left of its stem without
  /// that ا (substring_of_words(), src/analysis/word_prefilter.h), which lets a caller that
  /// looks for given stems skip words that cannot hold one of them without stemming those words.
  virtual bool stems_are_substrings() const { return false; }
};

/// bahth's own light stemmer for Arabic (src/analysis/light_stemmer.cc documents each rule).
std::shared_ptr<const WordStemmer> make_light_stemmer();

/// Leaves words as they are (the `none` baseline: normalization only).
std::shared_ptr<const WordStemmer> make_null_stemmer();

/// True if `normalized_word` is a base word of the light stemmer's lexicon: a word of Debian's
/// Arabic dictionary (hunspell-ar) or an ICU place name, rather than a name or loanword only the
/// corpora hold. The spelling-variant learner pairs only words that are not.
bool is_dictionary_word(std::string_view normalized_word);

/// True if `normalized_word` is an Arabic or English function word (list in
/// data/stopwords-ar.txt, normalized the same way as text). Used at query time only.
bool is_stopword(std::string_view normalized_word);

// ---------------------------------------------------------------------------------------------
// The whole chain

/// One word of the input after analysis. The string_views are valid until the next call to
/// TermStream::next() or until the TermStream is destroyed.
struct Term {
  std::string_view surface;     // the word as written in the input
  std::size_t offset = 0;       // byte offset of `surface` in the input
  std::string_view normalized;  // after normalization
  std::string_view stem;        // after stemming: what is indexed (empty when stemming is
                                // on demand: see TermStream::stem())
  std::uint32_t position = 0;   // word number in the input, from 0
};

/// normalize → tokenize → stem, with the stemmer chosen at construction. Cheap to copy; safe to
/// share between threads (all state of a pass lives in TermStream).
class Analyzer {
 public:
  /// REQUIRES: stemmer != nullptr.
  explicit Analyzer(std::shared_ptr<const WordStemmer> stemmer);

  /// The analyzer for `kind` when it lives in this module. Throws UsageError for `snowball`
  /// (bahth::Analysis, in bahth/stemmers.h, builds every kind).
  static Analyzer make(StemmerKind kind);

  /// Name and version of the whole chain, e.g. "norm1+light3+lex1": recorded in every database.
  std::string name() const;

  const WordStemmer& stemmer() const { return *stemmer_; }

  /// Convenience for tests and the CLI: the stems of every word of `text`, in order.
  std::vector<std::string> stems(std::string_view text) const;

 private:
  std::shared_ptr<const WordStemmer> stemmer_;
};

/// Walks the terms of one text. Reuse one stream (reset()) for many texts to avoid allocation.
/// With Stemming::on_demand, term().stem stays empty and stem() computes it for the current
/// term only: a caller that needs the stems of a few words (snippets) skips the rest.
/// Words longer than kMaxWordBytes after normalization are skipped: Xapian refuses terms over
/// 245 bytes, and no Arabic or English word comes near the limit (such runs are base64, hashes).
class TermStream {
 public:
  static constexpr std::size_t kMaxWordBytes = 120;

  enum class Stemming { every_word, on_demand };

  explicit TermStream(const Analyzer& analyzer, std::string_view text = {},
                      Stemming stemming = Stemming::every_word);

  /// Starts over on a new text; positions restart at 0.
  void reset(std::string_view text);

  /// Advances to the next term. Returns false at the end of the text.
  bool next();

  const Term& term() const { return term_; }

  /// The stem of the current term (computed now with Stemming::on_demand, at most once).
  std::string_view stem();

  /// Skips the surface words for which `keep` returns false before normalizing them (they take
  /// no position): for a caller that looks for a few words only, such as snippets. An empty
  /// function keeps every word.
  void set_word_filter(std::function<bool(std::string_view surface)> keep) {
    keep_word_ = std::move(keep);
  }

 private:
  bool next_piece();

  const Analyzer* analyzer_;
  std::string_view text_;
  WordTokenizer words_;
  std::string normalized_;        // normalized form of the current surface word
  std::size_t piece_cursor_ = 0;  // where the next piece of normalized_ starts
  std::string stem_;
  Term term_;
  std::uint32_t next_position_ = 0;
  Stemming stemming_;
  bool stemmed_ = false;  // stem_ holds the current term's stem
  std::function<bool(std::string_view)> keep_word_;
};

}  // namespace bahth

#endif  // BAHTH_ANALYZER_H_
