#include "bahth/indexer.h"

#include <sys/resource.h>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bahth/error.h"
#include "bahth/stemmers.h"
#include "band_terms.h"
#include "database_writer.h"
#include "duplicate_groups.h"
#include "schema/layout.h"
#include "schema/schema.h"
#include "schema/stored_text.h"
#include "store/names.h"
#include "store/store.h"
#include "variant_learner.h"
#include "variant_state.h"

namespace bahth {

namespace {

void record_analysis(Xapian::WritableDatabase& db, const Analysis& analysis) {
  db.set_metadata(std::string(schema::kMetaSchema), std::string(schema::kSchemaVersion));
  db.set_metadata(std::string(schema::kMetaStemmer), std::string(to_string(analysis.kind())));
  db.set_metadata(std::string(schema::kMetaAnalyzer), analysis.name());
}

// Refuses to mix analyses in one database: terms from two stemmers would not match each other.
void check_or_record_analysis(Xapian::WritableDatabase& db, const std::string& path,
                              const Analysis& analysis) {
  const schema::RecordedAnalysis recorded = schema::read_recorded_analysis(db, path);
  if (!recorded.present) {
    record_analysis(db, analysis);
    // Every article this bahth writes has its band terms; an index that had articles before
    // (from a bahth without them) never records it.
    if (db.get_doccount() == 0) {
      db.set_metadata(std::string(schema::kMetaBandTerms), std::string(schema::kBandTermsForm));
    }
    return;
  }
  if (recorded.stemmer != analysis.kind()) {
    throw IndexError(path, "this index was built with --stemmer " +
                               std::string(to_string(recorded.stemmer)) + ", not " +
                               std::string(to_string(analysis.kind())) +
                               "; index into another --db, or use --stemmer " +
                               std::string(to_string(recorded.stemmer)));
  }
  if (recorded.analyzer_name != analysis.name()) {
    throw IndexError(path, "this index was built with analysis '" + recorded.analyzer_name +
                               "' and this bahth analyzes with '" + analysis.name() +
                               "'; rebuild it into a new --db");
  }
}

// Files a sharded run keeps open: each shard's writer holds its tables and lock (measured: 16
// shards need 113 to 116 descriptors, 8 need 61 to 70), plus the inputs and the process's own.
constexpr rlim_t kDescriptorsPerShard = 8;
constexpr rlim_t kDescriptorsBesideShards = 32;

// A run that would run out of file descriptors halfway fails after creating the shards, and
// every rerun fails the same way: refuse it before anything is written (or raise the soft limit
// up to the hard one when that is enough).
void ensure_descriptors_for(std::size_t shards, const std::string& name) {
  const rlim_t need = shards * kDescriptorsPerShard + kDescriptorsBesideShards;
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY ||
      limit.rlim_cur >= need) {
    return;
  }
  if (limit.rlim_max == RLIM_INFINITY || limit.rlim_max >= need) {
    limit.rlim_cur = need;
    if (::setrlimit(RLIMIT_NOFILE, &limit) == 0) return;
  }
  const rlim_t most = limit.rlim_cur;
  const rlim_t fit = most > kDescriptorsBesideShards
                         ? (most - kDescriptorsBesideShards) / kDescriptorsPerShard
                         : 0;
  throw IndexError(name, std::to_string(shards) + " shards keep about " + std::to_string(need) +
                             " files open, and this process may open " + std::to_string(most) +
                             " (ulimit -n); raise the limit (ulimit -n " + std::to_string(need) +
                             ") or use at most " + std::to_string(fit) + " shards");
}

unsigned thread_count(unsigned requested) {
  if (requested != 0) return requested;
  return std::max(1u, std::thread::hardware_concurrency());
}

// Runs job(i) for i in [0, n) on n threads, the caller's and n - 1 kept for the Indexer's life,
// and rethrows the first exception any of them threw. Job i runs on the same thread every round:
// a part's writer always on one thread, its allocations in one malloc arena, where a first build
// started and ended two threads for each batch of 512 articles and each commit
// (bench/HISTORY.md, idxrate2).
class WorkerPool {
 public:
  WorkerPool() = default;
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;
  ~WorkerPool() {
    {
      const std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
  }  // the jthreads join here

  void run(std::size_t n, const std::function<void(std::size_t)>& job) {
    if (n <= 1) {
      if (n == 1) job(0);
      return;
    }
    while (threads_.size() < n - 1) {
      const std::size_t k = threads_.size() + 1;
      threads_.emplace_back([this, k] { serve(k); });
    }
    {
      const std::lock_guard lock(mutex_);
      job_ = &job;
      jobs_ = n;
      left_ = n - 1;
      errors_.assign(n, nullptr);
      ++round_;
    }
    wake_.notify_all();
    try {
      job(0);
    } catch (...) {
      errors_[0] = std::current_exception();
    }
    std::unique_lock lock(mutex_);
    done_.wait(lock, [this] { return left_ == 0; });
    job_ = nullptr;
    for (const std::exception_ptr& error : errors_) {
      if (error) std::rethrow_exception(error);
    }
  }

 private:
  // Thread k runs job k of every round that has one.
  void serve(std::size_t k) {
    std::uint64_t seen = 0;
    std::unique_lock lock(mutex_);
    while (true) {
      wake_.wait(lock, [&] { return stopping_ || round_ != seen; });
      if (stopping_) return;
      seen = round_;
      if (k >= jobs_) continue;
      const std::function<void(std::size_t)>& job = *job_;
      lock.unlock();
      std::exception_ptr error;
      try {
        job(k);
      } catch (...) {
        error = std::current_exception();
      }
      lock.lock();
      errors_[k] = error;
      if (--left_ == 0) done_.notify_one();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;  // a round started, or the pool ends
  std::condition_variable done_;  // the round's last worker finished
  const std::function<void(std::size_t)>* job_ = nullptr;
  std::size_t jobs_ = 0;  // this round's n
  std::size_t left_ = 0;  // the round's jobs on workers, not finished yet
  std::uint64_t round_ = 0;
  bool stopping_ = false;
  std::vector<std::exception_ptr> errors_;  // by job
  std::vector<std::jthread> threads_;       // thread i runs job i + 1; last, joined first
};

// How many shards this run writes: what the index records, else what was asked (1 by default).
// Any other count would send articles to other shards than before, duplicating them.
std::size_t shards_to_write(const store::Writer& store, unsigned requested) {
  std::error_code ec;
  const std::string& path = store.location().path;
  const std::string& name = store.location().given;
  if (std::filesystem::is_regular_file(path, ec)) {
    throw IndexError(name, "is a file (a Xapian stub file?); give --db the index's directory");
  }
  const std::size_t recorded = store.shard_count();
  if (recorded > 0) {
    if (requested == 0 || requested == recorded) return recorded;
    throw IndexError(
        name, "this index has " + std::to_string(recorded) + " shards (built with --shards " +
                  std::to_string(recorded) + "); give --shards " + std::to_string(recorded) +
                  " or leave it out, or index into a new --db to use " + std::to_string(requested));
  }
  if (requested <= 1) return 1;
  if (store.exists()) {
    throw IndexError(name,
                     "this index is one database, not shards; index into a new --db to "
                     "use --shards " +
                         std::to_string(requested) + ", or leave --shards out");
  }
  return requested;
}

// The stemmer to analyse with: the one asked, or for a command that only changes an existing
// index, the one that index records (IndexError when there is no index).
StemmerKind stemmer_to_use(const store::Writer& store, const IndexOptions& options) {
  if (!options.existing_only) return options.stemmer;
  if (!store.exists()) throw store::no_index_here(store.location().given);
  const std::string first = store.shard_count() > 0 ? schema::shard_path(store.location().path, 0)
                                                    : store.location().path;
  const schema::RecordedAnalysis recorded = schema::read_recorded_analysis(
      Xapian::Database(first, Xapian::DB_BACKEND_GLASS), store.location().given);
  return recorded.present ? recorded.stemmer : options.stemmer;
}

}  // namespace

// Three ways to write (the store, store/store.h, does every step on disk beyond Xapian's own
// commits: creating, merging, swapping, recovering):
// - into the index itself, one writer whose analysis runs on `threads` threads;
// - a bulk build, when the index is empty and there are several threads: Xapian's writer is
//   single-threaded and writing costs four times what analysis does, so each thread writes a
//   part of its own (articles spread by a hash of their id) and finish() merges the parts into
//   the index with Xapian's compaction. The store's lock is held all along, so no other writer
//   can start meanwhile;
// - a sharded index (--shards N): one writer per shard database, in parallel, the analysis
//   threads split among them; each shard's lock is held for the whole run. The shards stay
//   apart (that is the point), and the stub file lets readers open them as one.
struct Indexer::Impl {
  WorkerPool pool;      // the writers' threads: job w of each round on the same thread
  store::Writer store;  // the layout lock, from the first step of the run to its last
  std::string path;     // as given, for messages
  // Built once from options.stemmer; every writer and its analysis threads share it.
  const Analysis analysis;
  std::size_t commit_every;        // by run()
  Xapian::WritableDatabase index;  // the one-database layout (holds Xapian's lock too)
  std::string parts_dir;           // empty unless this is a bulk build
  std::size_t shards = 1;          // > 1: writers[i] writes shard i
  std::vector<std::unique_ptr<index::DatabaseWriter>> writers;
  IndexCounts counts;
  // finish() recomputes the passes from the whole index: asked, a first build, a run after
  // one whose passes were left undone (schema::kMetaPassesPending), or after a commit that no
  // bahth writer recorded (store/revision_mark.h).
  bool full_passes = false;
  // The synonyms set_synonyms() gave, stored by finish() (after a bulk build's merge).
  std::optional<std::string> synonyms;
  // A new index (no article, no dictionary) trains its text dictionary (schema/stored_text.h)
  // on the first batch it is given (run()'s 512 articles); an index that has articles keeps
  // what it stores them with.
  bool train_text_dictionary = false;
  // Such a build trains it once more when it has been given retrain_after articles, on
  // kRetrainSamples of them spread evenly: the first batch is one source's first days, the
  // sample spans more of the corpus (IndexOptions::retrain_text_dictionary_after). Records
  // name their dictionary: the earlier ones keep theirs.
  static constexpr std::size_t kRetrainSamples = 512;
  std::size_t retrain_after = 0;
  bool retrain_text_dictionary = false;
  std::shared_ptr<const schema::TextDictionary> first_dictionary;
  std::size_t articles_seen = 0;
  std::vector<std::string> retrain_samples;

  explicit Impl(const IndexOptions& options)
      : store(options.db_path, options.writer_name),
        path(store.location().given),
        analysis(stemmer_to_use(store, options)),
        commit_every(std::max<std::size_t>(1, options.commit_every)),
        shards(shards_to_write(store, options.shards)),
        retrain_after(options.retrain_text_dictionary_after) {
    const unsigned threads = thread_count(options.threads);
    if (shards > 1) {
      open_shards(threads);
    } else {
      open_database(threads);
    }
    full_passes = options.rebuild_passes || bulk() || passes_pending_or_empty();
    train_text_dictionary =
        document_count() == 0 &&
        writers.front()->db().get_metadata(std::string(schema::kMetaTextDictionary)).empty();
  }

  // Trains the text dictionary on `articles` (the first the index is given) and has every
  // writer store with it; too few articles leave the records plain for good.
  void train_on(const std::vector<Article>& articles) {
    train_text_dictionary = false;
    std::vector<std::string> samples;
    samples.reserve(articles.size());
    for (const Article& article : articles)
      samples.push_back(schema::encode_stored_article(article));
    first_dictionary = use_trained(samples, nullptr);
    retrain_text_dictionary = first_dictionary != nullptr && retrain_after > 0;
  }

  // Keeps every (retrain_after / kRetrainSamples)-th article given, and trains the dictionary
  // again on them once retrain_after have been given (before the batch that reaches it is
  // stored).
  void retrain_on(const std::vector<Article>& articles) {
    for (const Article& article : articles) {
      if (articles_seen++ % std::max<std::size_t>(1, retrain_after / kRetrainSamples) == 0) {
        retrain_samples.push_back(schema::encode_stored_article(article));
      }
    }
    if (articles_seen < retrain_after) return;
    retrain_text_dictionary = false;
    use_trained(retrain_samples, first_dictionary.get());
    retrain_samples = {};
    first_dictionary.reset();
  }

  // Trains a dictionary on `samples` and has every writer store with it; returns it, or null
  // when zstd could not train or the dictionary has the id of `before`'s (whose records name
  // it).
  std::shared_ptr<const schema::TextDictionary> use_trained(const std::vector<std::string>& samples,
                                                            const schema::TextDictionary* before) {
    auto dictionary = schema::train_text_dictionary(samples);
    if (!dictionary || (before != nullptr && dictionary->id() == before->id())) return nullptr;
    for (const auto& writer : writers) writer->use_text_dictionary(dictionary);
    if (bulk()) {
      // Readers search a killed build's parts with the index, and read its metadata: the
      // dictionary is committed there at once (the merged index gets it from the parts).
      schema::record_text_dictionary(index, *dictionary);
      index.commit();
    }
    return dictionary;
  }

  // Read as the run starts, before it changes anything.
  bool passes_pending_or_empty() {
    for (const auto& writer : writers) {
      Xapian::WritableDatabase& db = writer->db();
      if (db.get_doccount() == 0) return true;
      if (!db.get_metadata(std::string(schema::kMetaPassesPending)).empty()) return true;
      // A run killed between its overlay's commit and its passes', or an overlay removed.
      if (!writer->spelling_overlay_trusted()) return true;
      // A commit no bahth recorded (an older bahth's, or a program's through Xapian): its
      // articles' changes are unknown, even when the index's size is what it was.
      if (!writer->passes_in_step()) return true;
      // Written before spelling_key(): the whole spelling table is rewritten.
      if (!schema::spelling_table_keyed(db)) return true;
    }
    return false;
  }

  void open_database(unsigned threads) {
    // A new index is created with its analysis recorded and committed, so even a bulk build
    // killed before its merge leaves an index that knows how it is analysed.
    index = store.open_database(
        [&](Xapian::WritableDatabase& db) { check_or_record_analysis(db, path, analysis); });
    if (threads > 1 && index.get_doccount() == 0) {
      start_bulk_build(threads);
    } else {
      writers.push_back(
          std::make_unique<index::DatabaseWriter>(index, analysis, threads, store.location().path));
    }
  }

  void open_shards(unsigned threads) {
    ensure_descriptors_for(shards, store.location().given);
    const auto analysis_threads = static_cast<unsigned>(std::max<std::size_t>(1, threads / shards));
    std::vector<Xapian::WritableDatabase> dbs =
        store.open_shards(shards, [&](Xapian::WritableDatabase& db, std::size_t i) {
          const std::string shard = schema::shard_path(path, i);
          check_or_record_analysis(db, shard, analysis);
          const std::string recorded = db.get_metadata(std::string(schema::kMetaShardIndex));
          if (!recorded.empty() && recorded != std::to_string(i)) {
            throw IndexError(shard, "records that it is shard " + recorded + ", not " +
                                        std::to_string(i) + " (moved or renamed?); put it back");
          }
          if (recorded.empty()) {
            db.set_metadata(std::string(schema::kMetaShards), std::to_string(shards));
            db.set_metadata(std::string(schema::kMetaShardIndex), std::to_string(i));
          }
        });
    for (std::size_t i = 0; i < dbs.size(); ++i) {
      writers.push_back(std::make_unique<index::DatabaseWriter>(
          dbs[i], analysis, analysis_threads, schema::shard_path(store.location().path, i)));
    }
  }

  void start_bulk_build(unsigned parts) {
    parts_dir = store.begin_bulk_build();
    for (unsigned i = 0; i < parts; ++i) {
      const std::string part = store::part_path(parts_dir, i);
      // No fsync for the parts: they only ever reach the index through the merge, which writes
      // (and syncs) a new database. A killed build's committed parts are still complete on disk
      // (the page cache outlives the process), so the next run merges them as before; only a
      // power loss can tear a part, and then the merge names the parts directory to delete.
      writers.push_back(std::make_unique<index::DatabaseWriter>(
          Xapian::WritableDatabase(
              part, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC),
          analysis, 1));
      // The stems' positions go straight into the merged index's position table: Xapian's
      // position table cost a sixth of the build's CPU (bench/HISTORY.md, posrec), and its
      // conversion at the first compaction 12 s at 30,000 articles.
      writers.back()->keep_positions_aside();
    }
  }

  bool bulk() const { return !parts_dir.empty(); }

  void add(const std::vector<Article>& articles, std::vector<IndexOutcome>& outcomes) {
    if (train_text_dictionary) train_on(articles);
    if (retrain_text_dictionary) retrain_on(articles);
    outcomes.assign(articles.size(), IndexOutcome::unchanged);
    std::vector<std::vector<std::size_t>> which(writers.size());
    for (std::size_t i = 0; i < articles.size(); ++i) {
      which[writers.size() > 1 ? schema::shard_of(articles[i].id, writers.size()) : 0].push_back(i);
    }
    pool.run(writers.size(), [&](std::size_t w) { writers[w]->add(articles, which[w], outcomes); });
    pending.resize(writers.size());
    for (std::size_t w = 0; w < writers.size(); ++w) {
      Pending& mine = pending[w];
      const std::size_t repaired = writers[w]->take_repaired();
      mine.counts.repaired += repaired;
      counts.repaired += repaired;
      mine.articles += which[w].size();
      for (const std::size_t i : which[w]) {
        const IndexOutcome outcome = outcomes[i];
        for (IndexCounts* tally : {&mine.counts, &counts}) {
          ++(outcome == IndexOutcome::added     ? tally->added
             : outcome == IndexOutcome::updated ? tally->updated
                                                : tally->unchanged);
        }
      }
    }
  }

  // Each id is looked for in every database written (a shard, or a part of a bulk build), so an
  // article is found wherever it was put.
  void remove(const std::vector<std::string>& ids, std::vector<bool>& found) {
    found.assign(ids.size(), false);
    pending.resize(writers.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
      for (std::size_t w = 0; w < writers.size(); ++w) {
        if (!writers[w]->remove(ids[i])) continue;
        found[i] = true;
        ++counts.deleted;
        ++pending[w].counts.deleted;
        break;
      }
    }
  }

  // Commits every database written. When one fails (a full disk), the others' commits stand:
  // what each made durable is counted as committed, the failed ones' work since their last
  // commit is not (count_lost_writes()).
  void commit() {
    std::vector<char> done(writers.size(), 0);
    try {
      pool.run(writers.size(), [&](std::size_t w) {
        writers[w]->commit();
        done[w] = 1;
      });
    } catch (...) {
      settle(done);
      throw;
    }
    settle(done);
    committed_counts = counts;  // the same sums; also what add() counted and routed nowhere
    articles_committed = articles_given;
  }

  // What the databases' last commits made durable, and the articles add() was given (all, and
  // by then): a failed write puts the counts back to the first and counts the rest as not
  // indexed, so that a summary never says more was indexed than the index holds, and loses no
  // article unsaid. A sharded index commits each shard on its own: a shard that committed keeps
  // its articles counted when another's commit fails.
  IndexCounts committed_counts;
  std::size_t articles_given = 0;
  std::size_t articles_committed = 0;

  // What a database (a shard, a part) was given since its last commit: its articles, counted.
  struct Pending {
    IndexCounts counts;  // added, updated, unchanged, repaired, deleted
    std::size_t articles = 0;
  };
  std::vector<Pending> pending;  // by writer

  // Moves the work of the databases whose commit is `done` into the committed counts.
  void settle(const std::vector<char>& done) {
    pending.resize(writers.size());
    for (std::size_t w = 0; w < done.size(); ++w) {
      if (done[w] == 0) continue;
      const IndexCounts& c = pending[w].counts;
      committed_counts.added += c.added;
      committed_counts.updated += c.updated;
      committed_counts.unchanged += c.unchanged;
      committed_counts.repaired += c.repaired;
      committed_counts.deleted += c.deleted;
      articles_committed += pending[w].articles;
      pending[w] = {};
    }
  }

  void count_lost_writes() {
    const std::size_t damaged = counts.damaged;
    const std::size_t not_indexed = counts.not_indexed + (articles_given - articles_committed);
    counts = committed_counts;
    counts.damaged = damaged;
    counts.not_indexed = not_indexed;
    articles_committed = articles_given;  // counted once, were it to fail again
    committed_counts = counts;
    pending.assign(writers.size(), {});
  }

  std::size_t document_count() const {
    if (writers.empty()) return unmerged_documents;
    std::size_t n = 0;
    for (const auto& writer : writers) n += writer->db().get_doccount();
    return n;
  }

  // Merges the parts into the index: the store compacts them beside it, commits the index's
  // recorded analysis into the result, then swaps it in.
  // False when `stop_requested` stopped the merge: the parts stay, searchable, for the next run
  // to merge (as after a kill during it), and this Indexer writes no more.
  bool merge_parts(const std::function<bool()>& stop_requested) {
    commit();
    const std::size_t parts = writers.size();
    writers.clear();  // closes the parts
    std::vector<Xapian::Database> all;
    for (std::size_t i = 0; i < parts; ++i) {
      all.emplace_back(store::part_path(parts_dir, i), Xapian::DB_BACKEND_GLASS);
    }
    if (!store.merge_parts(index, all, stop_requested)) {
      unmerged_documents = 0;
      for (const Xapian::Database& part : all) unmerged_documents += part.get_doccount();
      return false;
    }
    parts_dir.clear();
    writers.push_back(
        std::make_unique<index::DatabaseWriter>(index, analysis, 1, store.location().path));
    return true;
  }
  // The articles in the parts of a merge that was stopped (document_count() then).
  std::size_t unmerged_documents = 0;

  // True once a first build's passes that write into the index's tables (the spelling table,
  // the near-duplicate groups' values) were done in its parts, before the merge.
  bool passes_done_in_parts = false;
  // Damaged stored texts the parts' grouping met, by their docid in the merged index.
  std::vector<std::pair<Xapian::docid, std::string>> damaged_in_parts;

  // A first build writes its spelling table and group values into its parts, so that the merge
  // lays them out as a compaction does: written into the merged index after it, the values were
  // laid out as Xapian lays out updates (a 30k build read 179 blocks for the groups of `سوريا`
  // where its compaction reads 67). The spelling words go into part 0's table (the merge adds
  // the parts' tables together), while the groups are found over all the parts in the order of
  // the merged docids; each on its own thread, with its own readers of the committed parts.
  void passes_in_parts(const std::function<bool()>& stopped) {
    commit();
    const auto open_parts = [&] {
      std::vector<Xapian::Database> parts;
      for (std::size_t i = 0; i < writers.size(); ++i) {
        parts.emplace_back(store::part_path(parts_dir, i), Xapian::DB_BACKEND_GLASS);
      }
      return parts;
    };
    std::vector<index::PartGroupKey> keys;
    // Both jobs' readers are opened here, before job 0 commits. Opened by job 1 itself, a reader
    // of part 0 could meet two of job 0's spelling commits between reading the version file and
    // the spelling table's root, which the second commit may have reused: Xapian says
    // DatabaseModifiedError, and the build failed ("cannot finish the index") now and then at
    // load (FaultInjection.FirstMultiThreadBuild).
    const std::array<std::vector<Xapian::Database>, 2> readers = {open_parts(), open_parts()};
    pool.run(2, [&](std::size_t job) {
      const std::vector<Xapian::Database>& parts = readers[job];
      if (job == 0) {
        Xapian::Database all;
        for (const Xapian::Database& part : parts) all.add_database(part);
        writers.front()->sync_spelling_of_parts(
            all, commit_every * index::DatabaseWriter::kSpellingChangesPerBatchArticle, stopped);
      } else {
        keys = index::duplicate_groups_of_parts(
            parts, [this](Xapian::docid docid, const std::string& reason) {
              damaged_in_parts.emplace_back(docid, reason);
            });
      }
    });
    if (stopped()) return;
    for (const index::PartGroupKey& grouped : keys) {
      Xapian::WritableDatabase& part = writers[grouped.part]->db();
      Xapian::Document doc = part.get_document(grouped.docid);
      doc.add_value(schema::kDuplicateGroupSlot, grouped.key);
      part.replace_document(grouped.docid, doc);
    }
    passes_done_in_parts = true;
  }

  // The passes after the merge can take minutes on a large index; a stop request between two
  // of them (or two of the spelling sync's steps) leaves the rest to the next run's finish().
  void finish(const std::function<bool()>& stop_requested) {
    const auto stopped = [&stop_requested] { return stop_requested && stop_requested(); };
    if (bulk()) {
      if (full_passes && !stopped()) passes_in_parts(stopped);
      // A stop asked for before the merge lets it run: the articles read are merged, as the
      // interrupted run says. One asked for during it stops it between two of its tables (on a
      // large build the merge takes minutes).
      const bool stopped_before_merge = stopped();
      if (!merge_parts([&] { return !stopped_before_merge && stopped(); })) {
        full_passes = true;
        return;
      }
      for (const auto& [docid, reason] : std::exchange(damaged_in_parts, {})) {
        note_damaged(0, docid, reason);
      }
    }
    // This finish() only: a later one works from what the index holds then.
    const bool done_in_parts = std::exchange(passes_done_in_parts, false);
    if (synonyms) {
      for (const auto& writer : writers) {
        writer->db().set_metadata(std::string(schema::kMetaSynonyms), *synonyms);
      }
    }
    commit();
    // After the articles' commit: a record never speaks of articles a kill could still lose.
    const bool records_written = write_file_records();
    if (stopped()) {
      full_passes = true;  // a later finish() of this Indexer knows no more than the next run
      return commit();
    }
    const bool changed = std::any_of(writers.begin(), writers.end(),
                                     [](const auto& writer) { return writer->changed(); });
    if (!full_passes && !changed) {  // the passes are in step with the index already
      if (records_written) commit();
      return;
    }
    pool.run(writers.size(), [&](std::size_t w) {
      if (full_passes) {
        // An index from a bahth before the band terms gets them here, once, and its later runs'
        // near-duplicate pass then reads their posting lists instead of every signature.
        if (!index::add_missing_band_terms(writers[w]->db(), commit_every, stopped)) return;
        if (done_in_parts) return;  // the spelling and the groups came with the merge
        // In steps sized by the batch: a run's --batch bounds both what Xapian holds in memory
        // and what a kill can lose, for the end passes as for the articles.
        writers[w]->sync_spelling(
            commit_every * index::DatabaseWriter::kSpellingChangesPerBatchArticle, stopped);
      } else {
        writers[w]->sync_spelling_of_changes();
      }
      if (stopped()) return;
      // Near-duplicates are grouped within each shard: copies in different shards stay apart.
      const index::GroupChanges* changes = writers[w]->group_changes();
      const index::DamagedText damaged_text = damaged_text_of(w);
      if (full_passes || changes == nullptr ||
          !index::update_duplicate_groups(writers[w]->db(), *changes, damaged_text)) {
        index::sync_duplicate_groups(writers[w]->db(), damaged_text);
      }
    });
    if (stopped()) {  // the passes stay pending: the next run does them all
      full_passes = true;
      return commit();
    }
    // A learn of the whole index takes a minute of wall time at 200,000 articles: a stop
    // request ends it too, and leaves the passes pending like the steps above. An update from
    // the run's articles takes milliseconds.
    if (!update_spelling_variants(stopped)) {
      full_passes = true;
      return commit();
    }
    for (const auto& writer : writers) {
      writer->mark_passes_in_step();
      Xapian::WritableDatabase& db = writer->db();
      db.set_metadata(std::string(schema::kMetaPassesPending), "");
      if (!schema::spelling_table_keyed(db)) {
        db.set_metadata(std::string(schema::kMetaSpellingForm), std::string(schema::kSpellingForm));
      }
    }
    full_passes = false;
    commit();
    // The passes are in step with the index now: a later finish() (the server's writer calls
    // it after each commit) works from the changes made since this one only.
    for (const auto& writer : writers) writer->forget_changes();
  }

  // The database that holds the file records: the index (its first shard), which is `index`
  // itself until a bulk build's parts are merged into it.
  Xapian::WritableDatabase& records_db() { return bulk() ? index : writers.front()->db(); }

  // Path → record, or nullopt to forget it: written by the next finish().
  std::unordered_map<std::string, std::optional<schema::FileRecord>> file_records;

  bool write_file_records() {
    if (file_records.empty()) return false;
    Xapian::WritableDatabase& db = records_db();
    for (const auto& [path, record] : file_records) {
      if (record) {
        db.set_metadata(schema::file_record_key(path), schema::encode_file_record(*record));
      } else {
        db.set_metadata(schema::file_record_key(path), "");
      }
    }
    file_records.clear();
    return true;
  }

  std::vector<SourceFile> source_files() {
    std::unordered_map<std::string, SourceFile> files;
    Xapian::WritableDatabase& db = records_db();
    const std::string prefix(schema::kMetaFilePrefix);
    for (auto key = db.metadata_keys_begin(prefix); key != db.metadata_keys_end(prefix); ++key) {
      schema::FileRecord record;
      // A damaged entry is left out: its file is then read again, as a new one.
      if (!schema::decode_file_record(db.get_metadata(*key), record)) continue;
      files[record.path] = {record.path, record.size, record.mtime_ns};
    }
    for (const auto& [path, record] : file_records) {
      if (record) {
        files[path] = {record->path, record->size, record->mtime_ns};
      } else {
        files.erase(path);
      }
    }
    std::vector<SourceFile> out;
    out.reserve(files.size());
    for (auto& [path, file] : files) out.push_back(std::move(file));
    return out;
  }

  std::vector<std::string> ids_from_file(const std::string& path) {
    std::vector<std::string> ids;
    // The older term: articles an older bahth wrote (each article has one of the two).
    for (const std::string& term : {schema::file_term(path), schema::older_file_term(path)}) {
      ids_of_term(term, ids);
    }
    return ids;
  }

  void ids_of_term(const std::string& term, std::vector<std::string>& ids) {
    for (std::size_t w = 0; w < writers.size(); ++w) {
      Xapian::WritableDatabase& db = writers[w]->db();
      const schema::StoredTextReader stored(db);
      for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
        try {
          ids.push_back(stored.decode(db.get_document(*it).get_data()).id);
        } catch (const schema::StoredTextError& e) {
          // Its id term names it as well, unless the id was too long to fit: then it stays.
          bool whole = false;
          std::string id = note_damaged(w, *it, e.what(), &whole);
          if (whole) ids.push_back(std::move(id));
        }
      }
    }
  }

  // The damaged stored articles met (DamagedRecord), each noted once: the passes of several
  // shards meet them on threads of their own.
  std::mutex damaged_mutex;
  std::set<std::pair<std::size_t, Xapian::docid>> damaged_seen;  // (writer, document)
  std::vector<DamagedRecord> damaged_new;

  // The name of writers[w]'s database, for messages.
  std::string database_name(std::size_t w) const {
    return shards > 1 ? schema::shard_path(path, w) : path;
  }

  // Notes that document `docid` of writers[w] cannot be read; returns its id as its id term
  // holds it (`whole`: all of it).
  std::string note_damaged(std::size_t w, Xapian::docid docid, const std::string& reason,
                           bool* whole = nullptr) {
    Xapian::Database& db = writers[w]->db();
    std::string id;
    auto term = db.termlist_begin(docid);
    term.skip_to(std::string(schema::kIdPrefix));
    if (term != db.termlist_end(docid)) id = schema::id_of_term(*term, whole);
    const std::lock_guard lock(damaged_mutex);
    if (damaged_seen.emplace(w, docid).second) {
      damaged_new.push_back({database_name(w), docid, id, reason});
      ++counts.damaged;
    }
    return id;
  }

  index::DamagedText damaged_text_of(std::size_t w) {
    return [this, w](Xapian::docid docid, const std::string& reason) {
      note_damaged(w, docid, reason);
    };
  }

  // The spelling variants: updated from the run's articles (index/variant_state.h), or learned
  // over the whole index on full passes, after a run too large for its articles to be kept, and
  // when the index holds no state this bahth can update (one built before it is learned once).
  // Every shard stores all the pairs, learned over all the shards together; the state is kept
  // in the first. False when `stopped` ended a whole learn: nothing of it is stored.
  bool update_spelling_variants(const std::function<bool()>& stopped = {}) {
    Xapian::WritableDatabase& first = writers.front()->db();
    Xapian::Database all;
    for (const auto& writer : writers) all.add_database(writer->db());
    const std::string stale(schema::kMetaStaleVariants);  // an older bahth's schedule
    if (!first.get_metadata(stale).empty()) first.set_metadata(stale, "");
    if (!full_passes) {
      if (const auto changes = variant_changes()) {
        if (const auto pairs = index::update_variant_state(first, all, analysis, *changes)) {
          for (const auto& writer : writers) {
            index::apply_variant_pair_changes(writer->db(), *pairs);
          }
          return true;
        }
      }
    }
    std::vector<index::StemPair> pairs;
    try {
      pairs = index::learn_variant_state(first, all, analysis, stopped);
    } catch (const index::VariantLearnStopped&) {
      return false;
    }
    for (const auto& writer : writers) index::store_spelling_variants(writer->db(), pairs);
    return true;
  }

  // The articles the writers changed since the passes were last done, by their docids in the
  // shards combined (Xapian interleaves them); nullopt when a writer kept too many to list.
  std::optional<std::vector<index::VariantChange>> variant_changes() const {
    std::vector<index::VariantChange> out;
    for (std::size_t w = 0; w < writers.size(); ++w) {
      const std::vector<index::VariantChange>* changes = writers[w]->variant_changes();
      if (changes == nullptr) return std::nullopt;
      for (const index::VariantChange& change : *changes) {
        out.push_back(change);
        out.back().docid = static_cast<Xapian::docid>((change.docid - 1) * writers.size() + w + 1);
      }
    }
    return out;
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
  impl_->articles_given += articles.size();
  try {
    std::vector<IndexOutcome> local;
    impl_->add(articles, outcomes != nullptr ? *outcomes : local);
  } catch (const Xapian::Error& e) {
    impl_->count_lost_writes();
    throw IndexError(impl_->path, "cannot write: " + e.get_description());
  } catch (...) {
    impl_->count_lost_writes();
    throw;
  }
}

void Indexer::remove(const std::vector<std::string>& ids, std::vector<bool>& found) {
  try {
    impl_->remove(ids, found);
  } catch (const Xapian::Error& e) {
    impl_->count_lost_writes();
    throw IndexError(impl_->path, "cannot delete: " + e.get_description());
  } catch (...) {
    impl_->count_lost_writes();
    throw;
  }
}

void Indexer::set_synonyms(const std::vector<std::vector<std::string>>& groups) {
  const std::string value = schema::encode_synonyms(groups);
  if (value.size() > schema::kMaxSynonymBytes) {
    throw IndexError(impl_->path, "the synonyms take " + std::to_string(value.size()) +
                                      " bytes; an index holds at most " +
                                      std::to_string(schema::kMaxSynonymBytes));
  }
  impl_->synonyms = value;
}

void Indexer::commit() {
  try {
    impl_->commit();
  } catch (const Xapian::Error& e) {
    impl_->count_lost_writes();
    throw IndexError(impl_->path, "cannot commit: " + e.get_description());
  } catch (...) {
    impl_->count_lost_writes();
    throw;
  }
}

void Indexer::finish(const std::function<bool()>& stop_requested) {
  try {
    impl_->finish(stop_requested);
  } catch (const Xapian::Error& e) {
    impl_->count_lost_writes();
    throw IndexError(impl_->path, "cannot finish the index: " + e.get_description());
  } catch (const std::filesystem::filesystem_error& e) {
    impl_->count_lost_writes();
    throw IndexError(impl_->path, std::string("cannot finish the index: ") + e.what());
  } catch (...) {
    impl_->count_lost_writes();
    throw;
  }
}

namespace {

// Articles analysed together, in parallel; small enough to keep memory flat.
constexpr std::size_t kAnalysisBatch = 512;

}  // namespace

void Indexer::run(const ArticleSource& next, const IndexRunHooks& hooks) {
  const std::size_t commit_every = impl_->commit_every;
  // A commit_every below kAnalysisBatch must still commit every commit_every articles.
  const std::size_t analysis_batch = std::min(kAnalysisBatch, commit_every);
  std::vector<Article> batch;
  batch.reserve(analysis_batch);
  std::size_t since_commit = 0;
  Article article;
  bool more = true;
  while (more && !(hooks.stop_requested && hooks.stop_requested())) {
    more = next(article);
    if (more) batch.push_back(std::move(article));
    if (batch.size() == analysis_batch || (!more && !batch.empty())) {
      add(batch);
      since_commit += batch.size();
      batch.clear();
      if (since_commit >= commit_every) {
        commit();
        since_commit = 0;
      }
      if (hooks.after_batch) hooks.after_batch(counts());
    }
  }
  if (!batch.empty()) add(batch);
  finish(hooks.stop_requested);
}

std::vector<std::string> Indexer::ids_from_file(const std::string& path) const {
  try {
    return impl_->ids_from_file(path);
  } catch (const Xapian::Error& e) {
    throw IndexError(impl_->path, "cannot read: " + e.get_description());
  }
}

std::vector<DamagedRecord> Indexer::take_damaged_records() {
  const std::lock_guard lock(impl_->damaged_mutex);
  return std::exchange(impl_->damaged_new, {});
}

std::string DamagedRecord::message() const {
  std::string where = database + ": ";
  if (!article_id.empty()) where += "article '" + article_id + "' (";
  where += "document " + std::to_string(document);
  if (!article_id.empty()) where += ")";
  return where + ": " + reason;
}

std::vector<SourceFile> Indexer::source_files() const {
  try {
    return impl_->source_files();
  } catch (const Xapian::Error& e) {
    throw IndexError(impl_->path, "cannot read: " + e.get_description());
  }
}

void Indexer::record_source_file(const SourceFile& file) {
  impl_->file_records[file.path] = schema::FileRecord{file.path, file.size, file.mtime_ns};
}

void Indexer::forget_source_file(const std::string& path) {
  impl_->file_records[path] = std::nullopt;
}

const IndexCounts& Indexer::counts() const { return impl_->counts; }

std::size_t Indexer::document_count() const { return impl_->document_count(); }
bool Indexer::merge_pending() const { return impl_->bulk() && impl_->writers.empty(); }

}  // namespace bahth
