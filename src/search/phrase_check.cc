#include "phrase_check.h"

#include <algorithm>
#include <cstdlib>
#include <string_view>
#include <utility>

#include "champions.h"
#include "query_rewrite.h"
#include "schema/position_table.h"
#include "schema/schema.h"

namespace bahth::search {
namespace {

thread_local bool checks_off = false;        // PositionChecksOff
thread_local std::optional<bool> checks_on;  // PositionChecksFor

// The terms of a phrase's place: a term, or an OR / synonym of them (nested); false for anything
// else.
bool place_terms(const Xapian::Query& node, std::vector<std::string>& out) {
  switch (node.get_type()) {
    case Xapian::Query::LEAF_TERM:
      out.push_back(*node.get_terms_begin());
      return true;
    case Xapian::Query::LEAF_MATCH_NOTHING:
      return true;
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_SYNONYM:
      for (std::size_t i = 0; i < node.get_num_subqueries(); ++i) {
        if (!place_terms(node.get_subquery(i), out)) return false;
      }
      return true;
    default:
      return false;
  }
}

// "Query(X)" -> "X".
std::optional<std::string_view> inner_description(std::string_view description) {
  if (!description.starts_with("Query(") || !description.ends_with(")")) return std::nullopt;
  return description.substr(6, description.size() - 7);
}

// The window of a phrase or NEAR node, which Xapian 1.4 does not expose but writes into the
// node's description: "Query((" + its first subquery + " PHRASE " + the window + " " + ...
std::optional<Xapian::termpos> window_of(const Xapian::Query& node, std::string_view op_name) {
  const std::string description = node.get_description();
  const std::string first = node.get_subquery(0).get_description();
  const std::optional<std::string_view> whole = inner_description(description);
  const std::optional<std::string_view> inner = inner_description(first);
  if (!whole || !inner) return std::nullopt;
  std::string head = "(";
  head.append(*inner).append(" ").append(op_name).append(" ");
  if (!whole->starts_with(head)) return std::nullopt;
  const std::string_view rest = whole->substr(head.size());
  const std::size_t digits = rest.find_first_not_of("0123456789");
  if (digits == 0 || digits == std::string_view::npos || rest[digits] != ' ') return std::nullopt;
  const unsigned long window =
      std::strtoul(std::string(rest.substr(0, digits)).c_str(), nullptr, 10);
  return static_cast<Xapian::termpos>(window);
}

// Xapian's ordered window (PhrasePostList, and ExactPhrasePostList when the window is the
// number of places): from each position of the first place, each next place at its first
// position after the one before; the phrase holds when the last is within the window.
bool ordered_match(const std::vector<std::vector<Xapian::termpos>>& positions,
                   Xapian::termpos window) {
  for (const Xapian::termpos base : positions.front()) {
    Xapian::termpos at = base;
    bool fits = true;
    for (std::size_t i = 1; i < positions.size(); ++i) {
      const auto next = std::upper_bound(positions[i].begin(), positions[i].end(), at);
      if (next == positions[i].end()) return false;  // no later base can do better
      at = *next;
      if (at - base >= window) {
        fits = false;
        break;
      }
    }
    if (fits) return true;
  }
  return false;
}

// Whether the places can each take a different position of [start, start + window): a
// matching of places to positions (places share positions only when they share terms).
bool distinct_in_window(const std::vector<std::vector<Xapian::termpos>>& positions,
                        Xapian::termpos start, Xapian::termpos window) {
  std::vector<std::vector<Xapian::termpos>> inside(positions.size());
  for (std::size_t i = 0; i < positions.size(); ++i) {
    auto from = std::lower_bound(positions[i].begin(), positions[i].end(), start);
    for (; from != positions[i].end() && *from - start < window; ++from) inside[i].push_back(*from);
    if (inside[i].empty()) return false;
  }
  // Augmenting paths over a few places and positions.
  std::vector<std::pair<Xapian::termpos, std::size_t>> taken;  // position -> place
  auto owner = [&](Xapian::termpos p) -> std::size_t* {
    for (auto& [pos, place] : taken) {
      if (pos == p) return &place;
    }
    return nullptr;
  };
  std::vector<Xapian::termpos> seen;
  auto augment = [&](auto& self, std::size_t place) -> bool {
    for (const Xapian::termpos p : inside[place]) {
      if (std::find(seen.begin(), seen.end(), p) != seen.end()) continue;
      seen.push_back(p);
      std::size_t* by = owner(p);
      if (by == nullptr) {
        taken.emplace_back(p, place);
        return true;
      }
      if (self(self, *by)) {
        *owner(p) = place;
        return true;
      }
    }
    return false;
  };
  for (std::size_t place = 0; place < inside.size(); ++place) {
    seen.clear();
    if (!augment(augment, place)) return false;
  }
  return true;
}

// Xapian's NEAR: every place at a different position, all within the window, in any order.
bool unordered_match(const std::vector<std::vector<Xapian::termpos>>& positions,
                     Xapian::termpos window) {
  std::vector<Xapian::termpos> starts;
  for (const auto& place : positions) starts.insert(starts.end(), place.begin(), place.end());
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  return std::any_of(starts.begin(), starts.end(), [&](Xapian::termpos start) {
    return distinct_in_window(positions, start, window);
  });
}

// A synonym with phrases among its members, filtered by what its members match: its phrases'
// patterns and its other members' terms. None when it has no phrase, or a member of another
// kind.
std::optional<Xapian::Query> synonym_checked(const Xapian::Query& node) {
  std::vector<PositionalPattern> patterns;
  std::vector<std::string> terms;
  for (std::size_t i = 0; i < node.get_num_subqueries(); ++i) {
    const Xapian::Query member = node.get_subquery(i);
    const Xapian::Query::op type = member.get_type();
    if (type == Xapian::Query::OP_PHRASE || type == Xapian::Query::OP_NEAR) {
      std::optional<PositionalPattern> pattern = positional_pattern(member);
      if (!pattern) return std::nullopt;
      patterns.push_back(*std::move(pattern));
    } else if (!place_terms(member, terms)) {
      return std::nullopt;
    }
  }
  if (patterns.empty()) return std::nullopt;
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  return Xapian::Query(
      Xapian::Query::OP_FILTER, node,
      Xapian::Query((new PositionCheck(std::move(patterns), std::move(terms)))->release()));
}

// The walk of with_position_checks(); `changed` is set when a node was replaced.
Xapian::Query checked(const Xapian::Query& node, bool& changed) {
  const Xapian::Query::op type = node.get_type();
  if (type == Xapian::Query::OP_PHRASE || type == Xapian::Query::OP_NEAR) {
    std::optional<PositionalPattern> pattern = positional_pattern(node);
    if (!pattern) return node;
    std::vector<Xapian::Query> words;
    for (std::size_t i = 0; i < node.get_num_subqueries(); ++i) {
      words.push_back(node.get_subquery(i));
    }
    changed = true;
    std::vector<PositionalPattern> patterns{*std::move(pattern)};
    return Xapian::Query(Xapian::Query::OP_FILTER,
                         Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end()),
                         Xapian::Query((new PositionCheck(std::move(patterns)))->release()));
  }
  if (type == Xapian::Query::OP_SYNONYM) {
    std::optional<Xapian::Query> filtered = synonym_checked(node);
    if (!filtered) return node;
    changed = true;
    return *std::move(filtered);
  }
  if (type == Xapian::Query::OP_SCALE_WEIGHT) {
    const std::optional<double> factor = scale_factor(node);
    if (!factor) return node;
    bool below = false;
    Xapian::Query sub = checked(node.get_subquery(0), below);
    if (!below) return node;
    changed = true;
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, sub, *factor);
  }
  if (!rebuildable(type, /*into_synonyms=*/false)) return node;
  bool below = false;
  std::vector<Xapian::Query> parts;
  parts.reserve(node.get_num_subqueries());
  for (std::size_t i = 0; i < node.get_num_subqueries(); ++i) {
    parts.push_back(checked(node.get_subquery(i), below));
  }
  if (!below) return node;
  changed = true;
  return Xapian::Query(type, parts.begin(), parts.end());
}

}  // namespace

