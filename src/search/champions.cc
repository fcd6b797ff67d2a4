// Matching through the champion lists (champions.h).
#include "champions.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "bahth/error.h"
#include "phrase_check.h"
#include "ranking.h"
#include "schema/champions.h"

namespace bahth::search {
namespace {

// The most candidates (counted with repeats) worth matching through the lists: eight lists'
// worth, whatever the size of the index. On both corpora (30,758 articles, L = 1,000), the
// known-item set's summaries (23 words) listed most of the index, fell back for 332 of 500
// queries and took the CPU p95 from 12.3 to 40.4 ms without a limit. The bound sums every listed
// term's, so a query of many frequent words seldom clears it: an eighth of the index, once
// allowed as well, let الرئيس الأمريكي دونالد ترامب (13 lists) through at 1,000,000 articles, where
// its best match weighs less than the bound and it paid both matches (bench/HISTORY.md).
constexpr std::size_t kMostCandidateLists = 8;

// The candidates as a posting list, to filter the query by: Xapian skips to each in turn.
class CandidateSource final : public Xapian::PostingSource {
 public:
  explicit CandidateSource(std::shared_ptr<const std::vector<Xapian::docid>> ids)
      : ids_(std::move(ids)) {}
  Xapian::doccount get_termfreq_min() const override { return count(); }
  Xapian::doccount get_termfreq_est() const override { return count(); }
  Xapian::doccount get_termfreq_max() const override { return count(); }
  void init(const Xapian::Database&) override {
    at_ = 0;
    started_ = false;
  }
  void next(double) override {
    if (started_) ++at_;
    started_ = true;
  }
  void skip_to(Xapian::docid docid, double) override {
    started_ = true;
    const auto from = ids_->begin() + static_cast<std::ptrdiff_t>(at_);
    at_ = static_cast<std::size_t>(std::lower_bound(from, ids_->end(), docid) - ids_->begin());
  }
  bool at_end() const override { return at_ >= ids_->size(); }
  Xapian::docid get_docid() const override { return (*ids_)[at_]; }
  PostingSource* clone() const override { return new CandidateSource(ids_); }

 private:
  Xapian::doccount count() const { return static_cast<Xapian::doccount>(ids_->size()); }

  std::shared_ptr<const std::vector<Xapian::docid>> ids_;
  std::size_t at_ = 0;
  bool started_ = false;
};

// "Query(TERM)", "Query(TERM@POS)": a leaf of wqf 1 (Xapian adds "#WQF" otherwise).
bool has_unit_wqf(const Xapian::Query& leaf, const std::string& term) {
  const std::string description = leaf.get_description();
  const std::string start = "Query(" + term;
  if (!description.starts_with(start) || !description.ends_with(")")) return false;
  const std::string_view rest =
      std::string_view(description).substr(start.size(), description.size() - start.size() - 1);
  if (rest.empty()) return true;
  return rest.size() > 1 && rest[0] == '@' &&
         rest.substr(1).find_first_not_of("0123456789") == std::string_view::npos;
}

// What one term leaves outside the candidates: every article of a term listed whole is a
// candidate (share 0 outside); else the list's bound.
struct TermBound {
  double termfreq = 0;
  double share = 0;       // the largest share of an article that is not a candidate
  bool complete = false;  // every article holding the term is a candidate
};

// What a subtree can add, for an article that is not a candidate.
struct NodeBound {
  double weight = 0;
  bool complete = false;  // every article the subtree matches is a candidate
};

// What a member of an OP_SYNONYM can add to the synonym's wdf, per unit of the article's K:
// wdf / K <= share / (1 - share) for a term whose share is at most `share`.
struct WdfBound {
  double per_k = 0;
  bool complete = false;
};

class Planner {
 public:
  Planner(const Xapian::Database& db, const ChampionLists& lists)
      : db_(db),
        lists_(lists),
        documents_(db.get_doccount()),
        last_docid_(db.get_lastdocid()),
        most_candidates_(kMostCandidateLists * lists.limit()) {}

