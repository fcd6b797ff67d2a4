// Coordination: among the best matches of a search, articles that hold more of the query's
// distinct words rank above those that hold fewer, BM25 deciding within (issue 28). A query of
// OR'd words otherwise lets one word repeated many times outrank all the words together.
#ifndef BAHTH_SEARCH_COORDINATION_H_
#define BAHTH_SEARCH_COORDINATION_H_

#include <xapian.h>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace bahth::search {

/// Coordination applies to queries of two words or more. Up to this many, strictly (every match
/// holding more words ranks above one holding fewer), unless the query is a question
/// (question_frame.h). A longer query, or a question, is most often one that names words its
/// answer does not hold (ARCD's questions, 6 words on average, متى ولد زيدان؟ answered by
/// مواليد; a summary used to find its article, 23), where BM25's sum weighs the words better than
/// a count: strict tiers cost ARCD MRR@10 0.003 from three words and 0.009 over all queries, and
/// 0.0009 for two-word questions (with b 0.6, on both halves; issue 28, arcd2). There, only the
/// matches scoring at least kNearBestShare of the best are reordered by words held (chosen on
/// ARCD and the known-item set; bench/HISTORY.md, "Coordination").
inline constexpr std::size_t kStrictUpTo = 2;
inline constexpr double kNearBestShare = 0.85;

/// How many of the best BM25 matches coordination reorders. A match beyond them that holds more
/// words is not looked for, except to tell whether any article holds all the words
/// (CoordinatedPage::none_holds_all). A window of 1,000 doubled a short query's CPU time.
inline constexpr Xapian::doccount kCoordinationWindow = 100;

/// The distinct content words of a parsed query, each as the index terms that stand for it: the
/// word's term with its learned spelling variants, the user's synonyms and its transliterations
/// (one OP_SYNONYM node), or the index's words one edit away from an unknown word. Stopwords are
/// not in a parsed query; words the index does not hold at all are left out, since no article
/// can hold them; a word typed twice counts once. A multi-word synonym of several query words
/// (تنظيم الدولة الإسلامية: داعش) counts, where it matches, as each of those words.
class QueryWordSet {
 public:
  QueryWordSet() = default;

  /// The words of `query` as parse_query builds it: its matching side only (not the exact-word
  /// bonus that AND_MAYBE adds, what NOT excludes or a filter's terms). Wildcards and date
  /// ranges are not counted.
  /// `question`: the query reads as one (ParsedQuery::question).
  QueryWordSet(const Xapian::Query& query, const Xapian::Database& db, bool question = false);

  /// How many distinct words.
  std::size_t size() const;

  /// Whether coordination orders the matches strictly by words held: up to kStrictUpTo words, not
  /// a question.
  bool strict() const { return !question_ && size() <= kStrictUpTo; }

  /// How many of the words each of `docs` holds, in the order of `docs`.
  std::vector<std::size_t> held_by(const Xapian::Database& db,
                                   const std::vector<Xapian::docid>& docs) const;

  /// A query matching the articles that hold every word (MatchNothing for no words).
  Xapian::Query all_words() const;

  /// The words of the query that the index holds in no form (not as typed, through its stem,
  /// its spelling variants, the user's synonyms or a transliteration): each one's first term
  /// (its stem term, prefix and all), in the query's order. No article holds them, so they are
  /// not counted in size(); the user is told (SearchResults::missing_words).
  const std::vector<std::string>& absent_terms() const { return absent_; }

 private:
  // One way a word can be matched: all of these terms in the article (a phrase's words are
  // approximated by the words alone).
  using Alternative = std::vector<std::string>;
  struct Group {
    std::vector<Alternative> alternatives;
    Xapian::Query query;  // the node of the parsed query
    // The words that this group stands for as a multi-word synonym (indexes into groups_); a
    // group that stands for others is not a word of its own.
    std::vector<std::size_t> covers;
  };

  void collect(const Xapian::Query& node);
  void add(const Xapian::Query& node, std::vector<Alternative> alternatives);
  bool is_word(std::size_t group) const { return groups_[group].covers.empty(); }

  std::vector<Group> groups_;
  std::vector<std::string> absent_;
  bool question_ = false;
};

/// Whether coordination applies to a query of `words` distinct words (two or more).
bool coordinates(std::size_t words);

/// What coordination made of one page of results.
struct CoordinatedPage {
  // The page's matches, in the order to show them.
  std::vector<Xapian::MSetIterator> hits;
  std::size_t words = 0;      // the query's distinct words (0: coordination did not apply)
  std::size_t most_held = 0;  // the words the first result holds
  // True when no match holds every word and that is certain: every match was seen, or a search
  // for articles holding them all found none.
  bool none_holds_all = false;
};

/// The order of matches holding `held[i]` words each (the matches in BM25 order, best first):
/// most words first, BM25 order within.
std::vector<std::size_t> coordinated_order(const std::vector<std::size_t>& held);

/// How many of `mset`'s first matches (BM25 order, from rank 0) coordinate() reorders for a query
/// of `words`: its first kCoordinationWindow when strict(), else those of them scoring
/// kNearBestShare of the best; 0 when it does not coordinate.
std::size_t reordered_matches(const Xapian::MSet& mset, const QueryWordSet& words);

/// The page [first, first + size) of `mset` (fetched from rank 0, at least kCoordinationWindow
/// or first + size deep) with its first kCoordinationWindow matches (unless strict(), those of
/// them scoring kNearBestShare of the best) reordered by words held.
/// `any_holds_all` says whether any article the search matches holds every word: it is asked
/// only when no match of the window does and the window did not see every match. `held`, when
/// not empty, is how many words the first held.size() matches hold (QueryWordSet::held_by), as
/// the searcher counted them already to prove the page; the others are counted here.
CoordinatedPage coordinate(const Xapian::MSet& mset, const QueryWordSet& words,
                           const Xapian::Database& db, std::size_t first, std::size_t size,
                           bool saw_every_match, const std::function<bool()>& any_holds_all,
                           const std::vector<std::size_t>& held = {});

}  // namespace bahth::search

#endif  // BAHTH_SEARCH_COORDINATION_H_