std::optional<PositionalPattern> positional_pattern(const Xapian::Query& node) {
  const Xapian::Query::op type = node.get_type();
  if (type != Xapian::Query::OP_PHRASE && type != Xapian::Query::OP_NEAR) return std::nullopt;
  if (node.get_num_subqueries() < 2) return std::nullopt;
  PositionalPattern pattern;
  pattern.ordered = type == Xapian::Query::OP_PHRASE;
  const std::optional<Xapian::termpos> window =
      window_of(node, pattern.ordered ? "PHRASE" : "NEAR");
  if (!window) return std::nullopt;
  pattern.window = *window;
  for (std::size_t i = 0; i < node.get_num_subqueries(); ++i) {
    if (!place_terms(node.get_subquery(i), pattern.places.emplace_back())) return std::nullopt;
  }
  return pattern;
}

bool positions_match(const std::vector<std::vector<Xapian::termpos>>& positions,
                     Xapian::termpos window, bool ordered) {
  if (positions.empty()) return false;
  for (const auto& place : positions) {
    if (place.empty()) return false;
  }
  return ordered ? ordered_match(positions, window) : unordered_match(positions, window);
}

PositionCheck::PositionCheck(std::vector<PositionalPattern> patterns,
                             std::vector<std::string> terms)
    : patterns_(std::move(patterns)), terms_(std::move(terms)) {
  for (const PositionalPattern& pattern : patterns_) {
    for (const auto& place : pattern.places) {
      wanted_.insert(wanted_.end(), place.begin(), place.end());
    }
  }
  std::sort(wanted_.begin(), wanted_.end());
  wanted_.erase(std::unique(wanted_.begin(), wanted_.end()), wanted_.end());
  places_of_.resize(wanted_.size());
  std::size_t place_id = 0;
  for (const PositionalPattern& pattern : patterns_) {
    first_place_.push_back(place_id);
    for (const auto& place : pattern.places) {
      for (const std::string& term : place) {
        const auto at = std::lower_bound(wanted_.begin(), wanted_.end(), term) - wanted_.begin();
        places_of_[static_cast<std::size_t>(at)].push_back(place_id);
      }
      ++place_id;
    }
  }
  positions_.resize(place_id);
  if (patterns_.size() == 1 && terms_.empty()) {
    const PositionalPattern& pattern = patterns_.front();
    const bool exact = pattern.ordered && pattern.window == pattern.places.size();
    estimate_divisor_ = exact ? 4 : 2;
  }
}

