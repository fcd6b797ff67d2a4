// An in-memory segment and an append-only log for live writes (issue #26, bench/HISTORY.md):
// what each step would cost, with bahth's own reader, analysis and documents.
//
//   segment_probe parts   INDEX ARTICLES [--rounds N]
//   segment_probe add     INDEX ARTICLES LOG [--deferred | --log-only]
//                         [--log articles|documents]
//                         [--glass DIR]
//   segment_probe replay  INDEX LOG [--log articles|documents]
//   segment_probe move    INDEX_COPY ARTICLES
//   segment_probe search  QUERIES DB [DB...] [--repeat N] [--ids FILE] [--duplicates]
//   segment_probe xsearch INDEX SEGMENT QUERY_FILE... [--repeat N]
//
// INDEX is a built index (read only, but for `move`, which commits into it: give a copy).
// ARTICLES is any input `bahth index` reads (JSON Lines here).
// - parts: the CPU of building the articles' documents, part by part (each stage is the one
//   before plus one part; the stages alternate within each of N rounds; medians printed), and
//   checks that the last stage builds what DocumentBuilder::build does.
// - add: a live write as the segment design does it: read the articles, look their ids up in
//   the index, build the documents, append them to LOG (length, CRC-32 and the record: the
//   article as bahth stores it, or the built document serialised), fdatasync it, and add them
//   to an InMemory database. Prints each step's CPU (rusage) and the fsync's wall time. With
//   --deferred the documents leave out what only the move into the index needs (the MinHash
//   signature and band terms, and zstd: the record is stored plain, which readers read too).
//   With --log-only, nothing is built or added: the write a CLI process would make if the
//   readers (or a server) indexed the log. With --glass, the segment is also written (untimed) as a
//   glass database beside the index, holding the index's metadata: `search` can open it with the
//   index (Xapian's add_database).
// - replay: what a process that opens the index pays for LOG: read, check, decode (and build,
//   for an article log), add to an InMemory database; CPU per logged article.
// - move: the articles built into an InMemory segment (untimed), then moved into INDEX_COPY
//   and committed, as the background step would (Xapian's part; bahth's passes not included).
// - search: bahth::Searcher over the databases given (as `bahth search --db A --db B`), each
//   query of QUERIES N times; thread CPU p50/p95 of every search; with --ids, each query's top
//   ten ids (id=score), one line a query, for comparing two layouts.
// - xsearch: Xapian's matching alone (as bench/xapian_floor runs it: bahth's BM25 parameters,
//   collapse key, 100 matches, every match counted up to 1,000) of queries serialised by
//   bench/serialise_query, over INDEX with SEGMENT (a glass database, as `add --glass` writes)
//   and over INDEX with an InMemory copy of SEGMENT, alternated: thread CPU p50/p95 of each, and
//   whether the two give the same matches and weights.
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>
#include <xapian.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "bahth/analyzer.h"
#include "bahth/article.h"
#include "bahth/readers.h"
#include "bahth/searcher.h"
#include "bahth/stemmers.h"
#include "bench_support.h"
#include "index/document_builder.h"
#include "index/minhash.h"
#include "schema/schema.h"
#include "schema/stored_text.h"

namespace {

using bahth::Article;
using bahth::bench::percentile;
using bahth::bench::read_queries;
using bahth::bench::thread_cpu_ms;
namespace schema = bahth::schema;

double cpu_ms() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const auto ms = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) / 1e3;
  };
  return ms(usage.ru_utime) + ms(usage.ru_stime);
}

