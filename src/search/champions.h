// search/champions: matching a query through the champion lists `bahth compact` stores
// (schema/champions.h) instead of the whole index, when that provably gives the same results.
//
// An article in no list of the query's terms has, for each term, at most the share the list's
// bound says, so the query weighs it at most the query evaluated at those shares: the plan's
// bound. The match restricted to the listed articles (a term in no more articles than a list
// holds is listed whole) gives the full match's best k whenever its k-th weight is above that
// bound; the searcher then keeps it, and otherwise runs the full match. Collapsing is exact for
// the same reason: a group's best article above the bound is a candidate. docs/scaling.md,
// "Champion lists", has the derivation, including the bound of an OP_SYNONYM.
#ifndef BAHTH_SEARCH_CHAMPIONS_H_
#define BAHTH_SEARCH_CHAMPIONS_H_

#include <xapian.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "schema/champions.h"

namespace bahth::search {

/// The champion lists of one local database, as its header says they stand.
class ChampionLists {
 public:
  enum class State {
    absent,   // none stored (or an index from before them)
    stale,    // written since they were computed: not to be used
    usable,   // they hold for the database as it is
    damaged,  // the header is not one bahth wrote: problem() says what
  };

  /// Reads the header of `db`, which must be one local database and outlive this.
  explicit ChampionLists(const Xapian::Database& db);

  State state() const { return state_; }
  const std::string& problem() const { return problem_; }
  std::size_t limit() const { return header_.limit; }
  /// The BM25 parameters the lists were ordered and bounded by.
  const schema::Bm25Parameters& parameters() const { return header_.bm25; }
  /// Whether the lists hold for a query weighed with `bm25`: they were computed with it (a
  /// short query's, schema::kChampionBm25; a long query matches every article, and so does
  /// every query on an index whose lists were computed with other parameters).
  bool ranked_by(const schema::Bm25Parameters& bm25) const;

  /// `term`'s list, or none when it has none. Throws Error naming the term for a damaged one.
  std::optional<schema::ChampionList> list(const std::string& term) const;

 private:
  const Xapian::Database* db_;
  State state_ = State::absent;
  std::string problem_;
  schema::ChampionsHeader header_;
};

/// What a match through the lists needs, for one query.
struct ChampionPlan {
  // Every article listed for a weighted term of the query, in docid order.
  std::shared_ptr<const std::vector<Xapian::docid>> candidates;
  // The most the query can weigh an article that is not a candidate.
  double bound = 0;
  // Every article the query matches is a candidate (each term that decides the matches is
  // listed whole): the restricted match is the full one.
  bool complete = false;
  // Up to kMostListed candidates listed for the most of the query's terms (most first, then by
  // docid): those most likely to weigh most, matched alone by least_best_weight().
  std::vector<Xapian::docid> most_listed;
};

/// How many candidates ChampionPlan::most_listed holds at most. On 200,000 synthetic articles
/// the best of five was the best match, or within 3.5% of it, for 6 of the 7 listed queries of
/// three and four words of bench/queries.txt, matched alone in 0.03–0.22 ms (bench/HISTORY.md).
inline constexpr std::size_t kMostListed = 5;

/// The plan for `query` (as the searcher sets it on its Enquire), or none when this cannot bound
/// it: a weighted term in more articles than a list holds without a list, or
/// an operator whose weights it does not bound (a wildcard, a posting source, MatchAll, ...);
/// none either when the lists name more than eight lists' worth of articles (a long query of
/// frequent words), whose bound its best matches seldom clear.
/// REQUIRES: lists.state() == usable, and the query weighed with ranking_weight() of
/// lists.parameters(). Throws Error naming the term of a damaged list.
std::optional<ChampionPlan> plan_champion_match(const Xapian::Query& query,
                                                const Xapian::Database& db,
                                                const ChampionLists& lists);

/// `query` matching only the plan's candidates (weights unchanged).
Xapian::Query restricted_to_candidates(const Xapian::Query& query, const ChampionPlan& plan);

/// Whether the first `wanted` results of `restricted` (restricted_to_candidates' match, from
/// rank 0) are the first `wanted` of the full query's match, in the same order: the plan is
/// complete, or the `wanted`-th weight is above the bound.
bool proves_top(const Xapian::MSet& restricted, Xapian::doccount wanted, const ChampionPlan& plan);

/// How many of the first results of `restricted` (restricted_to_candidates' match, from rank 0)
/// are, in the same order, the full query's first: those weighing more than the bound (all of
/// them when the plan is complete). Any article weighing more is a candidate.
Xapian::doccount proven_ranks(const Xapian::MSet& restricted, const ChampionPlan& plan);

/// A weight the best match of `query` reaches: the best weight of plan.most_listed's articles
/// (those of them the query matches), matched alone under the searcher's BM25; none when it
/// matches none of them. Every match weighs at most the best, so the full match's best weighs at
/// least this. `bm25`: the parameters the query is weighed with (the lists').
std::optional<double> least_best_weight(const Xapian::Query& query, const ChampionPlan& plan,
                                        const Xapian::Database& db,
                                        const schema::Bm25Parameters& bm25);

/// When proves_top() fails: a weight the full query's first `wanted` results all reach, to cut its
/// match off at (Xapian::Enquire::set_cutoff). The restricted match's results are among the full
/// match's with the same weights, so its `wanted`-th weight is reached by `wanted` of the full
/// match's (collapsed: by `wanted` groups' best); a margin covers sums rounded in another order.
/// None when `restricted` has fewer than `wanted` results: nothing is known then.
std::optional<double> least_weight_of_top(const Xapian::MSet& restricted, Xapian::doccount wanted);

/// The BM25 weight of a term in `termfreq` of `documents` articles, per unit of share (Xapian's
/// BM25Weight::init under `bm25`): IDF × (k1 + 1) × the wqf part × `factor`.
double bm25_term_weight(double termfreq, double documents, double factor, Xapian::termcount wqf,
                        const schema::Bm25Parameters& bm25);

/// The factor of an OP_SCALE_WEIGHT node, which Xapian 1.4 does not expose but writes into the
/// node's description exactly; none when the description is not of that form.
std::optional<double> scale_factor(const Xapian::Query& node);

}  // namespace bahth::search

#endif  // BAHTH_SEARCH_CHAMPIONS_H_