void PositionCheck::init(const Xapian::Database& db) {
  db_ = db;
  doccount_ = db.get_doccount();
  last_docid_ = db.get_lastdocid();
  // The articles written since the table (or all, without one) have Xapian positions.
  xapian_positions_ = db.has_positions();
  cursors_.clear();
  if (const std::optional<schema::PositionTable> table = schema::position_table(db)) {
    cursors_.reserve(wanted_.size());
    for (const std::string& term : wanted_) cursors_.emplace_back(db_, *table, term);
  }
  term_postings_.clear();
  for (const std::string& term : terms_) term_postings_.push_back(db_.postlist_begin(term));
  current_ = 0;
  at_end_ = false;
  set_maxweight(0.0);
}

std::string PositionCheck::get_description() const {
  std::string description = "PositionCheck(";
  for (const PositionalPattern& pattern : patterns_) {
    description += pattern.ordered ? "[phrase " : "[near ";
    description += std::to_string(pattern.window);
    for (const auto& place : pattern.places) {
      description += " ";
      for (std::size_t i = 0; i < place.size(); ++i) description += (i ? "|" : "") + place[i];
    }
    description += "]";
  }
  for (const std::string& term : terms_) description += " " + term;
  return description + ")";
}

void PositionCheck::advance_from(Xapian::docid from) {
  for (Xapian::PostingIterator it = db_.postlist_begin(""), end = db_.postlist_end("");
       (it.skip_to(from), it != end); from = *it + 1) {
    if (holds(*it)) {
      current_ = *it;
      return;
    }
  }
  at_end_ = true;
}