double wall_ms() {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// A new InMemory database (what Xapian::InMemory::open() made before it was deprecated).
Xapian::WritableDatabase in_memory_segment() {
  return Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
}

class CountingReporter : public bahth::ProblemReporter {
 public:
  void report(const bahth::ReadProblem& problem) override {
    if (problem.skipped) ++skipped;
  }
  std::size_t skipped = 0;
};

std::vector<Article> read_articles(const std::string& path) {
  CountingReporter reporter;
  bahth::ArticleStream stream({path}, {}, reporter);
  std::vector<Article> articles;
  for (Article article; stream.next(article);) articles.push_back(std::move(article));
  if (reporter.skipped > 0) std::fprintf(stderr, "%zu records skipped\n", reporter.skipped);
  return articles;
}

// What a writer reads from the index before it builds: its analysis and text dictionary.
struct IndexSetup {
  explicit IndexSetup(const std::string& path)
      : db(path),
        analysis(schema::read_recorded_analysis(db, path).stemmer),
        dictionary(schema::read_text_dictionary(db)) {}
  Xapian::Database db;
  bahth::Analysis analysis;
  std::shared_ptr<const schema::TextDictionary> dictionary;
};

// DocumentBuilder::build, one part at a time: each Stage is the one before plus one part.
enum class Stage {
  words,         // tokenize and normalize (the stems left uncomputed)
  stems,         // + the light stemmer
  terms,         // + the Xapian document's terms and positions (stem, exact word, field)
  signature,     // + the MinHash signature of the title and body words
  bands_values,  // + its value and 32 band terms, the boolean terms and other values
  stored,        // + the stored record compressed with zstd: DocumentBuilder::build
};
constexpr Stage kStages[] = {Stage::words,     Stage::stems,        Stage::terms,
                             Stage::signature, Stage::bands_values, Stage::stored};
const char* stage_name(Stage stage) {
  switch (stage) {
    case Stage::words:
      return "words (tokenize + normalize)";
    case Stage::stems:
      return "+ stems";
    case Stage::terms:
      return "+ terms and positions";
    case Stage::signature:
      return "+ MinHash signature";
    case Stage::bands_values:
      return "+ band terms, booleans, values";
    case Stage::stored:
      return "+ zstd stored record (= build)";
  }
  return "";
}

// A copy of DocumentBuilder (index/document_builder.cc) that stops at a stage, or with
// `deferred` leaves out the signature, its band terms and zstd (the record stored plain).
class PartBuilder {
 public:
  PartBuilder(const bahth::Analysis& analysis,
              const std::shared_ptr<const schema::TextDictionary>& dictionary)
      : analyzer_(analysis.analyzer()),
        words_only_(analyzer_, {}, bahth::TermStream::Stemming::on_demand),
        terms_(analyzer_) {
    stored_.use(dictionary);
  }

  Xapian::Document build(const Article& article, const std::string& hash, Stage stage,
                         bool deferred = false) {
    stage_ = stage;
    deferred_ = deferred;
    Xapian::Document doc;
    words_ = 0;
    signature_.reset();
    Xapian::termpos position = 1;
    position = index_text(article.title, schema::kTitlePrefix, schema::kTitleWdf, position, doc);
    position = index_text(article.body, "", schema::kBodyWdf, position + schema::kFieldGap, doc);
    for (const std::string& caption : article.captions) {
      position = index_text(caption, schema::kCaptionPrefix, schema::kCaptionWdf,
                            position + schema::kFieldGap, doc);
    }
    if (stage < Stage::signature) return doc;
    std::string signature = deferred ? std::string() : signature_.finish();
    if (stage < Stage::bands_values) return doc;
    doc.add_boolean_term(schema::id_term(article.id));
    if (!article.origin_file.empty()) {
      doc.add_boolean_term(schema::file_term(article.origin_file));
      doc.add_value(schema::kFileSlot, schema::file_key(article.origin_file));
    }
    if (!article.section.empty()) {
      doc.add_boolean_term(schema::section_term(article.section));
      doc.add_value(schema::kSectionSlot, article.section);
    }
    if (!article.source.empty()) {
      doc.add_boolean_term(schema::source_term(article.source));
      doc.add_value(schema::kSourceSlot, article.source);
    }
    if (const std::string date = schema::date_value(article.date); !date.empty()) {
      doc.add_value(schema::kDateSlot, date);
      doc.add_value(schema::kTimestampSlot, schema::timestamp_value(article.date));
      doc.add_boolean_term(std::string(schema::kYearPrefix) + date.substr(0, 4));
      doc.add_boolean_term(std::string(schema::kMonthPrefix) + date.substr(0, 6));
    }
    doc.add_value(schema::kHashSlot, hash);
    if (!signature.empty()) {
      doc.add_value(schema::kSignatureSlot, signature);
      for (std::size_t band = 0; band < bahth::index::kBands; ++band) {
        doc.add_boolean_term(schema::band_term(band, bahth::index::band_key(signature, band)));
      }
    }
    doc.add_value(schema::kWordCountSlot, Xapian::sortable_serialise(static_cast<double>(words_)));
    if (deferred) {
      doc.set_data(schema::encode_stored_article(article));
    } else if (stage >= Stage::stored) {
      doc.set_data(stored_.encode(article));
    }
    return doc;
  }

 private:
  Xapian::termpos index_text(std::string_view text, std::string_view prefix, Xapian::termcount wdf,
                             Xapian::termpos position, Xapian::Document& doc) {
    if (stage_ == Stage::words) {
      for (words_only_.reset(text); words_only_.next(); ++position) ++words_;
      return position;
    }
    const bool prefixed = !prefix.empty();
    for (terms_.reset(text); terms_.next(); ++position) {
      const bahth::Term& term = terms_.term();
      ++words_;
      if (stage_ == Stage::stems) continue;
      word_.assign(term.normalized);
      if (stage_ >= Stage::signature && !deferred_) {
        if (prefix == schema::kTitlePrefix) {
          signature_.add_title_word(word_);
        } else if (prefix.empty()) {
          signature_.add_body_word(word_);
        }
      }
      scratch_.assign(schema::kStemPrefix).append(term.stem);
      doc.add_posting(scratch_, position, wdf);
      doc.add_term(word_, wdf);
      if (prefixed) {
        scratch_.assign(schema::kStemPrefix).append(prefix).append(term.stem);
        doc.add_posting(scratch_, position);
      }
    }
    return position;
  }

  bahth::Analyzer analyzer_;
  bahth::TermStream words_only_;
  bahth::TermStream terms_;
  std::string word_;
  std::string scratch_;
  std::size_t words_ = 0;
  Stage stage_ = Stage::stored;
  bool deferred_ = false;
  bahth::index::SignatureBuilder signature_;
  schema::StoredTextEncoder stored_;
};

// The documents `deferred` builds: DocumentBuilder's but for the signature value, the band
// terms and the record's compression. Checked on every article `parts` reads.
bool same_but_deferred(const Xapian::Document& full, const Xapian::Document& deferred,
                       const Article& article) {
  const std::string band_prefix(schema::kBandPrefix);
  auto t = full.termlist_begin();
  auto d = deferred.termlist_begin();
  for (; t != full.termlist_end(); ++t) {
    if ((*t).starts_with(band_prefix)) continue;
    if (d == deferred.termlist_end() || *d != *t || d.get_wdf() != t.get_wdf()) return false;
    if (d.positionlist_count() != t.positionlist_count()) return false;
    ++d;
  }
  if (d != deferred.termlist_end()) return false;
  for (auto v = full.values_begin(); v != full.values_end(); ++v) {
    const bool left_out = v.get_valueno() == schema::kSignatureSlot;
    if (deferred.get_value(v.get_valueno()) != (left_out ? std::string() : *v)) return false;
  }
  return deferred.get_data() == schema::encode_stored_article(article);
}

int run_parts(const std::string& index, const std::string& input, int rounds) {
  const IndexSetup setup(index);
  const std::vector<Article> articles = read_articles(input);
  std::vector<std::string> hashes;
  hashes.reserve(articles.size());
  for (const Article& a : articles) hashes.push_back(schema::content_hash(a));
  PartBuilder parts(setup.analysis, setup.dictionary);
  bahth::index::DocumentBuilder real(setup.analysis);
  real.use_text_dictionary(setup.dictionary);
  for (std::size_t i = 0; i < articles.size(); ++i) {
    const Xapian::Document built = real.build(articles[i], hashes[i]);
    if (parts.build(articles[i], hashes[i], Stage::stored).serialise() != built.serialise()) {
      throw std::runtime_error("stage 'stored' differs from DocumentBuilder::build: " +
                               articles[i].id);
    }
    if (!same_but_deferred(built, parts.build(articles[i], hashes[i], Stage::stored, true),
                           articles[i])) {
      throw std::runtime_error("the deferred document differs beyond what it defers: " +
                               articles[i].id);
    }
  }
  // Named measurements, each a loop over every article; alternated within each round.
  std::vector<std::pair<std::string, std::function<void()>>> loops;
  loops.emplace_back("content hash", [&] {
    for (const Article& a : articles) schema::content_hash(a);
  });
  for (const Stage stage : kStages) {
    loops.emplace_back(stage_name(stage), [&, stage] {
      for (std::size_t i = 0; i < articles.size(); ++i) parts.build(articles[i], hashes[i], stage);
    });
  }
  loops.emplace_back("DocumentBuilder::build", [&] {
    for (std::size_t i = 0; i < articles.size(); ++i) real.build(articles[i], hashes[i]);
  });
  loops.emplace_back("deferred build (no signature, bands, zstd)", [&] {
    for (std::size_t i = 0; i < articles.size(); ++i) {
      parts.build(articles[i], hashes[i], Stage::stored, true);
    }
  });
  schema::StoredTextEncoder encoder;
  encoder.use(setup.dictionary);
  loops.emplace_back("zstd stored record alone", [&] {
    for (const Article& a : articles) encoder.encode(a);
  });
  loops.emplace_back("plain stored record alone", [&] {
    for (const Article& a : articles) schema::encode_stored_article(a);
  });
  std::vector<Xapian::Document> built;
  built.reserve(articles.size());
  for (std::size_t i = 0; i < articles.size(); ++i)
    built.push_back(real.build(articles[i], hashes[i]));
  loops.emplace_back("Document::serialise", [&] {
    for (const Xapian::Document& doc : built) doc.serialise();
  });
  std::vector<std::string> serialised;
  serialised.reserve(built.size());
  for (const Xapian::Document& doc : built) serialised.push_back(doc.serialise());
  loops.emplace_back("Document::unserialise", [&] {
    for (const std::string& s : serialised) Xapian::Document::unserialise(s);
  });
  loops.emplace_back("InMemory add_document (built)", [&] {
    Xapian::WritableDatabase segment = in_memory_segment();
    for (const Xapian::Document& doc : built) segment.add_document(doc);
  });
  std::vector<std::vector<double>> ms(loops.size());
  for (int round = 0; round < rounds; ++round) {
    for (std::size_t k = 0; k < loops.size(); ++k) {
      const double start = thread_cpu_ms();
      loops[k].second();
      ms[k].push_back(thread_cpu_ms() - start);
    }
  }
  std::printf(
      "%zu articles (%s), %d rounds; CPU ms of the batch (median, min, max) and per article\n",
      articles.size(), input.c_str(), rounds);
  for (std::size_t k = 0; k < loops.size(); ++k) {
    const double median = percentile(ms[k], 0.5);
    std::printf("%-46s %8.2f (%7.2f-%7.2f) %7.3f\n", loops[k].first.c_str(), median,
                percentile(ms[k], 0), percentile(ms[k], 1),
                median / static_cast<double>(articles.size()));
  }
  return 0;
}

// The log: records of (length, CRC-32 of the payload, payload), appended and fdatasync'ed.
enum class LogForm { articles, documents };

void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
std::uint32_t get_u32(const char* p) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}
std::uint32_t crc_of(std::string_view payload) {
  return static_cast<std::uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(payload.data()), static_cast<uInt>(payload.size())));
}
void append_record(std::string& out, std::string_view payload) {
  put_u32(out, static_cast<std::uint32_t>(payload.size()));
  put_u32(out, crc_of(payload));
  out.append(payload);
}

