// bahth/indexer.h: Article values → a Xapian database.
#ifndef BAHTH_INDEXER_H_
#define BAHTH_INDEXER_H_

#include <cstddef>     // std::size_t
#include <cstdint>     // std::uint64_t, std::int64_t
#include <functional>  // std::function
#include <memory>      // std::unique_ptr
#include <string>      // std::string
#include <vector>      // std::vector

#include "bahth/analyzer.h"
#include "bahth/article.h"
#include "bahth/non_copyable.h"

namespace bahth {

struct IndexOptions {
  std::string db_path = "bahth-index";       // created if missing
  StemmerKind stemmer = StemmerKind::light;  // recorded in the database on first use
  unsigned threads = 0;                      // analysis threads; 0 = one per core
  // Shard databases (see src/schema/layout.h): 0 = as the index records it (one database for
  // a new index). An existing index refuses any other count than the one it was built with.
  unsigned shards = 0;
  // Indexer::run() commits after every this many articles (0 is taken as 1), so a run killed in
  // between loses no more. Xapian buffers a batch's postings in maps keyed by term and by
  // document: a smaller batch keeps them small and in cache. Measured on both corpora (30,758
  // articles, 2 cores): 10000 37.7 s and 495 MB peak, 2000 31.3 s and 390 MB, 1000 31.8 s, 500
  // 32.8 s. The spelling table's sync at the end of a run commits in steps of 10 times this
  // many words, for the same reason.
  std::size_t commit_every = 2000;
  // For commands that change an index but never create one (`bahth delete`): the Indexer throws
  // IndexError (no index here) when there is none, and analyses as the index records, whatever
  // `stemmer` says.
  bool existing_only = false;
  // finish() recomputes its passes from the whole index, as a first build does, instead of
  // from the articles changed (`bahth index --rebuild-passes`).
  bool rebuild_passes = false;
  // A new index trains its text dictionary on the first articles it is given, then again on
  // every (this / 512)-th of the first this many, which span more of the corpus (0: only once).
  // 8,192: −1.2 MB at 30,758 articles (bench/HISTORY.md, slim3). Tests make it smaller.
  std::size_t retrain_text_dictionary_after = 8192;
  // Who writes, as a refused second writer is told ("bahth serve": that one is told to send its
  // changes to the server instead).
  std::string writer_name;
};

/// What happened to one article.
enum class IndexOutcome { added, updated, unchanged };

struct IndexCounts {
  std::size_t added = 0;
  std::size_t updated = 0;    // the id was there with other content: replaced
  std::size_t unchanged = 0;  // the id was there with the same content: skipped cheaply
  std::size_t deleted = 0;    // by remove()
  // Of `updated`: articles whose content was the same but whose stored record could not be read
  // (DamagedRecord), rewritten whole rather than skipped as unchanged.
  std::size_t repaired = 0;
  // Stored articles that could not be read (DamagedRecord), each counted once: the passes and
  // ids_from_file() skipped them and went on.
  std::size_t damaged = 0;
  // Articles given to add() that a failed write (a full disk, an I/O error) kept from the index:
  // when add(), remove(), commit() or finish() throws, the counts above go back to what the last
  // commit made durable and the articles given since count here (unchanged ones too: the index
  // still holds them, as it did before the run).
  std::size_t not_indexed = 0;
};

/// A stored article the indexer met and could not read: its record was changed on disk or
/// tampered with (a zstd record failing its checksum, a plain one cut short). The end passes and
/// ids_from_file() do not stop at it: it is left out of the near-duplicate groups (as an article
/// with no text), and ids_from_file() takes its id from its id term when that holds the whole id.
/// Only a rebuild (or a copy) brings its text back.
struct DamagedRecord {
  std::string database;        // the index (or its shard), as given
  std::uint32_t document = 0;  // Xapian's document id there
  std::string article_id;      // from its id term (cut, ending in "...", for a hashed one)
  std::string reason;          // the decoder's

