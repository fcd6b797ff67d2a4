// How far per-term top lists ("champion lists", docs/scaling.md "Search budgets") would cut the
// match, and whether they keep the results: a probe, not the product (no list is stored, no
// bound is checked, so the results are compared instead).
//
//   champion_probe --db PATH --queries FILE [--limit L] [--repeat N]
//
// For each query of FILE (one a line, `#` comments), parsed as `bahth search` parses it, the
// match as the searcher runs it (ranking, near-duplicates collapsed, coordination's window of
// 100 for two words or more, the count to 1,000) is timed against the same query filtered to the
// union of its terms' top-L articles by BM25 share (wdf / (K + wdf); every article for a term in
// at most L), plus a boolean count to 1,000 (the query scaled by 0, collapsed). The lists are
// computed before the timing, as an index would store them. Prints each query's median thread
// CPU time both ways, its candidates and whether the top 10 and the whole window are the same
// (docids in order), then the percentiles. Timings are figures, never pass/fail.
#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bahth/error.h"
#include "bahth/stemmers.h"
#include "schema/schema.h"
#include "search/coordination.h"
#include "search/query_builder.h"
#include "search/ranking.h"

namespace {

constexpr Xapian::doccount kCountUpTo = 1000;  // the searcher's exact count
constexpr Xapian::doccount kPage = 10;

struct Options {
  std::string db;
  std::string queries;
  std::size_t limit = 1000;
  int repeat = 5;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw bahth::UsageError(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--db") {
      o.db = value();
    } else if (arg == "--queries") {
      o.queries = value();
    } else if (arg == "--limit") {
      o.limit = std::stoul(value());
    } else if (arg == "--repeat") {
      o.repeat = std::stoi(value());
    } else {
      throw bahth::UsageError("unknown argument " + arg);
    }
  }
  if (o.db.empty() || o.queries.empty()) throw bahth::UsageError("--db and --queries are required");
  return o;
}

std::vector<std::string> read_queries(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw bahth::Error(path + ": cannot read");
  std::vector<std::string> queries;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') queries.push_back(line);
  }
  return queries;
}

double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const auto index = static_cast<std::size_t>(std::lround(p * static_cast<double>(v.size() - 1)));
  return v[std::min(index, v.size() - 1)];
}

// A sorted list of docids as a posting list, to filter a query by.
class DocidList final : public Xapian::PostingSource {
 public:
  explicit DocidList(std::shared_ptr<const std::vector<Xapian::docid>> ids)
      : ids_(std::move(ids)) {}
  Xapian::doccount get_termfreq_min() const override { return ids_->size(); }
  Xapian::doccount get_termfreq_est() const override { return ids_->size(); }
  Xapian::doccount get_termfreq_max() const override { return ids_->size(); }
  void init(const Xapian::Database&) override {
    at_ = 0;
    started_ = false;
  }
  void next(double) override {
    if (started_) ++at_;
    started_ = true;
  }
  void skip_to(Xapian::docid did, double) override {
    started_ = true;
    at_ = static_cast<std::size_t>(
        std::lower_bound(ids_->begin() + static_cast<std::ptrdiff_t>(at_), ids_->end(), did) -
        ids_->begin());
  }
  bool at_end() const override { return at_ >= ids_->size(); }
  Xapian::docid get_docid() const override { return (*ids_)[at_]; }
  PostingSource* clone() const override { return new DocidList(ids_); }

 private:
  std::shared_ptr<const std::vector<Xapian::docid>> ids_;
  std::size_t at_ = 0;
  bool started_ = false;
};

