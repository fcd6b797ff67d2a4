#include "expansion.h"

#include <set>
#include <string>
#include <vector>

#include "phrase_check.h"
#include "ranking.h"
#include "schema/schema.h"

namespace bahth::search {
namespace {

// Keeps the terms a bag-of-words query is made of: the Z-prefixed stems of an index with a
// stemmer, or the plain words of one without. Field-prefixed terms (title copies, sections, ids,
// dates) would either repeat a word already chosen or filter rather than rank.
class FeedbackTermDecider final : public Xapian::ExpandDecider {
 public:
  FeedbackTermDecider(const Analysis& analysis, std::set<std::string> query_terms)
      : stemmed_(analysis.stems()), query_terms_(std::move(query_terms)) {}

  bool operator()(const std::string& term) const override {
    if (query_terms_.count(term) != 0) return false;
    // Only words of the unprefixed field: stems ("Z") when the index stems, else plain words.
    const auto [prefix, word] = schema::split_term(term);
    if (prefix != (stemmed_ ? schema::kStemPrefix : "") || word.empty()) return false;
    // Numbers and single letters say little about a topic; stopwords say nothing.
    if (word.size() < 3 || (word.front() >= '0' && word.front() <= '9')) return false;
    return !is_stopword(word);
  }

 private:
  bool stemmed_;
  std::set<std::string> query_terms_;
};

}  // namespace

Xapian::Query expand_query(const Xapian::Database& db, const Xapian::Query& feedback_query,
                           const Xapian::Query& query, const Analysis& analysis, bool only_reorder,
                           const ExpansionSettings& settings) {
  Xapian::Enquire enquire(db);
  set_positional_query(enquire, db, feedback_query);
  enquire.set_weighting_scheme(
      ranking_weight(settings.bm25));  // the top documents as the search ranks them
  const Xapian::MSet top = enquire.get_mset(0, settings.feedback_documents);
  if (top.empty()) return query;
  Xapian::RSet relevant;
  for (auto it = top.begin(); it != top.end(); ++it) relevant.add_document(*it);
  const FeedbackTermDecider decider(analysis, std::set<std::string>(query.get_unique_terms_begin(),
                                                                    query.get_unique_terms_end()));
  const Xapian::ESet eset = enquire.get_eset(settings.terms, relevant, &decider);
  if (eset.empty()) return query;
  std::vector<Xapian::Query> added;
  for (auto it = eset.begin(); it != eset.end(); ++it) added.emplace_back(*it);
  const Xapian::Query feedback(Xapian::Query::OP_OR, added.begin(), added.end());
  return Xapian::Query(only_reorder ? Xapian::Query::OP_AND_MAYBE : Xapian::Query::OP_OR, query,
                       Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, feedback, settings.weight));
}

}  // namespace bahth::search
