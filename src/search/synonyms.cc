// The user's synonyms at query time.
#include "synonyms.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "query_rewrite.h"

namespace bahth::search {
namespace {

using Stems = std::vector<std::string>;

// Every group with each entry as its stems.
struct AnalysedGroups {
  std::vector<std::vector<Stems>> groups;
};

AnalysedGroups analyse(const schema::SynonymGroups& groups, const Analyzer& analyzer) {
  AnalysedGroups out;
  out.groups.reserve(groups.size());
  for (const std::vector<std::string>& group : groups) {
    std::vector<Stems>& entries = out.groups.emplace_back();
    for (const std::string& entry : group) entries.push_back(analyzer.stems(entry));
  }
  return out;
}

// The groups analysed for each (analysis, stored value) met lately. Parsing and analysing the
// groups cost more than the rest of a query's parse (every entry through the analyzer), and the
// value changes only when `bahth synonyms` or `bahth index --synonyms` stores another: a query
// reads the value (one metadata lookup, in the revision its database has open) and finds it
// here. Keyed by the value itself, not by a database revision, so that a searcher reopened to a
// newer revision (the server's, after each commit or refresh) meets a change at once, shards and
// remote shards alike (a Database of several has no one revision), and an unchanged value is
// never analysed again. A few entries: a process may search indexes with different groups.
class AnalysedGroupsCache {
 public:
  std::shared_ptr<const AnalysedGroups> get(std::string value, const Analysis& analysis) {
    {
      const std::lock_guard lock(mutex_);
      for (auto it = entries_.begin(); it != entries_.end(); ++it) {
        if (it->value == value && it->analysis == analysis.name()) {
          std::rotate(entries_.begin(), it, it + 1);  // most recent first
          return entries_.front().groups;
        }
      }
    }
    // Analysed outside the lock: another thread may do the same meanwhile, at no harm.
    auto groups = std::make_shared<const AnalysedGroups>(
        analyse(schema::decode_synonyms(value), analysis.analyzer()));
    const std::lock_guard lock(mutex_);
    entries_.insert(entries_.begin(), Entry{analysis.name(), std::move(value), groups});
    if (entries_.size() > kEntries) entries_.pop_back();
    return groups;
  }

 private:
  static constexpr std::size_t kEntries = 4;
  struct Entry {
    std::string analysis;
    std::string value;  // at most schema::kMaxSynonymBytes + 1 bytes
    std::shared_ptr<const AnalysedGroups> groups;
  };
  std::mutex mutex_;
  std::vector<Entry> entries_;
};

std::shared_ptr<const AnalysedGroups> stored_groups(const Xapian::Database& db,
                                                    const Analysis& analysis) {
  static AnalysedGroupsCache cache;
  std::string value = db.get_metadata(std::string(schema::kMetaSynonyms));
  if (value.empty()) return nullptr;
  // Past the limit decode_synonyms reads no further (a damaged or tampered index): the cache
  // keeps no more of it than that.
  if (value.size() > schema::kMaxSynonymBytes + 1) value.resize(schema::kMaxSynonymBytes + 1);
  return cache.get(std::move(value), analysis);
}

// An entry as a query in the field of `prefix` ("Z" + the field's letters): its stem term, or
// the phrase of its stem terms.
Xapian::Query entry_query(const Stems& entry, std::string_view prefix) {
  std::vector<Xapian::Query> terms;
  for (const std::string& stem : entry) terms.emplace_back(std::string(prefix).append(stem));
  if (terms.size() == 1) return terms.front();
  return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                       static_cast<Xapian::termcount>(terms.size()));
}

// The other entries of the groups that hold `stems` as an entry, in the field of `prefix`.
std::vector<Xapian::Query> others_of(const Stems& stems, const AnalysedGroups& analysed,
                                     std::string_view prefix) {
  std::vector<Xapian::Query> out;
  std::vector<const Stems*> added;
  for (const std::vector<Stems>& group : analysed.groups) {
    if (std::find(group.begin(), group.end(), stems) == group.end()) continue;
    for (const Stems& entry : group) {
      if (entry.empty() || entry == stems) continue;
      if (std::any_of(added.begin(), added.end(), [&](const Stems* a) { return *a == entry; })) {
        continue;
      }
      added.push_back(&entry);
      out.push_back(entry_query(entry, prefix));
    }
  }
  return out;
}

// The stem of a stem term (unprefixed or of a field) and its prefix, or nothing.
bool stem_term(const Xapian::Query& leaf, std::string& prefix, std::string& stem) {
  if (leaf.get_type() != Xapian::Query::LEAF_TERM) return false;
  const std::string term = *leaf.get_terms_begin();
  const schema::SplitTerm split = schema::split_term(term);
  if (split.prefix.substr(0, schema::kStemPrefix.size()) != schema::kStemPrefix) return false;
  prefix = split.prefix;
  stem = split.word;
  return true;
}

// A word alone, or with its spelling variants, with its synonyms; nullopt for any other node.
std::optional<Xapian::Query> word_with_synonyms(const Xapian::Query& query,
                                                const AnalysedGroups& analysed) {
  const Xapian::Query::op type = query.get_type();
  std::string prefix;
  std::string stem;
  // A word alone, or with its spelling variants (the word first: variants.h).
  const bool leaf = stem_term(query, prefix, stem);
  const bool with_variants = type == Xapian::Query::OP_SYNONYM && query.get_num_subqueries() > 0 &&
                             stem_term(query.get_subquery(0), prefix, stem);
  if (leaf || with_variants) {
    std::vector<Xapian::Query> others = others_of({stem}, analysed, prefix);
    if (others.empty()) return query;
    std::vector<Xapian::Query> spellings;
    if (leaf) {
      spellings.push_back(query);
    } else {
      for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        spellings.push_back(query.get_subquery(i));
      }
    }
    std::move(others.begin(), others.end(), std::back_inserter(spellings));
    return Xapian::Query(Xapian::Query::OP_SYNONYM, spellings.begin(), spellings.end());
  }
  return std::nullopt;
}