  std::optional<ChampionPlan> plan(const Xapian::Query& query) {
    const std::optional<NodeBound> root = weight_of(query, 1.0);
    if (!root || too_many_) return std::nullopt;
    ChampionPlan plan;
    plan.bound = root->weight;
    plan.complete = root->complete;
    plan.candidates = std::make_shared<const std::vector<Xapian::docid>>(candidates());
    plan.most_listed = most_listed(*plan.candidates);
    return plan;
  }

 private:
  std::optional<NodeBound> weight_of(const Xapian::Query& node, double factor) {
    if (factor == 0.0) return NodeBound{0.0, false};  // a filter: matches only, never weight
    switch (node.get_type()) {
      case Xapian::Query::LEAF_MATCH_NOTHING:
        return NodeBound{0.0, true};
      case Xapian::Query::LEAF_TERM: {
        const std::string term = *node.get_terms_begin();
        const std::optional<TermBound> bound = term_bound(term);
        if (!bound) return std::nullopt;
        const Xapian::termcount wqf = has_unit_wqf(node, term) ? 1 : 0;  // 0: the most it can be
        return NodeBound{
            bm25_term_weight(bound->termfreq, documents_, factor, wqf, lists_.parameters()) *
                bound->share,
            bound->complete};
      }
      case Xapian::Query::OP_SCALE_WEIGHT: {
        const std::optional<double> scale = scale_factor(node);
        if (!scale || !(*scale >= 0.0)) return std::nullopt;
        return weight_of(node.get_subquery(0), factor * *scale);
      }
      case Xapian::Query::OP_OR:
        return sum_of(node, factor, 0, /*complete_if_all=*/true);
      case Xapian::Query::OP_AND:
      case Xapian::Query::OP_PHRASE:
      case Xapian::Query::OP_NEAR:
        return sum_of(node, factor, 0, /*complete_if_all=*/false);
      case Xapian::Query::OP_AND_MAYBE: {
        // The first side decides the matches; every other side only adds weight.
        const std::optional<NodeBound> first = weight_of(node.get_subquery(0), factor);
        if (!first) return std::nullopt;
        const std::optional<NodeBound> others = sum_of(node, factor, 1, true);
        if (!others) return std::nullopt;
        return NodeBound{first->weight + others->weight, first->complete};
      }
      case Xapian::Query::OP_AND_NOT:
      case Xapian::Query::OP_FILTER:
        // Only the first side is weighted; the others only remove matches.
        return weight_of(node.get_subquery(0), factor);
      case Xapian::Query::OP_SYNONYM:
        return synonym_weight(node, factor);
      case Xapian::Query::OP_VALUE_RANGE:
      case Xapian::Query::OP_VALUE_GE:
      case Xapian::Query::OP_VALUE_LE:
        return NodeBound{0.0, false};  // matches without weight
      default:
        return std::nullopt;
    }
  }

  // The sum of the subqueries' bounds from `from` on; complete when all are (`complete_if_all`,
  // as for OR) or when any is (an AND: a match holds every side).
  std::optional<NodeBound> sum_of(const Xapian::Query& node, double factor, std::size_t from,
                                  bool complete_if_all) {
    NodeBound sum{0.0, complete_if_all};
    for (std::size_t i = from; i < node.get_num_subqueries(); ++i) {
      const std::optional<NodeBound> part = weight_of(node.get_subquery(i), factor);
      if (!part) return std::nullopt;
      sum.weight += part->weight;
      sum.complete =
          complete_if_all ? sum.complete && part->complete : sum.complete || part->complete;
    }
    return sum;
  }

