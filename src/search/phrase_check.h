// search/phrase_check: phrases and NEAR matched on an index's position table
// (schema/position_table.h) instead of Xapian's position lists.
//
// A compacted index keeps its stems' positions in bahth's table, not Xapian's, and Xapian 1.4
// would match a phrase there as the AND of its words. Each OP_PHRASE and OP_NEAR node of a query is
// rewritten for such an index as OP_FILTER(OP_AND(its subqueries), PositionCheck): the AND gives
// the same matches' candidates and the same weights as the phrase (Xapian weighs a phrase as the
// AND of its terms), and PositionCheck, a weightless PostingSource, accepts a candidate when the
// positions of its terms hold the phrase, with Xapian's own rules (an exact phrase, an ordered
// window, NEAR's unordered one). It reads them in docid order, a cursor per term over the table's
// chunks, as Xapian reads a posting list; an article Xapian has positions for (written since the
// compaction, or of a database without a table) is read from Xapian.
#ifndef BAHTH_SEARCH_PHRASE_CHECK_H_
#define BAHTH_SEARCH_PHRASE_CHECK_H_

#include <xapian.h>

#include <optional>
#include <string>
#include <vector>

#include "schema/position_table.h"

namespace bahth::search {

/// What a phrase or NEAR node asks of an article's positions.
struct PositionalPattern {
  /// The terms of each place of the phrase, in order; any of a place's terms fills it (the words
  /// of a synonym or of a word's variants).
  std::vector<std::vector<std::string>> places;
  Xapian::termpos window = 0;
  bool ordered = true;  // OP_PHRASE: in order; OP_NEAR: any order
};

/// The pattern of an OP_PHRASE or OP_NEAR node whose subqueries are terms or ORs / synonyms of
/// terms; none for any other node.
std::optional<PositionalPattern> positional_pattern(const Xapian::Query& node);

/// Whether `positions` (each place's positions, sorted, without repeats) hold a phrase of that
/// many places within `window` (in order when `ordered`), as Xapian 1.4's phrase and NEAR
/// matching decide it.
bool positions_match(const std::vector<std::vector<Xapian::termpos>>& positions,
                     Xapian::termpos window, bool ordered);

/// Accepts the articles whose positions hold one of its patterns, or that hold one of its
/// terms; weightless. Meant to filter the AND of a pattern's words (or a synonym holding
/// phrases): it reads the positions of the pattern's terms of each candidate it is asked about.
class PositionCheck final : public Xapian::PostingSource {
 public:
  explicit PositionCheck(std::vector<PositionalPattern> patterns,
                         std::vector<std::string> terms = {});

  void init(const Xapian::Database& db) override;
  Xapian::doccount get_termfreq_min() const override { return 0; }
  // A share of the articles: the filtered AND's estimate is then Xapian's own for the phrase.
  Xapian::doccount get_termfreq_est() const override { return doccount_ / estimate_divisor_; }
  Xapian::doccount get_termfreq_max() const override { return doccount_; }
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool check(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return at_end_; }
  Xapian::docid get_docid() const override { return current_; }
  PositionCheck* clone() const override { return new PositionCheck(patterns_, terms_); }
  std::string get_description() const override;

  /// Whether article `did` holds the pattern.
  bool holds(Xapian::docid did);

 private:
  // Moves to the first article from `from` on that holds the pattern (only when driving the
  // match, which its estimate makes Xapian avoid).
  void advance_from(Xapian::docid from);
  // Fills positions_ (per place) with the article's positions of wanted_: Xapian's when it has
  // them, else the table's.
  void read_positions(Xapian::docid did);

  // Whether the article holds one of terms_.
  bool holds_a_term(Xapian::docid did);

  std::vector<PositionalPattern> patterns_;
  std::vector<std::string> terms_;
  std::vector<Xapian::PostingIterator> term_postings_;  // one per terms_, moving forward
  std::vector<std::size_t> first_place_;                // of each pattern, in positions_
  std::vector<std::string> wanted_;  // every term of the patterns, sorted, without repeats
  std::vector<std::vector<std::size_t>> places_of_;  // wanted_[i] fills these places
  Xapian::Database db_;
  Xapian::doccount doccount_ = 0;
  // Xapian 1.4 estimates an exact phrase at a quarter of its AND, a window or NEAR at half.
  Xapian::doccount estimate_divisor_ = 1;
  Xapian::docid last_docid_ = 0;
  bool xapian_positions_ = false;
  std::vector<schema::PositionCursor> cursors_;  // one per wanted_, when the table is there
  Xapian::docid current_ = 0;
  bool at_end_ = false;
  std::vector<std::vector<Xapian::termpos>> positions_;  // per place of every pattern
  std::vector<std::vector<Xapian::termpos>> one_pattern_;
  std::vector<Xapian::termpos> scratch_;
};

/// `query` with every OP_PHRASE and OP_NEAR node it can reach (through the operators that can be
/// rebuilt and OP_SCALE_WEIGHT) checked by PositionCheck, when `db` has a position table (its
/// first database, or any of them inside a PositionChecksFor);
/// `query` itself otherwise. A synonym holding phrases (a Latin name's spellings, a user's
/// synonym) cannot hold a PostingSource in Xapian 1.4: it is kept, its phrases matched as ANDs,
/// and filtered by a PositionCheck of its members, so it matches what it matched with Xapian's
/// positions; its weights are those of the ANDs (Xapian gives a phrase in a synonym the least
/// wdf of its terms, and an AND their sum).
Xapian::Query with_position_checks(const Xapian::Query& query, const Xapian::Database& db);

/// While one lives on a thread, with_position_checks() leaves queries as they are: a search that
/// reaches remote shards (xapian-tcpsrv) cannot hold a PostingSource of bahth's, which Xapian's
/// server does not know, so phrases are left to Xapian (shards keep Xapian positions).
class PositionChecksOff {
 public:
  explicit PositionChecksOff(bool off);
  ~PositionChecksOff();
  PositionChecksOff(const PositionChecksOff&) = delete;
  PositionChecksOff& operator=(const PositionChecksOff&) = delete;

 private:
  bool was_;
};

/// While one lives on a thread, with_position_checks() rewrites a query when `any_table` (a
/// search over several databases knows whether any of them has a table; Xapian's metadata is
/// the first database's).
class PositionChecksFor {
 public:
  explicit PositionChecksFor(bool any_table);
  ~PositionChecksFor();
  PositionChecksFor(const PositionChecksFor&) = delete;
  PositionChecksFor& operator=(const PositionChecksFor&) = delete;

 private:
  std::optional<bool> was_;
};

/// enquire.set_query(with_position_checks(query, db)): every search of the index goes through it.
void set_positional_query(Xapian::Enquire& enquire, const Xapian::Database& db,
                          const Xapian::Query& query);

}  // namespace bahth::search

#endif  // BAHTH_SEARCH_PHRASE_CHECK_H_