// Each record's payload in order; stops at a torn or damaged tail (a write cut by a crash).
std::vector<std::string_view> log_records(std::string_view log) {
  std::vector<std::string_view> records;
  std::size_t at = 0;
  while (at + 8 <= log.size()) {
    const std::uint32_t size = get_u32(log.data() + at);
    const std::uint32_t crc = get_u32(log.data() + at + 4);
    if (at + 8 + size > log.size()) break;
    const std::string_view payload = log.substr(at + 8, size);
    if (crc_of(payload) != crc) break;
    records.push_back(payload);
    at += 8 + size;
  }
  return records;
}

// Creates DIR as a glass database holding `docs` and INDEX's metadata (untimed; for `search`).
void write_glass(const std::string& dir, const Xapian::Database& index,
                 const std::vector<Xapian::Document>& docs) {
  Xapian::WritableDatabase out(dir, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
  for (auto key = index.metadata_keys_begin(); key != index.metadata_keys_end(); ++key) {
    out.set_metadata(*key, index.get_metadata(*key));
  }
  for (const Xapian::Document& doc : docs) out.add_document(doc);
  out.commit();
}

int run_add(const std::string& index, const std::string& input, const std::string& log_path,
            bool deferred, bool log_only, LogForm form, const std::string& glass) {
  if (log_only && form != LogForm::articles) throw std::runtime_error("--log-only logs articles");
  const double t0 = cpu_ms();
  const IndexSetup setup(index);
  PartBuilder builder(setup.analysis, setup.dictionary);
  const double t_open = cpu_ms();
  const std::vector<Article> articles = read_articles(input);
  const double t_read = cpu_ms();
  std::vector<std::string> hashes;
  std::size_t in_index = 0;
  for (const Article& a : articles) {
    hashes.push_back(schema::content_hash(a));
    const std::string term = schema::id_term(a.id);
    if (setup.db.postlist_begin(term) != setup.db.postlist_end(term)) ++in_index;
  }
  const double t_lookup = cpu_ms();
  std::vector<Xapian::Document> docs;
  docs.reserve(articles.size());
  for (std::size_t i = 0; i < articles.size() && !log_only; ++i) {
    docs.push_back(builder.build(articles[i], hashes[i], Stage::stored, deferred));
  }
  const double t_build = cpu_ms();
  std::string records;
  for (std::size_t i = 0; i < articles.size(); ++i) {
    append_record(records, form == LogForm::articles ? schema::encode_stored_article(articles[i])
                                                     : docs[i].serialise());
  }
  const int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error(log_path + ": " + std::strerror(errno));
  if (::write(fd, records.data(), records.size()) != static_cast<ssize_t>(records.size())) {
    throw std::runtime_error(log_path + ": short write");
  }
  const double t_log = cpu_ms();
  const double w_sync = wall_ms();
  if (::fdatasync(fd) != 0) throw std::runtime_error(log_path + ": fdatasync failed");
  const double w_synced = wall_ms();
  ::close(fd);
  const double t_sync = cpu_ms();
  Xapian::WritableDatabase segment = in_memory_segment();
  for (const Xapian::Document& doc : docs) segment.add_document(doc);
  const double t_mem = cpu_ms();
  std::printf(
      "add %zu (%zu in the index already)%s%s, log of %s %.1f KB: CPU open %.1f, read %.1f, "
      "look-up %.1f, build %.1f, log %.1f, fsync %.1f (wall %.1f), in-memory add %.1f; "
      "write path (build..add) %.1f ms\n",
      articles.size(), in_index, deferred ? " deferred" : "", log_only ? " log only" : "",
      form == LogForm::articles ? "articles" : "documents",
      static_cast<double>(records.size()) / 1024.0, t_open - t0, t_read - t_open, t_lookup - t_read,
      t_build - t_lookup, t_log - t_build, t_sync - t_log, w_synced - w_sync, t_mem - t_sync,
      t_mem - t_lookup);
  if (!glass.empty()) write_glass(glass, setup.db, docs);
  return 0;
}

int run_replay(const std::string& index, const std::string& log_path, LogForm form) {
  const double t0 = cpu_ms();
  const IndexSetup setup(index);
  PartBuilder builder(setup.analysis, setup.dictionary);
  const double t_open = cpu_ms();
  std::ifstream in(log_path, std::ios::binary);
  const std::string log((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::vector<std::string_view> records = log_records(log);
  const double t_read = cpu_ms();
  Xapian::WritableDatabase segment = in_memory_segment();
  for (const std::string_view record : records) {
    if (form == LogForm::documents) {
      segment.add_document(Xapian::Document::unserialise(std::string(record)));
    } else {
      const Article article = schema::decode_stored_article(record);
      segment.add_document(
          builder.build(article, schema::content_hash(article), Stage::stored, true));
    }
  }
  const double t_added = cpu_ms();
  std::printf(
      "replay %zu records (%s, %.1f KB): CPU open %.1f, read and check %.1f, decode%s and add "
      "%.1f ms (%.3f ms a record)\n",
      records.size(), form == LogForm::articles ? "articles" : "documents",
      static_cast<double>(log.size()) / 1024.0, t_open - t0, t_read - t_open,
      form == LogForm::articles ? ", build" : "", t_added - t_read,
      (t_added - t_open) / static_cast<double>(std::max<std::size_t>(1, records.size())));
  return 0;
}

int run_move(const std::string& index_copy, const std::string& input) {
  Xapian::WritableDatabase target(index_copy, Xapian::DB_OPEN);
  const bahth::Analysis analysis(schema::read_recorded_analysis(target, index_copy).stemmer);
  bahth::index::DocumentBuilder builder(analysis);
  builder.use_text_dictionary(schema::read_text_dictionary(target));
  Xapian::WritableDatabase segment = in_memory_segment();
  for (const Article& a : read_articles(input)) {
    segment.add_document(builder.build(a, schema::content_hash(a)));
  }
  const double t0 = cpu_ms();
  const double w0 = wall_ms();
  for (Xapian::docid id = 1; id <= segment.get_lastdocid(); ++id) {
    target.add_document(segment.get_document(id));
  }
  const double t_added = cpu_ms();
  const double w_added = wall_ms();
  target.commit();
  const double t_committed = cpu_ms();
  const double w_committed = wall_ms();
  std::printf(
      "move %u documents into %u: CPU add %.1f, commit %.1f, total %.1f ms (%.2f a document); "
      "wall commit %.1f ms\n",
      segment.get_doccount(), target.get_doccount() - segment.get_doccount(), t_added - t0,
      t_committed - t_added, t_committed - t0,
      (t_committed - t0) / static_cast<double>(segment.get_doccount()), w_committed - w_added);
  (void)w0;
  return 0;
}

int run_search(const std::string& queries_path, const std::vector<std::string>& dbs, int repeat,
               const std::string& ids_path, bool duplicates) {
  const std::vector<std::string> queries = read_queries(queries_path);
  const bahth::Searcher searcher(dbs);
  bahth::SearchOptions options;
  options.show_duplicates = duplicates;
  std::vector<double> cpu;
  std::vector<bahth::SearchResults> last(queries.size());
  for (int r = 0; r < repeat; ++r) {
    for (std::size_t i = 0; i < queries.size(); ++i) {
      const double start = thread_cpu_ms();
      last[i] = searcher.search(queries[i], options);
      cpu.push_back(thread_cpu_ms() - start);
    }
  }
  if (!ids_path.empty()) {
    std::ofstream out(ids_path);
    for (std::size_t i = 0; i < queries.size(); ++i) {
      out << queries[i] << '\t' << last[i].total;
      for (const bahth::SearchHit& hit : last[i].hits) out << '\t' << hit.id << '=' << hit.score;
      out << '\n';
    }
  }
  std::printf(
      "search %zu queries x %d over %zu databases: CPU p50 %.3f ms, p95 %.3f ms, mean %.3f\n",
      queries.size(), repeat, dbs.size(), percentile(cpu, 0.5), percentile(cpu, 0.95), [&] {
        double sum = 0;
        for (double x : cpu) sum += x;
        return sum / static_cast<double>(cpu.size());
      }());
  return 0;
}

// The matches of `query` over `db` as bahth's search asks Xapian for them (bench/xapian_floor.cc).
Xapian::MSet match(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BM25Weight(1.0, 0.0, 1.0, 0.5, 0.2));
  enquire.set_collapse_key(schema::kDuplicateGroupSlot);
  return enquire.get_mset(0, 100, 1000);
}

int run_xsearch(const std::string& index, const std::string& glass,
                const std::vector<std::string>& query_files, int repeat) {
  const Xapian::Database segment_on_disk(glass);
  Xapian::WritableDatabase segment_in_memory = in_memory_segment();
  for (Xapian::docid id = 1; id <= segment_on_disk.get_lastdocid(); ++id) {
    segment_in_memory.add_document(segment_on_disk.get_document(id));
  }
  Xapian::Database with_glass(index);
  with_glass.add_database(segment_on_disk);
  Xapian::Database with_memory(index);
  with_memory.add_database(segment_in_memory);
  std::vector<Xapian::Query> queries;
  for (const std::string& file : query_files) {
    std::ifstream in(file, std::ios::binary);
    queries.push_back(Xapian::Query::unserialise(
        std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>())));
  }
  std::vector<double> glass_ms;
  std::vector<double> memory_ms;
  std::size_t differ = 0;
  for (int r = 0; r < repeat; ++r) {
    for (const Xapian::Query& query : queries) {
      double start = thread_cpu_ms();
      const Xapian::MSet on_disk = match(with_glass, query);
      glass_ms.push_back(thread_cpu_ms() - start);
      start = thread_cpu_ms();
      const Xapian::MSet in_memory = match(with_memory, query);
      memory_ms.push_back(thread_cpu_ms() - start);
      if (r > 0) continue;
      bool same = on_disk.size() == in_memory.size();
      for (auto a = on_disk.begin(), b = in_memory.begin(); same && a != on_disk.end(); ++a, ++b) {
        same = *a == *b && a.get_weight() == b.get_weight();
      }
      if (!same) ++differ;
    }
  }
  std::printf(
      "xsearch %zu queries x %d, index + segment of %u: glass CPU p50 %.3f p95 %.3f ms, "
      "InMemory p50 %.3f p95 %.3f ms; %zu queries' matches differ\n",
      queries.size(), repeat, segment_on_disk.get_doccount(), percentile(glass_ms, 0.5),
      percentile(glass_ms, 0.95), percentile(memory_ms, 0.5), percentile(memory_ms, 0.95), differ);
  return 0;
}

LogForm log_form(const std::string& name) {
  if (name == "articles") return LogForm::articles;
  if (name == "documents") return LogForm::documents;
  throw std::runtime_error("--log: articles or documents, not " + name);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::vector<std::string> positional;
    int rounds = 7;
    bool deferred = false;
    bool log_only = false;
    bool duplicates = false;
    LogForm form = LogForm::articles;
    std::string glass;
    std::string ids;
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      const auto value = [&]() -> std::string {
        if (i + 1 >= argc) throw std::runtime_error(arg + " needs a value");
        return argv[++i];
      };
      if (arg == "--rounds" || arg == "--repeat") {
        rounds = std::stoi(value());
      } else if (arg == "--deferred") {
        deferred = true;
      } else if (arg == "--log-only") {
        log_only = true;
      } else if (arg == "--duplicates") {
        duplicates = true;
      } else if (arg == "--log") {
        form = log_form(value());
      } else if (arg == "--glass") {
        glass = value();
      } else if (arg == "--ids") {
        ids = value();
      } else {
        positional.push_back(arg);
      }
    }
    const std::string command = positional.empty() ? "" : positional.front();
    const std::size_t n = positional.size();
    if (command == "parts" && n == 3) return run_parts(positional[1], positional[2], rounds);
    if (command == "add" && n == 4) {
      return run_add(positional[1], positional[2], positional[3], deferred, log_only, form, glass);
    }
    if (command == "replay" && n == 3) return run_replay(positional[1], positional[2], form);
    if (command == "move" && n == 3) return run_move(positional[1], positional[2]);
    if (command == "xsearch" && n >= 4) {
      return run_xsearch(positional[1], positional[2], {positional.begin() + 3, positional.end()},
                         rounds);
    }
    if (command == "search" && n >= 3) {
      return run_search(positional[1], {positional.begin() + 2, positional.end()}, rounds, ids,
                        duplicates);
    }
    std::fprintf(stderr,
                 "usage: segment_probe parts INDEX ARTICLES [--rounds N]\n"
                 "       segment_probe add INDEX ARTICLES LOG [--deferred | --log-only] "
                 "[--log articles|documents] [--glass DIR]\n"
                 "       segment_probe replay INDEX LOG [--log articles|documents]\n"
                 "       segment_probe move INDEX_COPY ARTICLES\n"
                 "       segment_probe search QUERIES DB [DB...] [--repeat N] [--ids FILE] "
                 "[--duplicates]\n"
                 "       segment_probe xsearch INDEX SEGMENT QUERY_FILE... [--repeat N]\n");
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "segment_probe: %s\n", e.what());
    return 1;
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "segment_probe: %s\n", e.get_description().c_str());
    return 1;
  }
}