// The top `limit` articles of `term` by its BM25 share under ranking_weight()'s parameters
// (k1 = 1, b = 0.5, normalized length at least 0.2), in docid order.
std::vector<Xapian::docid> top_list(const Xapian::Database& db, const std::string& term,
                                    std::size_t limit) {
  std::vector<std::pair<double, Xapian::docid>> all;
  const double average = db.get_avlength();
  for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
    const double wdf = p.get_wdf();
    const double norm = std::max(static_cast<double>(p.get_doclength()) / average, 0.2);
    all.emplace_back(wdf / (0.5 + 0.5 * norm + wdf), *p);
  }
  if (all.size() > limit) {
    std::nth_element(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(limit), all.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    all.resize(limit);
  }
  std::vector<Xapian::docid> ids;
  ids.reserve(all.size());
  for (const auto& entry : all) ids.push_back(entry.second);
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<Xapian::docid> docids(const Xapian::MSet& mset, Xapian::doccount n) {
  std::vector<Xapian::docid> out;
  for (auto it = mset.begin(); it != mset.end() && out.size() < n; ++it) out.push_back(*it);
  return out;
}

struct Probe {
  double full_ms = 0;
  double lists_ms = 0;
  std::size_t candidates = 0;
  bool same_page = false;
  bool same_window = false;
};

class Prober {
 public:
  Prober(const Xapian::Database& db, std::size_t limit) : db_(db), limit_(limit) {}

  Probe run(const Xapian::Query& query, Xapian::doccount window) {
    Probe probe;
    for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) {
      if (!schema_filter(*t) && lists_.find(*t) == lists_.end()) {
        lists_.emplace(*t, top_list(db_, *t, limit_));
      }
    }
    double start = thread_cpu_ms();
    const Xapian::MSet full = enquire(query).get_mset(0, window, kCountUpTo);
    probe.full_ms = thread_cpu_ms() - start;

    start = thread_cpu_ms();
    std::vector<Xapian::docid> ids;
    for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) {
      if (schema_filter(*t)) continue;
      const std::vector<Xapian::docid>& list = lists_.at(*t);
      std::vector<Xapian::docid> merged;
      merged.reserve(ids.size() + list.size());
      std::set_union(ids.begin(), ids.end(), list.begin(), list.end(), std::back_inserter(merged));
      ids.swap(merged);
    }
    probe.candidates = ids.size();
    const auto shared = std::make_shared<const std::vector<Xapian::docid>>(std::move(ids));
    const Xapian::Query restricted(Xapian::Query::OP_FILTER, query,
                                   Xapian::Query(new DocidList(shared)));
    const Xapian::MSet listed = enquire(restricted).get_mset(0, window);
    Xapian::Enquire counter = enquire(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, query, 0.0));
    (void)counter.get_mset(0, 1, kCountUpTo);
    probe.lists_ms = thread_cpu_ms() - start;

    probe.same_page = docids(full, kPage) == docids(listed, kPage);
    probe.same_window = docids(full, window) == docids(listed, window);
    return probe;
  }

 private:
  static bool schema_filter(const std::string& term) { return bahth::schema::is_filter_term(term); }

  Xapian::Enquire enquire(const Xapian::Query& query) const {
    Xapian::Enquire e(db_);
    e.set_query(query);
    e.set_weighting_scheme(bahth::search::ranking_weight());
    e.set_collapse_key(bahth::schema::kDuplicateGroupSlot);
    return e;
  }

  const Xapian::Database& db_;
  std::size_t limit_;
  std::map<std::string, std::vector<Xapian::docid>> lists_;
};

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options options = parse(argc, argv);
    const Xapian::Database db(options.db);
    const bahth::Analysis analysis(bahth::schema::read_recorded_analysis(db, options.db).stemmer);
    Prober prober(db, options.limit);
    std::vector<double> full_ms;
    std::vector<double> lists_ms;
    std::size_t same_pages = 0;
    std::size_t same_windows = 0;
    std::size_t queries = 0;
    std::printf("full ms  lists ms  candidates  top 10  window  query\n");
    for (const std::string& text : read_queries(options.queries)) {
      const bahth::search::ParsedQuery parsed = bahth::search::parse_query(text, db, analysis);
      const bahth::search::QueryWordSet words(parsed.query, db);
      const Xapian::doccount window =
          bahth::search::coordinates(words.size()) ? bahth::search::kCoordinationWindow : kPage;
      std::vector<double> full;
      std::vector<double> lists;
      Probe probe;
      for (int r = 0; r < options.repeat; ++r) {
        probe = prober.run(parsed.query, window);
        full.push_back(probe.full_ms);
        lists.push_back(probe.lists_ms);
        full_ms.push_back(probe.full_ms);
        lists_ms.push_back(probe.lists_ms);
      }
      ++queries;
      same_pages += probe.same_page ? 1 : 0;
      same_windows += probe.same_window ? 1 : 0;
      std::printf("%7.2f  %8.2f  %10zu  %6s  %6s  %s\n", percentile(full, 0.5),
                  percentile(lists, 0.5), probe.candidates, probe.same_page ? "same" : "DIFF",
                  probe.same_window ? "same" : "DIFF", text.c_str());
    }
    if (full_ms.empty()) throw bahth::Error("no query ran");
    std::printf(
        "queries=%zu limit=%zu same_top10=%zu same_window=%zu full_cpu_p50_ms=%.2f "
        "full_cpu_p95_ms=%.2f full_cpu_p99_ms=%.2f lists_cpu_p50_ms=%.2f lists_cpu_p95_ms=%.2f "
        "lists_cpu_p99_ms=%.2f\n",
        queries, options.limit, same_pages, same_windows, percentile(full_ms, 0.5),
        percentile(full_ms, 0.95), percentile(full_ms, 0.99), percentile(lists_ms, 0.5),
        percentile(lists_ms, 0.95), percentile(lists_ms, 0.99));
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "champion_probe: " << e.what() << '\n';
    return 1;
  }
}