void PositionCheck::next(double /*min_wt*/) { advance_from(current_ + 1); }

void PositionCheck::skip_to(Xapian::docid did, double /*min_wt*/) {
  if (did > current_) advance_from(did);
}

bool PositionCheck::check(Xapian::docid did, double /*min_wt*/) {
  // Not at `did` when it does not hold: Xapian moves on with next() or skip_to().
  current_ = did;
  return holds(did);
}

void PositionCheck::read_positions(Xapian::docid did) {
  for (std::size_t w = 0; w < wanted_.size(); ++w) {
    scratch_.clear();
    if (xapian_positions_) {
      for (auto p = db_.positionlist_begin(did, wanted_[w]);
           p != db_.positionlist_end(did, wanted_[w]); ++p) {
        scratch_.push_back(*p);
      }
    }
    if (scratch_.empty() && !cursors_.empty()) cursors_[w].positions(did, scratch_);
    for (const std::size_t place : places_of_[w]) {
      positions_[place].insert(positions_[place].end(), scratch_.begin(), scratch_.end());
    }
  }
}

bool PositionCheck::holds_a_term(Xapian::docid did) {
  for (std::size_t i = 0; i < terms_.size(); ++i) {
    Xapian::PostingIterator& postings = term_postings_[i];
    if (postings != db_.postlist_end(terms_[i]) && *postings > did) {
      postings = db_.postlist_begin(terms_[i]);  // asked about an earlier article
    }
    postings.skip_to(did);
    if (postings != db_.postlist_end(terms_[i]) && *postings == did) return true;
  }
  return false;
}

bool PositionCheck::holds(Xapian::docid did) {
  if (holds_a_term(did)) return true;
  for (auto& place : positions_) place.clear();
  read_positions(did);
  for (std::size_t p = 0; p < patterns_.size(); ++p) {
    const PositionalPattern& pattern = patterns_[p];
    one_pattern_.resize(pattern.places.size());
    for (std::size_t place = 0; place < pattern.places.size(); ++place) {
      std::vector<Xapian::termpos>& at = one_pattern_[place];
      at.swap(positions_[first_place_[p] + place]);
      if (pattern.places[place].size() > 1 || patterns_.size() > 1) {
        std::sort(at.begin(), at.end());
        at.erase(std::unique(at.begin(), at.end()), at.end());
      }
    }
    const bool match = positions_match(one_pattern_, pattern.window, pattern.ordered);
    for (std::size_t place = 0; place < pattern.places.size(); ++place) {
      one_pattern_[place].swap(positions_[first_place_[p] + place]);
    }
    if (match) return true;
  }
  return false;
}

PositionChecksOff::PositionChecksOff(bool off) : was_(checks_off) { checks_off = was_ || off; }

PositionChecksOff::~PositionChecksOff() { checks_off = was_; }

PositionChecksFor::PositionChecksFor(bool any_table) : was_(checks_on) { checks_on = any_table; }

PositionChecksFor::~PositionChecksFor() { checks_on = was_; }

Xapian::Query with_position_checks(const Xapian::Query& query, const Xapian::Database& db) {
  if (checks_off || query.empty()) return query;
  if (checks_on) {
    if (!*checks_on) return query;
  } else if (!schema::position_table_generation(db)) {
    return query;
  }
  bool changed = false;
  Xapian::Query result = checked(query, changed);
  return changed ? result : query;
}

void set_positional_query(Xapian::Enquire& enquire, const Xapian::Database& db,
                          const Xapian::Query& query) {
  enquire.set_query(with_position_checks(query, db));
}

}  // namespace bahth::search