  /// "DB: article 'ID' (document N): REASON", to print inert (the id comes from the index).
  std::string message() const;
};

/// A file whose articles the index holds, as it was when they were read (`bahth index --watch`
/// records one per file it indexes, to tell later which files changed or vanished).
struct SourceFile {
  std::string path;  // absolute and lexically normal, as Article::origin_file
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;  // modification time, nanoseconds since the epoch
};

/// Where Indexer::run() takes its articles from: fills `article` and returns true, or returns
/// false when there are no more.
using ArticleSource = std::function<bool(Article& article)>;

/// What Indexer::run() asks and tells its caller; either may be left empty.
struct IndexRunHooks {
  // Asked before each article is taken: true ends the run early (on a signal, say); the
  // articles taken so far are still indexed, committed and finished. Asked again between the
  // passes of finish(), which it cuts short (see there).
  std::function<bool()> stop_requested;
  // Called after each batch of articles is added, with the counts so far (a progress bar).
  std::function<void(const IndexCounts& counts)> after_batch;
};

/// Writes articles into one database, or into N shard databases (one writer each, in parallel)
/// with a Xapian stub file that opens them as one. Not thread-safe; it runs threads of its own.
///
/// Changes become durable at commit() and searchable in the index at finish(): a first build
/// of an empty index with several threads writes parts in parallel and merges them into the
/// index at finish(). The destructor neither commits nor merges (a failure there could not be
/// reported), so end every run with finish().
class Indexer : NonCopyable {
 public:
  /// Opens or creates the database. Throws IndexError naming the path when it cannot be opened
  /// for writing (another `bahth index` holds the lock, it is not a bahth index, it was built
  /// with another analysis than `options.stemmer` or another number of shards than
  /// `options.shards`, or the directory cannot be created).
  explicit Indexer(const IndexOptions& options);
  ~Indexer();

  /// A whole run: adds every article `next` gives, in batches analysed in parallel, commits after
  /// every IndexOptions::commit_every articles, and ends with finish(). Throws what add(),
  /// commit() and finish() throw, and whatever `next` throws.
  void run(const ArticleSource& next, const IndexRunHooks& hooks = {});

  /// Adds, replaces or skips each article (by id). `outcomes`, if given, receives one entry per
  /// article. REQUIRES: every article has a non-empty id and valid UTF-8 text.
  void add(const std::vector<Article>& articles, std::vector<IndexOutcome>* outcomes = nullptr);

  /// Deletes the article with each id, from whichever database (or shard) holds it, and sets
  /// found[i] to whether ids[i] was there (an id given twice is found once). Like add(), the
  /// deletions become durable at commit() and reach the end passes at finish().
  void remove(const std::vector<std::string>& ids, std::vector<bool>& found);

  /// Replaces the user's synonyms stored in the index (every shard holds them all) with `groups`
  /// (bahth/synonyms.h; none removes them), at finish(). Searches apply them at once, with no
  /// reindexing. Throws IndexError when they are over schema's limit (1 MiB).
  void set_synonyms(const std::vector<std::vector<std::string>>& groups);

  /// Makes everything added so far durable. Throws IndexError on failure (disk full, ...).
  void commit();

  /// Commits, merges the parts of a bulk build into the index, brings the "did you mean" data,
  /// the near-duplicate groups and the spelling variants up to date with the articles now
  /// indexed, and commits again. Call it at the end of a run, or after each batch of changes
  /// (`bahth index --watch`, and the server's writer after its commits): each call's passes
  /// cover the changes since the one before. Throws IndexError on failure.
  ///
  /// The passes read the whole index (minutes for a million articles) on a first build, with
  /// IndexOptions::rebuild_passes, and after a run whose passes were not done (killed, or
  /// stopped: the index records it). Otherwise the spelling table is updated from the words of
  /// the articles changed in this run only, and a run that changed nothing has nothing to do.
  ///
  /// When `stop_requested` answers true after the merge, the passes still to come are skipped
  /// and what was done is committed: every article is in the index and searchable, and the next
  /// finish() recomputes each pass from the whole index.
  void finish(const std::function<bool()>& stop_requested = {});

  /// The ids of the articles read from `path` (Article::origin_file) that the index holds,
  /// changes not yet committed included. Work in proportion to their number: the index finds
  /// them by a term, without a scan. A damaged stored article (DamagedRecord) is noted, and its
  /// id taken from its id term; one whose id is too long for the term to hold it is left out.
  std::vector<std::string> ids_from_file(const std::string& path) const;

  /// The damaged stored articles met since the last call (each once in this Indexer's life), in
  /// the order met; IndexCounts::damaged counts them all.
  std::vector<DamagedRecord> take_damaged_records();

  /// The files recorded by record_source_file() (committed, and recorded since), any order.
  std::vector<SourceFile> source_files() const;

  /// Records (or, with forget_source_file, removes) what the index knows of a file. Written at
  /// the next finish(), in a commit after that of the articles: a kill in between leaves the
  /// articles without the record, so the file is read again, never the reverse.
  void record_source_file(const SourceFile& file);
  void forget_source_file(const std::string& path);

  const IndexCounts& counts() const;

  /// Documents written so far (in the index or its parts), including uncommitted ones.
  std::size_t document_count() const;
  /// True when a stop during finish()'s merge of a bulk build's parts stopped it: the articles
  /// are in the parts (readers search them), and the next run on the index merges them.
  bool merge_pending() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bahth

#endif  // BAHTH_INDEXER_H_