  // Xapian weighs an OP_SYNONYM as one term: BM25 of the members' summed wdf W, with the
  // estimated frequency of their OR (at least the largest member's) and wqf 1. An article that
  // is not a candidate has W <= K × G, G the sum of the members' share / (1 - share), so its
  // share W / (K + W) <= G / (1 + G), whatever its length.
  std::optional<NodeBound> synonym_weight(const Xapian::Query& node, double factor) {
    double least_frequency = 0;
    WdfBound members{0.0, true};
    for (std::size_t i = 0; i < node.get_num_subqueries(); ++i) {
      const std::optional<WdfBound> member = wdf_of(node.get_subquery(i), least_frequency);
      if (!member) return std::nullopt;
      members.per_k += member->per_k;
      members.complete = members.complete && member->complete;
    }
    const double share = members.per_k / (1.0 + members.per_k);
    return NodeBound{
        bm25_term_weight(least_frequency, documents_, factor, 1, lists_.parameters()) * share,
        members.complete};
  }

  // A synonym member's wdf, per unit of K, for an article that is not a candidate: a term's by
  // its bound; a nested OR, AND, phrase or synonym's as the sum of its members' (Xapian gives
  // an OR or AND the sum of its members' wdf, a phrase at most that). `least_frequency` grows to
  // the frequency of every term whose articles the synonym's OR holds all of.
  std::optional<WdfBound> wdf_of(const Xapian::Query& node, double& least_frequency,
                                 bool or_reachable = true) {
    switch (node.get_type()) {
      case Xapian::Query::LEAF_MATCH_NOTHING:
        return WdfBound{0.0, true};
      case Xapian::Query::LEAF_TERM: {
        const std::optional<TermBound> bound = term_bound(*node.get_terms_begin());
        if (!bound) return std::nullopt;
        if (or_reachable) least_frequency = std::max(least_frequency, bound->termfreq);
        return WdfBound{bound->share / (1.0 - bound->share), bound->complete};
      }
      case Xapian::Query::OP_OR:
      case Xapian::Query::OP_SYNONYM:
      case Xapian::Query::OP_AND:
      case Xapian::Query::OP_PHRASE:
      case Xapian::Query::OP_NEAR: {
        const bool any_side =
            node.get_type() == Xapian::Query::OP_OR || node.get_type() == Xapian::Query::OP_SYNONYM;
        WdfBound sum{0.0, any_side};
        for (std::size_t i = 0; i < node.get_num_subqueries(); ++i) {
          const std::optional<WdfBound> member =
              wdf_of(node.get_subquery(i), least_frequency, or_reachable && any_side);
          if (!member) return std::nullopt;
          sum.per_k += member->per_k;
          sum.complete =
              any_side ? sum.complete && member->complete : sum.complete || member->complete;
        }
        return sum;
      }
      default:
        return std::nullopt;
    }
  }

  // A term's bound, its candidates added once.
  std::optional<TermBound> term_bound(const std::string& term) {
    if (const auto seen = terms_.find(term); seen != terms_.end()) return seen->second;
    TermBound bound;
    const Xapian::doccount frequency = db_.get_termfreq(term);
    bound.termfreq = frequency;
    if (frequency <= lists_.limit()) {
      for (auto p = db_.postlist_begin(term); p != db_.postlist_end(term); ++p) add(*p);
      bound.complete = true;
    } else {
      if (term.size() > schema::kMaxChampionTermBytes || !schema::is_weighted_term(term)) {
        return std::nullopt;
      }
      // A query of many frequent words (a summary used as the query) lists most of the index:
      // matching the lists would cost about the full match, and a fallback both.
      if (too_many_) return std::nullopt;
      const std::optional<schema::ChampionList> list = lists_.list(term);
      if (!list) return std::nullopt;
      for (Xapian::docid docid : list->docids) add(docid);
      bound.share = list->bound;
    }
    terms_.emplace(term, bound);
    return bound;
  }

  // One bit an article: the union of the lists without sorting them together; and how many
  // lists name it.
  void add(Xapian::docid docid) {
    const std::size_t word = docid / 64;
    if (word >= listed_.size()) {
      // Once, as a rule: the lists name no docid above the last.
      listed_.resize(std::max<std::size_t>(word, last_docid_ / 64) + 1, 0);
      times_listed_.resize(listed_.size() * 64, 0);
    }
    listed_[word] |= std::uint64_t{1} << (docid % 64);
    std::uint8_t& times = times_listed_[docid];
    if (times < UINT8_MAX) ++times;
    ++added_;
    too_many_ = too_many_ || added_ > most_candidates_;
  }

