// Coordination: matches holding more of the query's words first (coordination.h).
#include "coordination.h"

#include <algorithm>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "schema/schema.h"

namespace bahth::search {
namespace {

// Every term under `node`, as one alternative (a phrase, NEAR or AND needs them all).
std::vector<std::string> terms_of(const Xapian::Query& node) {
  std::vector<std::string> terms(node.get_unique_terms_begin(), node.get_unique_terms_end());
  return terms;
}

// The ways a subquery of a word's OP_SYNONYM matches: a term alone, a phrase's terms together,
// or, for a nested OR or OP_SYNONYM, each of its terms alone.
void alternatives_of(const Xapian::Query& node, std::vector<std::vector<std::string>>& out) {
  switch (node.get_type()) {
    case Xapian::Query::LEAF_TERM:
    case Xapian::Query::OP_PHRASE:
    case Xapian::Query::OP_NEAR:
    case Xapian::Query::OP_AND:
      if (std::vector<std::string> terms = terms_of(node); !terms.empty()) {
        out.push_back(std::move(terms));
      }
      return;
    default:
      for (auto t = node.get_unique_terms_begin(); t != node.get_unique_terms_end(); ++t) {
        out.push_back({*t});
      }
  }
}

bool held_in_index(const std::vector<std::string>& alternative, const Xapian::Database& db) {
  return std::all_of(alternative.begin(), alternative.end(),
                     [&](const std::string& term) { return db.term_exists(term); });
}

// Those of `candidates` (indexes into `docs`, in docid order) whose article holds `term`: one
// walk of the term's posting list, skipping to each candidate.
std::vector<std::size_t> holders_of(const Xapian::Database& db, const std::string& term,
                                    const std::vector<Xapian::docid>& docs,
                                    const std::vector<std::size_t>& candidates) {
  std::vector<std::size_t> holders;
  Xapian::PostingIterator posting = db.postlist_begin(term);
  const Xapian::PostingIterator end = db.postlist_end(term);
  for (std::size_t d : candidates) {
    if (posting == end) break;
    posting.skip_to(docs[d]);
    if (posting != end && *posting == docs[d]) holders.push_back(d);
  }
  return holders;
}

}  // namespace

QueryWordSet::QueryWordSet(const Xapian::Query& query, const Xapian::Database& db, bool question)
    : question_(question) {
  collect(query);
  // Words the index does not hold can be held by no article: leave them out.
  std::vector<Group> known;
  for (Group& group : groups_) {
    std::erase_if(group.alternatives,
                  [&](const Alternative& alternative) { return !held_in_index(alternative, db); });
    if (!group.alternatives.empty()) {
      known.push_back(std::move(group));
    } else if (const std::string term = *group.query.get_terms_begin();
               std::find(absent_.begin(), absent_.end(), term) == absent_.end()) {
      absent_.push_back(term);
    }
  }
  groups_ = std::move(known);
  // A multi-word synonym (one alternative of several terms beside others) stands for the query
  // words whose first term is among its terms.
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    const Group& group = groups_[g];
    if (group.query.get_type() != Xapian::Query::OP_SYNONYM) continue;
    std::vector<std::size_t> covers;
    for (const Alternative& alternative : group.alternatives) {
      if (alternative.size() < 2) continue;
      for (std::size_t h = 0; h < groups_.size(); ++h) {
        const std::string& key = groups_[h].alternatives.front().front();
        if (h != g && std::find(alternative.begin(), alternative.end(), key) != alternative.end() &&
            std::find(covers.begin(), covers.end(), h) == covers.end()) {
          covers.push_back(h);
        }
      }
    }
    groups_[g].covers = std::move(covers);
  }
}

void QueryWordSet::collect(const Xapian::Query& node) {
  switch (node.get_type()) {
    case Xapian::Query::LEAF_TERM: {
      const std::string term = *node.get_terms_begin();
      if (!term.empty() && !schema::is_filter_term(term)) add(node, {{term}});
      return;
    }
    case Xapian::Query::OP_SYNONYM: {
      std::vector<Alternative> alternatives;
      for (std::size_t i = 0; i < node.get_num_subqueries(); ++i) {
        alternatives_of(node.get_subquery(i), alternatives);
      }
      if (!alternatives.empty()) add(node, std::move(alternatives));
      return;
    }
    // Only the side that decides the matches: not the exact-word bonus (AND_MAYBE's right),
    // what NOT excludes or a filter.
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_FILTER:
      if (node.get_num_subqueries() > 0) collect(node.get_subquery(0));
      return;
    // Every side of the others (OR, AND, XOR, PHRASE, NEAR, ELITE_SET, MAX, SCALE_WEIGHT).
    // Wildcards, value ranges and posting sources have no subqueries, and no words of their own.
    default:
      for (std::size_t i = 0; i < node.get_num_subqueries(); ++i) collect(node.get_subquery(i));
      return;
  }
}

void QueryWordSet::add(const Xapian::Query& node, std::vector<Alternative> alternatives) {
  for (Alternative& alternative : alternatives) std::sort(alternative.begin(), alternative.end());
  std::vector<Alternative> sorted = alternatives;
  std::sort(sorted.begin(), sorted.end());
  for (const Group& group : groups_) {
    std::vector<Alternative> other = group.alternatives;
    std::sort(other.begin(), other.end());
    if (other == sorted) return;  // the same word again
  }
  groups_.push_back({std::move(alternatives), node, {}});
}

std::size_t QueryWordSet::size() const {
  std::size_t words = 0;
  for (std::size_t g = 0; g < groups_.size(); ++g) words += is_word(g) ? 1 : 0;
  return words;
}