Xapian::Query walk(const Xapian::Query& query, const AnalysedGroups& analysed) {
  auto words = [&](const Xapian::Query& node) { return word_with_synonyms(node, analysed); };
  return rewrite_query(query, words);
}

// The entries of several words that `words` (the query's stems, in order) hold in a row, each
// with its group's other entries, as one OP_SYNONYM each.
std::vector<Xapian::Query> phrase_synonyms(const Stems& words, const AnalysedGroups& analysed) {
  std::vector<Xapian::Query> out;
  std::vector<const Stems*> done;
  const std::string prefix(schema::kStemPrefix);
  for (const std::vector<Stems>& group : analysed.groups) {
    for (const Stems& entry : group) {
      if (entry.size() < 2 || words.size() < entry.size()) continue;
      if (std::any_of(done.begin(), done.end(), [&](const Stems* d) { return *d == entry; })) {
        continue;
      }
      if (std::search(words.begin(), words.end(), entry.begin(), entry.end()) == words.end()) {
        continue;
      }
      done.push_back(&entry);
      std::vector<Xapian::Query> spellings{entry_query(entry, prefix)};
      std::vector<Xapian::Query> others = others_of(entry, analysed, prefix);
      std::move(others.begin(), others.end(), std::back_inserter(spellings));
      out.emplace_back(Xapian::Query::OP_SYNONYM, spellings.begin(), spellings.end());
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> synonyms_of(const std::vector<std::string>& stems,
                                     const schema::SynonymGroups& groups,
                                     const Analyzer& analyzer) {
  std::vector<std::string> out;
  if (stems.empty()) return out;
  for (const std::vector<std::string>& group : groups) {
    std::vector<Stems> entries;
    entries.reserve(group.size());
    for (const std::string& entry : group) entries.push_back(analyzer.stems(entry));
    if (std::find(entries.begin(), entries.end(), stems) == entries.end()) continue;
    for (std::size_t i = 0; i < group.size(); ++i) {
      if (entries[i] != stems && std::find(out.begin(), out.end(), group[i]) == out.end()) {
        out.push_back(group[i]);
      }
    }
  }
  return out;
}

Xapian::Query with_user_synonyms(const Xapian::Query& query, std::string_view normalized,
                                 const Xapian::Database& db, const Analysis& analysis,
                                 bool add_phrases) {
  if (!analysis.stems()) return query;
  const std::shared_ptr<const AnalysedGroups> stored = stored_groups(db, analysis);
  if (!stored || stored->groups.empty()) return query;
  const AnalysedGroups& analysed = *stored;
  Xapian::Query out = walk(query, analysed);
  if (!add_phrases) return out;
  std::vector<Xapian::Query> phrases =
      phrase_synonyms(analysis.analyzer().stems(normalized), analysed);
  if (phrases.empty()) return out;
  phrases.insert(phrases.begin(), out);
  return Xapian::Query(Xapian::Query::OP_OR, phrases.begin(), phrases.end());
}

}  // namespace bahth::search