  std::vector<Xapian::docid> candidates() const {
    std::vector<Xapian::docid> ids;
    ids.reserve(added_);
    for (std::size_t word = 0; word < listed_.size(); ++word) {
      for (std::uint64_t bits = listed_[word]; bits != 0; bits &= bits - 1) {
        ids.push_back(static_cast<Xapian::docid>(word * 64 + std::countr_zero(bits)));
      }
    }
    return ids;
  }

  // The kMostListed of `ids` named by the most lists, most first, then by docid.
  std::vector<Xapian::docid> most_listed(const std::vector<Xapian::docid>& ids) const {
    std::vector<Xapian::docid> most;
    most.reserve(kMostListed + 1);
    const auto before = [&](Xapian::docid a, Xapian::docid b) {
      return times_listed_[a] > times_listed_[b] || (times_listed_[a] == times_listed_[b] && a < b);
    };
    for (Xapian::docid id : ids) {
      if (most.size() == kMostListed && !before(id, most.back())) continue;
      most.insert(std::upper_bound(most.begin(), most.end(), id, before), id);
      if (most.size() > kMostListed) most.pop_back();
    }
    return most;
  }

  const Xapian::Database& db_;
  const ChampionLists& lists_;
  double documents_;
  Xapian::docid last_docid_;
  std::map<std::string, TermBound> terms_;
  std::vector<std::uint64_t> listed_;
  std::vector<std::uint8_t> times_listed_;  // by docid
  std::size_t added_ = 0;
  std::size_t most_candidates_;
  bool too_many_ = false;
};

}  // namespace

ChampionLists::ChampionLists(const Xapian::Database& db) : db_(&db) {
  if (db.size() != 1) return;  // no revision to check them by
  const std::string value = db.get_metadata(std::string(schema::kMetaChampions));
  if (value.empty()) return;
  try {
    header_ = schema::decode_champions_header(value);
  } catch (const Error& e) {
    state_ = State::damaged;
    problem_ = e.what();
    return;
  }
  const bool holds =
      header_.revision == db.get_revision() && header_.documents == db.get_doccount() &&
      header_.total_length == db.get_total_length() && header_.last_docid == db.get_lastdocid();
  state_ = holds ? State::usable : State::stale;
}

bool ChampionLists::ranked_by(const schema::Bm25Parameters& bm25) const {
  const schema::Bm25Parameters& own = header_.bm25;
  return own.k1 == bm25.k1 && own.k2 == bm25.k2 && own.k3 == bm25.k3 && own.b == bm25.b &&
         own.min_normalized_length == bm25.min_normalized_length;
}

std::optional<schema::ChampionList> ChampionLists::list(const std::string& term) const {
  const std::string value = db_->get_metadata(schema::champion_key(term));
  if (value.empty()) return std::nullopt;
  try {
    return schema::decode_champion_list(value, header_.limit, header_.last_docid);
  } catch (const Error& e) {
    throw Error(std::string(e.what()) + " (" + schema::champion_key(term) + ")");
  }
}

std::optional<ChampionPlan> plan_champion_match(const Xapian::Query& query,
                                                const Xapian::Database& db,
                                                const ChampionLists& lists) {
  return Planner(db, lists).plan(query);
}

Xapian::Query restricted_to_candidates(const Xapian::Query& query, const ChampionPlan& plan) {
  return Xapian::Query(Xapian::Query::OP_FILTER, query,
                       Xapian::Query((new CandidateSource(plan.candidates))->release()));
}

std::optional<double> least_best_weight(const Xapian::Query& query, const ChampionPlan& plan,
                                        const Xapian::Database& db,
                                        const schema::Bm25Parameters& bm25) {
  if (plan.most_listed.empty()) return std::nullopt;
  ChampionPlan few;
  auto ids = std::make_shared<std::vector<Xapian::docid>>(plan.most_listed);
  std::sort(ids->begin(), ids->end());  // a posting list's order
  few.candidates = std::move(ids);
  Xapian::Enquire enquire(db);
  set_positional_query(enquire, db, restricted_to_candidates(query, few));
  enquire.set_weighting_scheme(ranking_weight(bm25));
  const Xapian::MSet best = enquire.get_mset(0, 1);
  if (best.empty()) return std::nullopt;
  return best.begin().get_weight();
}

namespace {

// Strictly above, with room for the rounding of sums taken in another order: an article outside
// that tied would be ordered by docid, perhaps before.
bool above_bound(double weight, const ChampionPlan& plan) {
  return plan.complete || weight > plan.bound * (1.0 + 1e-9) + 1e-12;
}

}  // namespace

bool proves_top(const Xapian::MSet& restricted, Xapian::doccount wanted, const ChampionPlan& plan) {
  if (plan.complete) return true;
  if (wanted == 0) return true;
  if (restricted.size() < wanted) return false;
  return above_bound(restricted[wanted - 1].get_weight(), plan);
}

Xapian::doccount proven_ranks(const Xapian::MSet& restricted, const ChampionPlan& plan) {
  if (plan.complete) return restricted.size();
  Xapian::doccount ranks = 0;
  for (auto it = restricted.begin(); it != restricted.end() && above_bound(it.get_weight(), plan);
       ++it) {
    ++ranks;
  }
  return ranks;
}

std::optional<double> least_weight_of_top(const Xapian::MSet& restricted, Xapian::doccount wanted) {
  if (wanted == 0 || restricted.size() < wanted) return std::nullopt;
  const double kth = restricted[wanted - 1].get_weight();
  if (!(kth > 0.0)) return std::nullopt;  // no cut-off to gain
  return kth * (1.0 - 1e-9);
}

double bm25_term_weight(double termfreq, double documents, double factor, Xapian::termcount wqf,
                        const schema::Bm25Parameters& bm25) {
  // Xapian 1.4's BM25Weight::init without a relevance set, as enabled there: a term in over a
  // third of the articles keeps a small positive weight.
  double tw = (documents - termfreq + 0.5) / (termfreq + 0.5);
  if (tw < 2) tw = tw * 0.5 + 1;
  double weight = std::log(tw) * factor;
  if (bm25.k3 != 0) {
    // wqf 0 stands for one not known: the part's supremum, k3 + 1.
    const double part =
        wqf == 0 ? bm25.k3 + 1 : (bm25.k3 + 1) * wqf / (bm25.k3 + static_cast<double>(wqf));
    weight *= part;
  }
  return weight * (bm25.k1 + 1);
}

std::optional<double> scale_factor(const Xapian::Query& node) {
  if (node.get_type() != Xapian::Query::OP_SCALE_WEIGHT || node.get_num_subqueries() != 1) {
    return std::nullopt;
  }
  // Xapian writes "Query(" + the factor to 20 significant digits + " * " + the subquery's
  // description without its own "Query(...)" + ")".
  const std::string description = node.get_description();
  const std::string inner = node.get_subquery(0).get_description();
  if (!description.starts_with("Query(") || !description.ends_with(")") ||
      !inner.starts_with("Query(") || !inner.ends_with(")")) {
    return std::nullopt;
  }
  const std::string tail = " * " + inner.substr(6, inner.size() - 7) + ")";
  if (description.size() < 6 + tail.size() || !description.ends_with(tail)) return std::nullopt;
  const std::string number = description.substr(6, description.size() - 6 - tail.size());
  char* end = nullptr;
  const double factor = std::strtod(number.c_str(), &end);
  if (number.empty() || end != number.c_str() + number.size() || !std::isfinite(factor)) {
    return std::nullopt;
  }
  return factor;
}

}  // namespace bahth::search