std::vector<std::size_t> QueryWordSet::held_by(const Xapian::Database& db,
                                               const std::vector<Xapian::docid>& docs) const {
  // In docid order, so that each term's posting list is walked once, skipping forward.
  std::vector<std::size_t> by_docid(docs.size());
  std::iota(by_docid.begin(), by_docid.end(), 0);
  std::sort(by_docid.begin(), by_docid.end(),
            [&](std::size_t a, std::size_t b) { return docs[a] < docs[b]; });
  // word_held[g][d]: article d holds word g, by the group itself or by a synonym covering it.
  std::vector<std::vector<bool>> word_held(groups_.size(), std::vector<bool>(docs.size(), false));
  // The words first, then the multi-word synonyms for the articles still lacking a word they
  // cover. A group's terms are looked up only in the articles it is not yet known to match:
  // most of the best matches hold a word's own term, so its variants are rarely walked at all.
  for (const bool covering : {false, true}) {
    for (std::size_t g = 0; g < groups_.size(); ++g) {
      const std::vector<std::size_t>& covers = groups_[g].covers;
      if (covers.empty() == covering) continue;
      std::vector<std::size_t> unmatched;
      for (std::size_t d : by_docid) {
        const bool needed = covering ? std::any_of(covers.begin(), covers.end(),
                                                   [&](std::size_t h) { return !word_held[h][d]; })
                                     : true;
        if (needed) unmatched.push_back(d);
      }
      for (const Alternative& alternative : groups_[g].alternatives) {
        if (unmatched.empty()) break;
        std::vector<std::size_t> holding = unmatched;
        for (const std::string& term : alternative) {
          holding = holders_of(db, term, docs, holding);
          if (holding.empty()) break;
        }
        for (std::size_t d : holding) {
          if (covering) {
            for (std::size_t h : covers) word_held[h][d] = true;
          } else {
            word_held[g][d] = true;
          }
        }
        std::erase_if(unmatched, [&](std::size_t d) {
          return std::binary_search(
              holding.begin(), holding.end(), d,
              [&](std::size_t a, std::size_t b) { return docs[a] < docs[b]; });
        });
      }
    }
  }
  std::vector<std::size_t> held(docs.size(), 0);
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    if (!is_word(g)) continue;
    for (std::size_t d = 0; d < docs.size(); ++d) held[d] += word_held[g][d] ? 1 : 0;
  }
  return held;
}

Xapian::Query QueryWordSet::all_words() const {
  std::vector<Xapian::Query> words;
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    if (!is_word(g)) continue;
    std::vector<Xapian::Query> ways{groups_[g].query};
    for (std::size_t h = 0; h < groups_.size(); ++h) {
      const std::vector<std::size_t>& covers = groups_[h].covers;
      if (std::find(covers.begin(), covers.end(), g) != covers.end()) {
        ways.push_back(groups_[h].query);
      }
    }
    words.emplace_back(Xapian::Query::OP_OR, ways.begin(), ways.end());
  }
  if (words.empty()) return Xapian::Query::MatchNothing;
  return Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end());
}

std::vector<std::size_t> coordinated_order(const std::vector<std::size_t>& held) {
  std::vector<std::size_t> order(held.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return held[a] > held[b]; });
  return order;
}

bool coordinates(std::size_t words) { return words >= 2; }

std::size_t reordered_matches(const Xapian::MSet& mset, const QueryWordSet& words) {
  if (!coordinates(words.size()) || mset.empty()) return 0;
  const std::size_t window = std::min<std::size_t>(mset.size(), kCoordinationWindow);
  if (words.strict()) return window;
  // A longer query, or a question, reorders only the matches close to the best (coordination.h).
  const double floor = kNearBestShare * mset.begin().get_weight();
  std::size_t reordered = 0;
  for (auto it = mset.begin(); reordered < window && it.get_weight() >= floor; ++it) ++reordered;
  return reordered;
}

CoordinatedPage coordinate(const Xapian::MSet& mset, const QueryWordSet& words,
                           const Xapian::Database& db, std::size_t first, std::size_t size,
                           bool saw_every_match, const std::function<bool()>& any_holds_all,
                           const std::vector<std::size_t>& counted) {
  CoordinatedPage page;
  std::vector<Xapian::MSetIterator> matches;
  matches.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) matches.push_back(it);
  const std::size_t count = words.size();
  if (coordinates(count) && !matches.empty()) {
    const std::size_t window = std::min<std::size_t>(matches.size(), kCoordinationWindow);
    const std::size_t known = std::min(counted.size(), window);
    std::vector<Xapian::docid> docs;
    docs.reserve(window - known);
    for (std::size_t i = known; i < window; ++i) docs.push_back(*matches[i]);
    std::vector<std::size_t> held(counted.begin(), counted.begin() + static_cast<long>(known));
    if (!docs.empty()) {
      const std::vector<std::size_t> rest = words.held_by(db, docs);
      held.insert(held.end(), rest.begin(), rest.end());
    }
    const std::size_t reordered = reordered_matches(mset, words);
    const std::vector<std::size_t> order =
        coordinated_order(std::vector<std::size_t>(held.begin(), held.begin() + reordered));
    std::vector<Xapian::MSetIterator> band;
    band.reserve(order.size());
    for (std::size_t i : order) band.push_back(matches[i]);
    std::copy(band.begin(), band.end(), matches.begin());
    page.words = count;
    page.most_held = held[order.front()];
    const std::size_t most_seen = *std::max_element(held.begin(), held.end());
    page.none_holds_all =
        most_seen < count && ((saw_every_match && window == matches.size()) || !any_holds_all());
  }
  for (std::size_t i = first; i < matches.size() && i < first + size; ++i) {
    page.hits.push_back(matches[i]);
  }
  return page;
}

}  // namespace bahth::search
