#include "bahth/indexer.h"

#include <xapian.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "bahth/error.h"
#include "database_writer.h"
#include "duplicate_groups.h"
#include "schema/layout.h"
#include "schema/schema.h"

namespace bahth {

namespace {

// A directory with files in it but no Xapian database: most likely a --db typo (a home or a data
// directory); Xapian would create its tables among those files.
bool is_foreign_directory(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_directory(path, error)) return false;
  if (std::filesystem::is_empty(path, error)) return false;
  for (const char* marker : {"iamglass", "iamchert", "iamhoney"}) {
    if (std::filesystem::exists(std::filesystem::path(path) / marker, error)) return false;
  }
  return true;
}

Xapian::WritableDatabase open_for_writing(const std::string& path) {
  if (is_foreign_directory(path)) {
    throw IndexError(path,
                     "this directory is not a Xapian database and is not empty; give --db a new "
                     "or empty directory");
  }
  try {
    return Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
  } catch (const Xapian::DatabaseLockError&) {
    throw IndexError(path,
                     "the index is being written by another process (another 'bahth "
                     "index'?); wait for it to finish");
  } catch (const Xapian::DatabaseError& e) {
    throw IndexError(path, "cannot open for writing: " + e.get_msg());
  } catch (const Xapian::Error& e) {
    throw IndexError(path, "cannot open for writing: " + e.get_description());
  }
}

void record_analysis(Xapian::WritableDatabase& db, StemmerKind stemmer) {
  db.set_metadata(std::string(schema::kMetaSchema), std::string(schema::kSchemaVersion));
  db.set_metadata(std::string(schema::kMetaStemmer), std::string(to_string(stemmer)));
  db.set_metadata(std::string(schema::kMetaAnalyzer), schema::make_analyzer(stemmer).name());
}

// Refuses to mix analyses in one database: terms from two stemmers would not match each other.
void check_or_record_analysis(Xapian::WritableDatabase& db, const std::string& path,
                              StemmerKind stemmer, const std::string& analyzer_name) {
  const schema::RecordedAnalysis recorded = schema::read_recorded_analysis(db, path);
  if (!recorded.present) {
    record_analysis(db, stemmer);
    return;
  }
  if (recorded.stemmer != stemmer) {
    throw IndexError(path, "this index was built with --stemmer " +
                               std::string(to_string(recorded.stemmer)) + ", not " +
                               std::string(to_string(stemmer)) +
                               "; index into another --db, or use --stemmer " +
                               std::string(to_string(recorded.stemmer)));
  }
  if (recorded.analyzer_name != analyzer_name) {
    throw IndexError(path, "this index was built with analysis '" + recorded.analyzer_name +
                               "' and this bahth analyzes with '" + analyzer_name +
                               "'; rebuild it into a new --db");
  }
}

unsigned thread_count(unsigned requested) {
  if (requested != 0) return requested;
  return std::max(1u, std::thread::hardware_concurrency());
}

// Opens what a killed bulk build left of one part. Nullopt for a part that was never created
// (killed before Xapian wrote it): it holds no article. Any other failure is an error, so that
// no committed article is dropped silently.
std::optional<Xapian::Database> open_leftover_part(const std::filesystem::path& part) {
  if (!std::filesystem::exists(part / "iamglass")) return std::nullopt;
  try {
    return Xapian::Database(part.string());
  } catch (const Xapian::Error& e) {
    throw IndexError(part.string(), "cannot resume the interrupted build from this part (" +
                                        e.get_description() + "); delete " +
                                        part.parent_path().string() + " to build from scratch");
  }
}

// Runs job(i) for i in [0, n) on n threads, and rethrows the first exception any of them threw.
template <typename Job>
void run_in_parallel(std::size_t n, Job job) {
  if (n == 1) {
    job(0);
    return;
  }
  std::vector<std::exception_ptr> errors(n);
  {
    std::vector<std::jthread> threads;
    for (std::size_t i = 0; i < n; ++i) {
      threads.emplace_back([&, i] {
        try {
          job(i);
        } catch (...) {
          errors[i] = std::current_exception();
        }
      });
    }
  }
  for (const std::exception_ptr& error : errors) {
    if (error) std::rethrow_exception(error);
  }
}

bool is_plain_database(const std::string& path) {
  std::error_code ec;
  return std::filesystem::exists(std::filesystem::path(path) / "iamglass", ec) ||
         std::filesystem::exists(std::filesystem::path(path) / "iamchert", ec);
}

// How many shards this run writes: what the index records, else what was asked (1 by default).
// Any other count would send articles to other shards than before, duplicating them.
std::size_t shards_to_write(const std::string& path, unsigned requested) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) {
    throw IndexError(path, "is a file (a Xapian stub file?); give --db the index's directory");
  }
  const std::size_t recorded = schema::recorded_shard_count(path);
  if (recorded > 0) {
    if (requested == 0 || requested == recorded) return recorded;
    throw IndexError(
        path, "this index has " + std::to_string(recorded) + " shards (built with --shards " +
                  std::to_string(recorded) + "); give --shards " + std::to_string(recorded) +
                  " or leave it out, or index into a new --db to use " + std::to_string(requested));
  }
  if (requested <= 1) return 1;
  if (is_plain_database(path)) {
    throw IndexError(path,
                     "this index is one database, not shards; index into a new --db to "
                     "use --shards " +
                         std::to_string(requested) + ", or leave --shards out");
  }
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_empty(path, ec)) {
    throw IndexError(path, "exists and is not a bahth index; give --db a new directory for " +
                               std::to_string(requested) + " shards");
  }
  return requested;
}

}  // namespace

