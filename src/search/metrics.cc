// Retrieval metrics over TREC topics and qrels (see bahth/metrics.h for the conventions).
#include "bahth/metrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <set>
#include <string>
#include <system_error>

namespace bahth {
namespace {

bool is_relevant(const Judgements& judgements, const std::string& docid) {
  const auto it = judgements.find(docid);
  return it != judgements.end() && it->second > 0;
}

int grade_of(const Judgements& judgements, const std::string& docid) {
  const auto it = judgements.find(docid);
  return it == judgements.end() ? 0 : it->second;
}

double discount(std::size_t rank) { return std::log2(static_cast<double>(rank) + 1.0); }

void strip_cr(std::string& line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
}

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t\v\f") == std::string_view::npos;
}

std::vector<std::string_view> split_whitespace(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t at = 0;
  while (true) {
    at = line.find_first_not_of(" \t\v\f", at);
    if (at == std::string_view::npos) break;
    std::size_t end = line.find_first_of(" \t\v\f", at);
    if (end == std::string_view::npos) end = line.size();
    fields.push_back(line.substr(at, end - at));
    at = end;
  }
  return fields;
}

// Reads the next line that is not blank into `line`, counting physical lines in `number`;
// drops a trailing '\r' and a byte-order mark at the start of the file.
bool next_content_line(std::istream& in, std::string& line, std::size_t& number) {
  while (std::getline(in, line)) {
    ++number;
    strip_cr(line);
    if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (!is_blank(line)) return true;
  }
  return false;
}

}  // namespace

std::size_t count_relevant(const Judgements& judgements) {
  return static_cast<std::size_t>(std::count_if(
      judgements.begin(), judgements.end(), [](const auto& entry) { return entry.second > 0; }));
}

Ranking without_duplicates(const Ranking& ranking) {
  Ranking out;
  out.reserve(ranking.size());
  std::set<std::string_view> seen;
  for (const std::string& docid : ranking) {
    if (seen.insert(docid).second) out.push_back(docid);
  }
  return out;
}

double reciprocal_rank(const Ranking& ranking, const Judgements& judgements, std::size_t k) {
  const Ranking distinct = without_duplicates(ranking);
  const std::size_t n = std::min(k, distinct.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (is_relevant(judgements, distinct[i])) return 1.0 / static_cast<double>(i + 1);
  }
  return 0;
}

double success(const Ranking& ranking, const Judgements& judgements, std::size_t k) {
  return reciprocal_rank(ranking, judgements, k) > 0 ? 1.0 : 0.0;
}

double ndcg(const Ranking& ranking, const Judgements& judgements, std::size_t k) {
  std::vector<int> ideal;
  for (const auto& [docid, grade] : judgements) {
    if (grade > 0) ideal.push_back(grade);
  }
  std::sort(ideal.begin(), ideal.end(), std::greater<>());
  double ideal_dcg = 0;
  for (std::size_t i = 0; i < std::min(k, ideal.size()); ++i) {
    ideal_dcg += ideal[i] / discount(i + 1);
  }
  if (ideal_dcg <= 0) return 0;
  const Ranking distinct = without_duplicates(ranking);
  double dcg = 0;
  for (std::size_t i = 0; i < std::min(k, distinct.size()); ++i) {
    const int grade = grade_of(judgements, distinct[i]);
    if (grade > 0) dcg += grade / discount(i + 1);
  }
  return dcg / ideal_dcg;
}

double recall(const Ranking& ranking, const Judgements& judgements, std::size_t depth) {
  const std::size_t relevant = count_relevant(judgements);
  if (relevant == 0) return 0;
  const Ranking distinct = without_duplicates(ranking);
  std::size_t found = 0;
  for (std::size_t i = 0; i < std::min(depth, distinct.size()); ++i) {
    if (is_relevant(judgements, distinct[i])) ++found;
  }
  return static_cast<double>(found) / static_cast<double>(relevant);
}

double average_precision(const Ranking& ranking, const Judgements& judgements, std::size_t depth) {
  const std::size_t relevant = count_relevant(judgements);
  if (relevant == 0) return 0;
  const Ranking distinct = without_duplicates(ranking);
  std::size_t found = 0;
  double sum = 0;
  for (std::size_t i = 0; i < std::min(depth, distinct.size()); ++i) {
    if (is_relevant(judgements, distinct[i])) {
      ++found;
      sum += static_cast<double>(found) / static_cast<double>(i + 1);
    }
  }
  return sum / static_cast<double>(relevant);
}

QueryMetrics evaluate_query(const Ranking& ranking, const Judgements& judgements,
                            const MetricCutoffs& cutoffs) {
  QueryMetrics m;
  m.reciprocal_rank = reciprocal_rank(ranking, judgements, cutoffs.k);
  m.ndcg = ndcg(ranking, judgements, cutoffs.k);
  m.success = success(ranking, judgements, cutoffs.k);
  m.recall = recall(ranking, judgements, cutoffs.depth);
  m.average_precision = average_precision(ranking, judgements, cutoffs.depth);
  m.relevant = count_relevant(judgements);
  const Ranking distinct = without_duplicates(ranking);
  for (std::size_t i = 0; i < std::min(cutoffs.depth, distinct.size()); ++i) {
    if (is_relevant(judgements, distinct[i])) {
      m.first_relevant_rank = i + 1;
      break;
    }
  }
  return m;
}

