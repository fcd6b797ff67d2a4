// Where a search through the champion lists spends its CPU, stage by stage, for each query of a
// file (median thread CPU ms of N runs): building the query, planning (reading the lists), the
// match restricted to the candidates, the same cut off at the bound, without the exact-word
// bonus (AND_MAYBE's left side), over every fourth candidate only, the full match with and
// without the bonus; the candidates with and without the bonus's lists, the bound, the k-th and
// best weights of the restricted match, coordination's band and the ranks the bound proves; the
// best of the most listed candidates matched alone, the band's floor from it (85% of it, with
// more than two words) and the restricted match cut off there (the searcher's cut-off).
// One markdown table row a query. A probe, not a test: the timings are figures.
//
//   champion_stages --db PATH --queries FILE [--repeat N]
#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bahth/stemmers.h"
#include "bench_support.h"
#include "schema/schema.h"
#include "search/champions.h"
#include "search/coordination.h"
#include "search/query_builder.h"
#include "search/ranking.h"

namespace {

double median_of(int repeat, const std::function<void()>& run) {
  std::vector<double> times;
  for (int i = 0; i < repeat; ++i) {
    const double start = bahth::bench::thread_cpu_ms();
    run();
    times.push_back(bahth::bench::thread_cpu_ms() - start);
  }
  return bahth::bench::percentile(std::move(times), 0.5);
}

Xapian::MSet match(const Xapian::Database& db, const Xapian::Query& query, Xapian::doccount depth,
                   Xapian::doccount check, double cutoff = 0) {
  Xapian::Enquire enquire(db);
  enquire.set_cutoff(0, cutoff);
  enquire.set_query(query);
  enquire.set_weighting_scheme(bahth::search::ranking_weight(bahth::schema::kChampionBm25));
  enquire.set_collapse_key(bahth::schema::kDuplicateGroupSlot);
  return enquire.get_mset(0, depth, check);
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_path;
  std::string queries_path;
  int repeat = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string arg = argv[i];
    if (arg == "--db") db_path = argv[i + 1];
    if (arg == "--queries") queries_path = argv[i + 1];
    if (arg == "--repeat") repeat = std::stoi(argv[i + 1]);
  }
  try {
    const Xapian::Database db(db_path);
    const bahth::Analysis analysis(bahth::schema::read_recorded_analysis(db, db_path).stemmer);
    const bahth::search::ChampionLists lists(db);
    std::ifstream in(queries_path);
    std::printf(
        "| query | parse | plan | restricted | cut at bound | no bonus | quarter | full | full, "
        "no bonus | candidates | without bonus's | bound | k-th | best | band | proven | least "
        "best "
        "| band floor | cut at the floor |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (std::string text; std::getline(in, text);) {
      if (text.empty() || text[0] == '#') continue;
      Xapian::Query query;
      const double parse =
          median_of(repeat, [&] { query = bahth::search::parse_query(text, db, analysis).query; });
      const bahth::search::QueryWordSet words(query, db);
      const Xapian::doccount depth = bahth::search::coordinates(words.size()) ? 100 : 10;
      std::optional<bahth::search::ChampionPlan> plan;
      const double planning =
          median_of(repeat, [&] { plan = bahth::search::plan_champion_match(query, db, lists); });
      // The matching side alone (AND_MAYBE's left): what the bonus costs.
      const Xapian::Query stems =
          query.get_type() == Xapian::Query::OP_AND_MAYBE ? query.get_subquery(0) : query;
      const double full = median_of(repeat, [&] { match(db, query, depth, 1000); });
      const double full_stems = median_of(repeat, [&] { match(db, stems, depth, 1000); });
      double restricted = 0;
      double restricted_stems = 0;
      double restricted_quarter = 0;
      double restricted_cut = 0;
      double least_best = 0;
      double floor = 0;
      double restricted_floor = 0;
      Xapian::MSet mset;
      if (plan) {
        const Xapian::Query r = bahth::search::restricted_to_candidates(query, *plan);
        restricted = median_of(repeat, [&] { mset = match(db, r, depth, 0); });
        const Xapian::Query rs = bahth::search::restricted_to_candidates(stems, *plan);
        restricted_stems = median_of(repeat, [&] { match(db, rs, depth, 0); });
        // Every fourth candidate: does the match cost by candidate or by posting decoded?
        bahth::search::ChampionPlan quarter = *plan;
        auto fewer = std::make_shared<std::vector<Xapian::docid>>();
        for (std::size_t i = 0; i < plan->candidates->size(); i += 4) {
          fewer->push_back((*plan->candidates)[i]);
        }
        quarter.candidates = fewer;
        const Xapian::Query rq = bahth::search::restricted_to_candidates(query, quarter);
        restricted_quarter = median_of(repeat, [&] { match(db, rq, depth, 0); });
        restricted_cut = median_of(repeat, [&] { match(db, r, depth, 0, plan->bound); });
        // The searcher's cut-off for a query not ordered strictly: coordination's band
        // floor, from the best of the most listed candidates, when above the bound.
        std::optional<double> least;
        least_best = median_of(repeat, [&] {
          least = bahth::search::least_best_weight(query, *plan, db, bahth::schema::kChampionBm25);
        });
        if (least && !words.strict()) {
          floor = bahth::search::kNearBestShare * *least * (1.0 - 1e-9);
          restricted_floor =
              median_of(repeat, [&] { match(db, r, depth, 0, std::max(plan->bound, floor)); });
        }
      }
      const std::optional<bahth::search::ChampionPlan> stem_plan =
          bahth::search::plan_champion_match(stems, db, lists);
      const double kth = mset.size() >= depth ? mset[depth - 1].get_weight() : 0;
      const double best = mset.empty() ? 0 : mset.begin().get_weight();
      std::printf(
          "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %zu | %zu | %.3f | %.3f "
          "| "
          "%.3f | %zu | %u | %.2f | %.3f | %.2f |\n",
          text.c_str(), parse, planning, restricted, restricted_cut, restricted_stems,
          restricted_quarter, full, full_stems, plan ? plan->candidates->size() : 0,
          stem_plan ? stem_plan->candidates->size() : 0, plan ? plan->bound : 0, kth, best,
          plan ? bahth::search::reordered_matches(mset, words) : 0,
          plan ? bahth::search::proven_ranks(mset, *plan) : 0, least_best, floor, restricted_floor);
    }
  } catch (const std::exception& e) {
    std::cerr << "champion_stages: " << e.what() << '\n';
    return 1;
  } catch (const Xapian::Error& e) {
    std::cerr << "champion_stages: " << e.get_description() << '\n';
    return 1;
  }
  return 0;
}