// Three ways to write:
// - into the index itself, one writer whose analysis runs on `threads` threads;
// - a bulk build, when the index is empty and there are several threads: Xapian's writer is
//   single-threaded and writing costs four times what analysis does, so each thread writes a
//   part of its own (articles spread by a hash of their id) and finish() merges the parts into
//   the index with Xapian's compaction. The index's lock is held all along, so no other writer
//   can start meanwhile;
// - a sharded index (--shards N): one writer per shard database, in parallel, the analysis
//   threads split among them; each shard's lock is held for the whole run. The shards stay
//   apart (that is the point), and the stub file lets readers open them as one.
struct Indexer::Impl {
  std::string path;
  StemmerKind stemmer;
  Xapian::WritableDatabase index;   // holds the lock for the whole run (one-database layout)
  std::filesystem::path parts_dir;  // empty unless this is a bulk build
  std::size_t shards = 1;           // > 1: writers[i] writes shard i
  std::vector<std::unique_ptr<index::DatabaseWriter>> writers;
  IndexCounts counts;

  explicit Impl(const IndexOptions& options)
      : path(options.db_path),
        stemmer(options.stemmer),
        shards(shards_to_write(path, options.shards)) {
    const unsigned threads = thread_count(options.threads);
    if (shards > 1) {
      open_shards(threads);
      return;
    }
    index = open_for_writing(path);
    check_or_record_analysis(index, path, stemmer, schema::make_analyzer(stemmer).name());
    index.commit();  // an interrupted bulk build still leaves an index that knows its analysis
    resume_interrupted_bulk_build();
    if (threads > 1 && index.get_doccount() == 0) {
      start_bulk_build(threads);
    } else {
      writers.push_back(std::make_unique<index::DatabaseWriter>(index, stemmer, threads));
    }
  }

  // A bulk build that was killed (SIGKILL, power cut) leaves its committed articles in parts:
  // merge them now, as the interrupted run would have. A bulk build only starts on an empty
  // index and nothing else writes it until the merge, so an index that is not empty means the
  // merge was done and only the removal of the parts was cut short.
  void resume_interrupted_bulk_build() {
    const std::filesystem::path leftover = schema::bulk_parts_path(path);
    if (!std::filesystem::exists(leftover)) return;
    if (index.get_doccount() == 0) {
      Xapian::Database all;
      for (const auto& entry : std::filesystem::directory_iterator(leftover)) {
        if (entry.path().filename().string().starts_with("part")) {
          if (auto part = open_leftover_part(entry.path())) all.add_database(*part);
        }
      }
      const std::filesystem::path merged = leftover / "merged";
      std::filesystem::remove_all(merged);  // a compaction cut short
      if (all.get_doccount() > 0) {
        all.compact(merged.string(), Xapian::DB_BACKEND_GLASS);
        replace_index_with(merged, leftover);
      }
    }
    std::filesystem::remove_all(leftover);
  }

  // Opens (or creates) every shard, then writes the stub, so the stub never lists a shard that
  // does not exist yet.
  void open_shards(unsigned threads) {
    std::filesystem::create_directories(path);
    const std::string analyzer_name = schema::make_analyzer(stemmer).name();
    const auto analysis_threads = static_cast<unsigned>(std::max<std::size_t>(1, threads / shards));
    for (std::size_t i = 0; i < shards; ++i) {
      const std::string shard = schema::shard_path(path, i);
      Xapian::WritableDatabase db = open_for_writing(shard);
      check_or_record_analysis(db, shard, stemmer, analyzer_name);
      const std::string recorded = db.get_metadata(std::string(schema::kMetaShardIndex));
      if (!recorded.empty() && recorded != std::to_string(i)) {
        throw IndexError(shard, "records that it is shard " + recorded + ", not " +
                                    std::to_string(i) + " (moved or renamed?); put it back");
      }
      db.set_metadata(std::string(schema::kMetaShards), std::to_string(shards));
      db.set_metadata(std::string(schema::kMetaShardIndex), std::to_string(i));
      db.commit();
      writers.push_back(std::make_unique<index::DatabaseWriter>(db, stemmer, analysis_threads));
    }
    schema::write_shard_stub(path, shards);
  }

