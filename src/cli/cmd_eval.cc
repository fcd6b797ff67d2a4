// `bahth eval`: run TREC topics through the same search as `bahth search` and score the results
// against qrels (MRR@k, nDCG@k, Success@k, Recall@100, MAP), as text or JSON, optionally writing
// a TREC run file.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bahth/error.h"
#include "bahth/evaluation.h"
#include "bahth/metrics.h"
#include "bahth/searcher.h"
#include "commands.h"
#include "error_report.h"
#include "options.h"
#include "render/inert.h"
#include "render/report.h"
#include "render/search_json.h"

namespace bahth::cli {
namespace {

struct EvalOptions {
  std::vector<std::string> db_paths;
  std::string queries_path;
  std::string qrels_path;
  std::string run_path;
  std::string tag = "bahth";
  std::size_t k = 10;
  bool json = false;
  bool expand = false;
  bool duplicates = false;
  QueryReading reading;
};

// Results asked of the searcher: enough for Recall@100 and MAP, and for @k when k is larger.
constexpr std::size_t kDepth = 100;

// Query ids named in a message before "…".
constexpr std::size_t kNamedInMessage = 5;

std::ifstream open_input(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, std::string("cannot open: ") + std::strerror(errno));
  return in;
}

void report_problems(const std::string& path, const std::vector<ParseProblem>& problems) {
  for (const ParseProblem& p : problems) {
    std::cerr << render::inert_text(InputError(path, p.line, p.reason).what()) << " (skipped)\n";
  }
}

std::string first_few(const std::vector<std::string>& qids) {
  std::string out;
  for (std::size_t i = 0; i < std::min(qids.size(), kNamedInMessage); ++i) {
    if (i > 0) out.append(", ");
    out.append(qids[i]);
  }
  if (qids.size() > kNamedInMessage) out.append(", …");
  return out;
}

// What stderr says about the run: refused queries, queries left out, judgements never asked.
void report_notes(const EvalOptions& options, const Evaluation& evaluation) {
  for (const FailedQuery& failure : evaluation.failures) {
    // Query ids and the messages quoting queries are the topics file's text: shown inert.
    std::cerr << "bahth: query " << render::inert_text(failure.qid) << ": "
              << render::inert_text(failure.message) << '\n';
  }
  const std::vector<std::string>& unjudged = evaluation.unjudged;
  if (!unjudged.empty()) {
    std::cerr << "bahth: " << unjudged.size() << " quer" << (unjudged.size() == 1 ? "y" : "ies")
              << " without a relevant document in " << options.qrels_path
              << " left out of the averages: " << render::inert_text(first_few(unjudged)) << '\n';
  }
  const std::size_t judged_not_asked = evaluation.judged_not_asked;
  if (judged_not_asked > 0) {
    std::cerr << "bahth: note: " << judged_not_asked << " judged quer"
              << (judged_not_asked == 1 ? "y" : "ies") << " of " << options.qrels_path << " not in "
              << options.queries_path << '\n';
  }
}

void run_eval(EvalOptions& options) {
  default_db_if_none(options.db_paths);
  if (options.tag.empty() || options.tag.find_first_of(" \t\r\n") != std::string::npos) {
    std::string message("--tag '");
    throw UsageError(message.append(options.tag).append("': must be one word"));
  }

  if (!options.run_path.empty()) {
    refuse_overwriting_input("--run", options.run_path, {options.queries_path, options.qrels_path});
  }
  std::vector<ParseProblem> problems;
  std::ifstream topics_in = open_input(options.queries_path);
  const std::vector<Topic> topics = read_topics(topics_in, problems);
  report_problems(options.queries_path, problems);
  problems.clear();
  std::ifstream qrels_in = open_input(options.qrels_path);
  const Qrels qrels = read_qrels(qrels_in, problems);
  report_problems(options.qrels_path, problems);

  const MetricCutoffs cutoffs{options.k, std::max(options.k, kDepth)};
  SearchOptions search;
  search.expand = options.expand;
  search.show_duplicates = options.duplicates;
  options.reading.apply_to(search);
  const Searcher searcher(options.db_paths);

  // Emptied only once the index is open: a run that cannot start keeps the last run file.
  std::ofstream run_out;
  RunSink sink;
  if (!options.run_path.empty()) {
    run_out.open(options.run_path, std::ios::binary | std::ios::trunc);
    if (!run_out) {
      throw Error(options.run_path + ": cannot write the run file: " + std::strerror(errno));
    }
    sink = [&](std::string_view qid, const std::vector<RunEntry>& results) {
      write_run(run_out, qid, results, options.tag);
    };
  }
  const Evaluation evaluation = evaluate_searcher(searcher, search, topics, qrels, cutoffs, sink);
  if (run_out.is_open()) {
    run_out.close();
    if (!run_out) throw Error(options.run_path + ": writing the run file failed");
  }

  report_notes(options, evaluation);
  if (evaluation.per_query.empty()) {
    std::string message("no query of ");
    message.append(options.queries_path).append(" has a relevant document in ");
    throw Error(message.append(options.qrels_path).append(": nothing to evaluate"));
  }
  if (options.json) {
    // Query ids come from the topics file: the inert writer escapes what a terminal would act on.
    std::cout << render::json_text(render::eval_json(evaluation), 2) << '\n';
  } else {
    std::cout << render::eval_text(evaluation);
  }
}

}  // namespace

void setup_eval(CLI::App& app) {
  auto options = std::make_shared<EvalOptions>();
  CLI::App* cmd = app.add_subcommand(
      "eval", "Score the search against TREC topics and relevance judgements (qrels)");
  add_db_paths_option(*cmd, options->db_paths,
                      "Index to search (default: $BAHTH_DB or ./bahth-index); repeat to search "
                      "several as one, or give a Xapian stub file");
  cmd->add_option("--queries", options->queries_path, "Topics: one 'qid<TAB>query text' a line")
      ->required();
  cmd->add_option("--qrels", options->qrels_path,
                  "Judgements, TREC qrels: 'qid 0 docid relevance' a line (relevance > 0: "
                  "relevant; graded for nDCG)")
      ->required();
  add_bounded_option(*cmd, "-k", options->k, "Cutoff of MRR, nDCG and Success", 1, 10000);
  cmd->add_flag("--json", options->json, "Print one JSON object, with per-query metrics");
  cmd->add_flag("--expand", options->expand,
                "Widen each query with terms of its top results, as `bahth search --expand`");
  cmd->add_flag("--duplicates", options->duplicates,
                "Rank near-duplicates as results of their own, as `bahth search --duplicates`: "
                "judgements are per document, and a folded copy counts as not found");
  add_query_reading_options(
      *cmd, options->reading,
      {.no_correct = "Search each query as typed, as `bahth search --no-correct`",
       .no_transliterate =
           "Search Latin-letter words as typed only, as `bahth search --no-transliterate`"});
  cmd->add_option("--run", options->run_path,
                  "Also write the results as a TREC run file (qid Q0 docid rank score tag)");
  cmd->add_option("--tag", options->tag, "Run tag written in the run file")->capture_default_str();
  cmd->footer(
      "Queries without a relevant document in the qrels are left out of the averages; a query "
      "that cannot be searched counts as zero. Every query runs exactly as `bahth search` would "
      "run it, asking for max(k, 100) results.");
  cmd->callback([options] { run_eval(*options); });
}

}  // namespace bahth::cli
