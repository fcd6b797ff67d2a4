// "Did you mean": corrections of misspelled Arabic words from the words the index holds.
#ifndef BAHTH_SEARCH_DID_YOU_MEAN_H_
#define BAHTH_SEARCH_DID_YOU_MEAN_H_

#include <xapian.h>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bahth/analyzer.h"
#include "bahth/stemmers.h"
#include "parsed_query.h"

namespace bahth::search {

/// A replacement for one word and what it costs to get there: 0.5 for a letter swapped with a
/// letter people confuse (ض/ظ, ذ/ز, د/ذ, ت/ط, س/ص, ث/س, ه/ت, ح/ه, hamza and its seats), 1 for
/// any other one-letter edit (a letter dropped, added, replaced, or two neighbours swapped), and
/// the edit distance for Xapian's own suggestion.
struct WordCandidate {
  std::string word;
  double cost = 0;
  Xapian::doccount frequency = 0;  // documents that contain the word
};

/// True when `a` and `b` (normalized) are one word with different prefixes: the conjunctions
/// و ف, the prepositions ب ك ل and the article ال (لل after ل), in that order, any of them left
/// out, with at least two letters left. Such a change finds what the query finds: no correction.
bool differ_by_prefix_only(std::string_view a, std::string_view b);

class WordLookups;

/// Words of the index within one edit of `word` (normalized), or Xapian's spelling suggestion,
/// best first: cheapest edit, then the most frequent. Leaves out words that differ from `word`
/// by a prefix only, or have its stem. Each candidate costs one term lookup. Three-letter words
/// get confusions only, words under seven letters one edit; longer ones two (Xapian's
/// suggestion) when `allow_two_edits`, asked of `lookups`' spelling_db() (`db` with the spelling
/// overlays of its databases, store/spelling_overlay.h), or of `db` without lookups.
std::vector<WordCandidate> spelling_candidates(std::string_view word, const Xapian::Database& db,
                                               const Analyzer& analyzer, bool allow_two_edits,
                                               WordLookups* lookups = nullptr);

/// Shortest word (in letters) that near_spelling_terms() looks at: shorter words have too many
/// neighbours one edit away that are other words. 4 rather than 5: ARCD MRR@10 +0.0006 on both
/// halves of its questions, the known-item checks unchanged (bench/HISTORY.md).
inline constexpr std::size_t kMinNearSpellingLetters = 4;

/// Most index words one query word may also match through near_spelling_terms().
inline constexpr std::size_t kMaxNearSpellings = 3;

/// An index word one edit from a query word the index lacks, and the term that finds it.
struct NearSpelling {
  std::string word;  // as the index holds it (normalized)
  std::string term;  // its stem term, or the word itself
  bool operator==(const NearSpelling&) const = default;
};

/// For a query word (normalized) that the index does not hold at all, as written or through
/// its stem: its best spelling_candidates() one edit away (a transliterated name spelled one
/// letter differently: توجو/توغو), at most kMaxNearSpellings, each with the term that finds
/// it: when `stemmed`, its stem term if that stem is within one edit of the query word's stem
/// (the slip is in the stem), else the word as written (حمدون for حمدوك, not its stem حمد: a
/// shorter stem is every word that has it). Empty for a known word, one shorter than
/// kMinNearSpellingLetters, or a Latin-letter one (is_latin_name_part: a name, which
/// transliteration.h matches its own way). Whether the index knows the word is asked through
/// `lookups` (the query's own).
std::vector<NearSpelling> near_spelling_terms(std::string_view word, WordLookups& lookups,
                                              bool stemmed);

/// A word the index holds in at most this many documents may still be a misspelling...
inline constexpr Xapian::doccount kRareWordMaxDocuments = 20;

/// Index documents per document a misspelling may reach before the word counts as frequent.
inline constexpr Xapian::doccount kDocumentsPerSlip = 500;

/// Most documents (by WordLookups::commonness()) a word of an index of `documents` documents may
/// be in and still be corrected: one in kDocumentsPerSlip, at least 1 and at most
/// kRareWordMaxDocuments (reached at 10,000 documents). A slip recurs in proportion to the text
/// written, so what is rare must grow with the index: on the two corpora (30,758 articles) 20
/// is what was measured (bench/HISTORY.md), while on a sample of a hundred articles a word in
/// three of them is one its writers use, and "correcting" it would hide them. Above this a word
/// is frequent and is never corrected.
Xapian::doccount rare_word_limit(Xapian::doccount documents);

/// ...of a word with one long vowel (ا و ي) more that is in at least this many times as many
/// documents: خشقجي (6 articles) of خاشقجي (335).
inline constexpr double kRareWordRatio = 20;

/// The query's words as the index holds them, each stemmed and looked up once however many
/// checks of suggest_correction() ask about it (is it known, how rare, which term finds it):
/// asking the index again is what made the checks cost milliseconds on long queries.
class WordLookups {
 public:
  /// `spelling`: where Xapian's spelling suggestion is asked (spelling_candidates()) when not
  /// `db` itself (null: `db`), called the first time it is needed (opening the spelling
  /// overlays is for the few queries that get that far); what it returns must outlive the
  /// lookups.
  WordLookups(const Xapian::Database& db, const Analyzer& analyzer,
              std::function<const Xapian::Database*()> spelling = {})
      : db_(db), analyzer_(analyzer), spelling_(std::move(spelling)) {}