  void start_bulk_build(unsigned parts) {
    parts_dir = schema::bulk_parts_path(path);
    std::filesystem::create_directories(parts_dir);
    for (unsigned i = 0; i < parts; ++i) {
      const std::string part = (parts_dir / ("part" + std::to_string(i))).string();
      writers.push_back(std::make_unique<index::DatabaseWriter>(
          Xapian::WritableDatabase(part, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS),
          stemmer, 1));
    }
  }

  bool bulk() const { return !parts_dir.empty(); }

  void add(const std::vector<Article>& articles, std::vector<IndexOutcome>& outcomes) {
    outcomes.assign(articles.size(), IndexOutcome::unchanged);
    std::vector<std::vector<std::size_t>> which(writers.size());
    for (std::size_t i = 0; i < articles.size(); ++i) {
      which[writers.size() > 1 ? schema::shard_of(articles[i].id, writers.size()) : 0].push_back(i);
    }
    run_in_parallel(writers.size(),
                    [&](std::size_t w) { writers[w]->add(articles, which[w], outcomes); });
    for (IndexOutcome outcome : outcomes) {
      ++(outcome == IndexOutcome::added     ? counts.added
         : outcome == IndexOutcome::updated ? counts.updated
                                            : counts.unchanged);
    }
  }

  void commit() {
    run_in_parallel(writers.size(), [&](std::size_t w) { writers[w]->db().commit(); });
  }

  std::size_t document_count() const {
    std::size_t n = 0;
    for (const auto& writer : writers) n += writer->db().get_doccount();
    return n;
  }

  // Merges the parts into the index: compaction writes a fresh database beside the index,
  // which then takes the index's place.
  void merge_parts() {
    commit();
    const bool any = document_count() > 0;  // no readable article: nothing to merge
    const std::filesystem::path merged = parts_dir / "merged";
    if (any) compact_parts_into(merged);
    writers.clear();
    if (any) replace_index_with(merged, parts_dir);
    std::filesystem::remove_all(parts_dir);
    parts_dir.clear();
    writers.push_back(std::make_unique<index::DatabaseWriter>(index, stemmer, 1));
  }

  void compact_parts_into(const std::filesystem::path& merged) {
    Xapian::Database all;
    for (const auto& writer : writers) all.add_database(writer->db());
    all.compact(merged.string(), Xapian::DB_BACKEND_GLASS);
  }

  // Puts the merged database where the index was; REQUIRES: the parts' writers are closed.
  // Two renames, each atomic: killed between them, the index is missing but the parts are all
  // there, and the next run merges them again (resume_interrupted_bulk_build).
  void replace_index_with(const std::filesystem::path& merged,
                          const std::filesystem::path& scratch) {
    index.close();
    const std::filesystem::path old_index = scratch / "replaced";
    std::filesystem::remove_all(old_index);
    std::filesystem::rename(path, old_index);
    std::filesystem::rename(merged, path);
    index = open_for_writing(path);
    record_analysis(index, stemmer);
  }

  void finish() {
    if (bulk()) merge_parts();
    commit();
    run_in_parallel(writers.size(), [&](std::size_t w) {
      writers[w]->sync_spelling();
      // Near-duplicates are grouped within each shard: copies in different shards stay apart.
      index::sync_duplicate_groups(writers[w]->db());
    });
    commit();
  }
};

Indexer::Indexer(const IndexOptions& options) {
  try {
    impl_ = std::make_unique<Impl>(options);
  } catch (const Xapian::Error& e) {
    throw IndexError(options.db_path, e.get_description());
  } catch (const std::filesystem::filesystem_error& e) {
    throw IndexError(options.db_path, e.what());
  }
}

Indexer::~Indexer() = default;

void Indexer::add(const std::vector<Article>& articles, std::vector<IndexOutcome>* outcomes) {
  try {
    std::vector<IndexOutcome> local;
    impl_->add(articles, outcomes != nullptr ? *outcomes : local);
  } catch (const Xapian::Error& e) {
    throw IndexError(impl_->path, "cannot write: " + e.get_description());
  }
}

void Indexer::commit() {
  try {
    impl_->commit();
  } catch (const Xapian::Error& e) {
    throw IndexError(impl_->path, "cannot commit: " + e.get_description());
  }
}

void Indexer::finish() {
  try {
    impl_->finish();
  } catch (const Xapian::Error& e) {
    throw IndexError(impl_->path, "cannot finish the index: " + e.get_description());
  } catch (const std::filesystem::filesystem_error& e) {
    throw IndexError(impl_->path, std::string("cannot finish the index: ") + e.what());
  }
}

const IndexCounts& Indexer::counts() const { return impl_->counts; }

std::size_t Indexer::document_count() const { return impl_->document_count(); }

}  // namespace bahth