MeanMetrics mean_of(const std::vector<QueryMetrics>& per_query) {
  MeanMetrics mean;
  mean.queries = per_query.size();
  if (per_query.empty()) return mean;
  for (const QueryMetrics& m : per_query) {
    mean.mrr += m.reciprocal_rank;
    mean.ndcg += m.ndcg;
    mean.success += m.success;
    mean.recall += m.recall;
    mean.map += m.average_precision;
  }
  const auto n = static_cast<double>(per_query.size());
  mean.mrr /= n;
  mean.ndcg /= n;
  mean.success /= n;
  mean.recall /= n;
  mean.map /= n;
  return mean;
}

std::vector<std::string> metric_names(const MetricCutoffs& cutoffs) {
  const std::string k = std::to_string(cutoffs.k);
  std::string mrr("MRR@");
  std::string ndcg_name("nDCG@");
  std::string success_name("Success@");
  std::string recall_name("Recall@");
  return {mrr.append(k), ndcg_name.append(k), success_name.append(k),
          recall_name.append(std::to_string(cutoffs.depth)), "MAP"};
}

std::vector<double> metric_values(const QueryMetrics& m) {
  return {m.reciprocal_rank, m.ndcg, m.success, m.recall, m.average_precision};
}

std::vector<double> metric_values(const MeanMetrics& m) {
  return {m.mrr, m.ndcg, m.success, m.recall, m.map};
}

std::vector<Topic> read_topics(std::istream& in, std::vector<ParseProblem>& problems) {
  std::vector<Topic> topics;
  std::map<std::string, std::size_t, std::less<>> first_line;
  std::string line;
  std::size_t number = 0;
  while (next_content_line(in, line, number)) {
    const auto tab = line.find('\t');
    if (tab == std::string::npos) {
      problems.push_back({number, "expected a query id, a tab and the query text"});
      continue;
    }
    Topic topic;
    const std::vector<std::string_view> id_fields =
        split_whitespace(std::string_view(line).substr(0, tab));
    if (id_fields.size() != 1) {
      problems.push_back({number, id_fields.empty() ? "empty query id before the tab"
                                                    : "the query id contains a space"});
      continue;
    }
    topic.qid = std::string(id_fields.front());
    topic.text = line.substr(tab + 1);
    topic.line = number;
    const auto [seen, inserted] = first_line.emplace(topic.qid, number);
    if (!inserted) {
      std::string reason("query id ");
      reason.append(topic.qid).append(" repeats line ").append(std::to_string(seen->second));
      problems.push_back({number, reason});
      continue;
    }
    topics.push_back(std::move(topic));
  }
  return topics;
}

Qrels read_qrels(std::istream& in, std::vector<ParseProblem>& problems) {
  Qrels qrels;
  std::string line;
  std::size_t number = 0;
  while (next_content_line(in, line, number)) {
    const std::vector<std::string_view> fields = split_whitespace(line);
    if (fields.size() != 4) {
      std::string reason("expected 4 fields (qid 0 docid relevance), found ");
      problems.push_back({number, reason.append(std::to_string(fields.size()))});
      continue;
    }
    const std::string_view grade_text = fields[3];
    int grade = 0;
    const char* first = grade_text.data();
    const char* last = grade_text.data() + grade_text.size();
    if (!grade_text.empty() && *first == '+') ++first;
    const auto [end, error] = std::from_chars(first, last, grade);
    if (error != std::errc() || end != last || first == last) {
      std::string reason("the relevance '");
      problems.push_back({number, reason.append(grade_text).append("' is not an integer")});
      continue;
    }
    qrels[std::string(fields[0])][std::string(fields[2])] = grade;
  }
  return qrels;
}

void write_run(std::ostream& out, std::string_view qid, const std::vector<RunEntry>& entries,
               std::string_view tag) {
  std::size_t rank = 0;
  double above = 0;
  for (const RunEntry& entry : entries) {
    ++rank;
    // trec_eval ranks by score, not rank: a result that coordination put above a better-scoring
    // one (search/coordination.h) is written just below the score of the one above it.
    const double written =
        rank > 1 && entry.score > above ? std::nextafter(above, -HUGE_VAL) : entry.score;
    above = written;
    // The shortest text that reads back as the same double, so ties and order survive.
    char score[64];
    const auto result = std::to_chars(score, score + sizeof score, written);
    out << qid << " Q0 " << entry.docid << ' ' << rank << ' '
        << std::string_view(score, static_cast<std::size_t>(result.ptr - score)) << ' ' << tag
        << '\n';
  }
}

}  // namespace bahth