  /// True when the index holds `word` (normalized), as it is or through its stem.
  bool known(std::string_view word);

  /// The documents that hold `word` as written.
  Xapian::doccount documents(std::string_view word);

  /// How common `word` is for the rare-word check: a word no article holds as written counts as
  /// one article although the index knows its stem (الانتخبات, through انتخب); one that some
  /// article holds counts its stem's articles too, as the query finds them all (عصبة is not
  /// عصابة).
  Xapian::doccount commonness(std::string_view word);

  /// The index term that finds a known word: its stem term when the index holds it, else the
  /// word.
  std::string search_term(std::string_view word);

  const Xapian::Database& db() const { return db_; }
  const Xapian::Database& spelling_db();

  /// How the index's articles write `word` (normalized; a correction's word), e.g. مدرسة for
  /// مدرسه, so that a correction is shown as a reader writes it; empty when unknown. Asked of
  /// the function given to set_written_forms() (the searcher reads stored articles; none here).
  std::string written_form(std::string_view word) const {
    return written_forms_ ? written_forms_(word) : std::string();
  }
  void set_written_forms(std::function<std::string(std::string_view)> written_forms) {
    written_forms_ = std::move(written_forms);
  }
  const Analyzer& analyzer() const { return analyzer_; }

 private:
  struct Entry {
    std::string stem_term;  // the word's stem, with the stem prefix
    Xapian::doccount exact = 0;
    Xapian::doccount through_stem = 0;
    bool stem_looked_up = false;
  };
  Entry& entry(std::string_view word);
  Entry& with_stem(std::string_view word);

  const Xapian::Database& db_;
  const Analyzer& analyzer_;
  std::function<const Xapian::Database*()> spelling_;
  const Xapian::Database* spelling_db_ = nullptr;  // once asked
  std::function<std::string(std::string_view)> written_forms_;
  std::map<std::string, Entry, std::less<>> entries_;
};

/// For a word the index holds in at most rare_word_limit() documents (by
/// WordLookups::commonness()) and of four letters or more: the words with one long vowel put back
/// that are at least kRareWordRatio times as common, best first. Empty for most words; costs no
/// lookup beyond `lookups` for a common or short word.
std::vector<WordCandidate> rare_word_corrections(std::string_view word, WordLookups& lookups);

/// Puts first the candidates found in most documents together with all of `context` (index terms
/// of the query's other words): سوريا next to الانتخبات means الانتخابات. Ties keep the order of
/// spelling_candidates(); with no context, or when no candidate meets it, nothing moves.
void prefer_in_context(std::vector<WordCandidate>& candidates,
                       const std::vector<std::string>& context, const Xapian::Database& db);

/// Longest query, in words, that suggest_correction() looks at; longer ones get no suggestion.
inline constexpr std::size_t kMaxWordsToCorrect = 32;

/// A spelling-corrected form of `query` (read by read_query(), whose WordLookups it shares), as
/// the user typed it but for the letters corrected (correction_display.h), or empty when every
/// word is known to the index (as written or through its stem) and none is a rare slip of a far
/// more common word, or no close word is. An unknown word is replaced by its best
/// spelling_candidates(), a rare known one by its best rare_word_corrections() (did_you_mean.h),
/// ranked again by the query's other words when there are several: never by the same word with
/// a prefix such as ال added or dropped, nor a Latin-letter word (is_latin_name_part: a name,
/// which transliteration.h matches). Costs one or two term lookups a common word, about three
/// a letter more for a rare one and a few hundred for an unknown one, so the searcher asks on
/// every query. Corrections two letters away are only offered when `query_found_nothing`.
/// Whether the corrected query finds anything is for the caller to check (query_builder.h's
/// finds_anything()), which owns the parsing.
std::string suggest_correction(const ParsedQuery& query, const Xapian::Database& db,
                               const Analysis& analysis, bool query_found_nothing);

/// A correction of a whole query and whether to search it in place of the query typed.
struct QueryCorrection {
  std::string text;  // the corrected query, shown_correction(); empty when there is none
  // True when the correction may be searched instead of the query: every word it replaces is
  // in at most rare_word_limit() documents, each replacement in more documents than that limit
  // and one edit away; a rare word's is a long vowel put back (rare_word_corrections()), an
  // unknown word's (four letters or more) its only candidate, through a confusion, a long
  // vowel or a neighbouring key (costing under 1).
  bool confident = false;
};

/// suggest_correction(), telling also whether the correction is confident enough to search.
QueryCorrection correct_query(const ParsedQuery& query, const Xapian::Database& db,
                              const Analysis& analysis, bool query_found_nothing);

}  // namespace bahth::search

#endif  // BAHTH_SEARCH_DID_YOU_MEAN_H_
