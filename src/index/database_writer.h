// Writes articles into one Xapian database: looks each up by id, analyses the new and changed
// ones (on several threads if asked), and adds or replaces them. The Indexer runs one of these
// on the index itself, or, for a first bulk build, several in parallel on temporary parts.
#ifndef BAHTH_INDEX_DATABASE_WRITER_H_
#define BAHTH_INDEX_DATABASE_WRITER_H_

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "bahth/indexer.h"
#include "bahth/stemmers.h"
#include "document_builder.h"
#include "duplicate_groups.h"
#include "schema/position_table.h"
#include "schema/stored_text.h"
#include "store/spelling_overlay.h"
#include "variant_state.h"

namespace bahth::index {

class DatabaseWriter {
 public:
  /// REQUIRES: analysis_threads >= 1. With `database_path` (the database's directory), the
  /// words entering the spelling table go into its spelling overlay (store/spelling_overlay.h);
  /// without (the parts of a first build), every word goes into the database's own table.
  /// `overlay_limit`: most words the overlay holds before a fold (tests fold sooner).
  DatabaseWriter(Xapian::WritableDatabase db, const Analysis& analysis, unsigned analysis_threads,
                 const std::string& database_path = "",
                 std::size_t overlay_limit = store::kMaxOverlayWords);

  /// For a first build's part (a new database): the stems' positions go into the position table
  /// (schema/position_table.h) instead of Xapian's. Each commit() then writes the positions of
  /// the articles added since into the part's metadata, committed with them, for the merge to
  /// make the table of; an article given again is deleted and added anew (a later docid), not
  /// replaced in place. REQUIRES: nothing was added yet.
  void keep_positions_aside();

  /// Commits the database (with the positions kept aside, if any).
  void commit();

  /// With positions kept aside (a first build's part), the writer commits by itself every this
  /// many changed articles, whatever the caller's commits: Xapian's per-article cost grows with
  /// the changes it holds (database_writer.cc, before_change()).
  static constexpr std::size_t kPartCommitChanges = 250;

  /// False when the database's spelling overlay is not known to hold what the database says
  /// (a run killed between its two commits, or the overlay removed): the full passes are due.
  bool spelling_overlay_trusted() const { return !overlay_ || overlay_->trusted(); }

  /// False when the database was not at the revision a bahth writer last recorded for it as it
  /// was opened (store/revision_mark.h): a commit by an older bahth or another program may have
  /// changed articles the end passes never saw, so the full passes are due. Always false
  /// without a `database_path` (the parts of a first build).
  bool passes_in_step() const { return passes_in_step_; }
  /// Says the end passes are in step with what the database holds (the full passes are done):
  /// from the next commit on, each commit records the revision it leaves the database at.
  void mark_passes_in_step() { passes_in_step_ = true; }

  /// Adds, replaces or skips articles[i] for each i in `which`, setting outcomes[i].
  /// REQUIRES: outcomes.size() == articles.size().
  void add(const std::vector<Article>& articles, const std::vector<std::size_t>& which,
           std::vector<IndexOutcome>& outcomes);

  /// Deletes the article with this id; false when it is not in the database (nor added since
  /// the last commit).
  bool remove(const std::string& id);

  /// Records `dictionary` in the database as the one its new articles are stored with, and uses
  /// it from the next add() on. (A writer starts with the dictionary its database records.)
  void use_text_dictionary(const std::shared_ptr<const schema::TextDictionary>& dictionary);

  /// Spelling changes sync_spelling() applies between two commits per article of the run's
  /// commit batch (--batch): Xapian buffers them in memory until a commit, at several hundred
  /// bytes a word, and a batch's articles bring about this many new words. The default batch of
  /// 2,000 articles commits every 20,000 changes.
  static constexpr std::size_t kSpellingChangesPerBatchArticle = 10;

  /// Makes each word's spelling frequency equal its document frequency (see the .cc), every
  /// word in the database's own table (a fold of the overlay), and
  /// commits after every `changes_per_commit` changes, so the memory the changes take stays
  /// bounded however large the vocabulary. A run killed between two of these commits leaves a
  /// consistent database whose spelling table is partly synced; the next sync finishes it. So
  /// does a `stop_requested` answering true after one of the commits: the sync returns there.
  /// REQUIRES: changes_per_commit >= 1.
  void sync_spelling(std::size_t changes_per_commit,
                     const std::function<bool()>& stop_requested = {});

  /// The same for a first build's parts, on the writer of one of them (without an overlay):
  /// `parts` reads them all together (their spelling tables added up, as the merge adds them),
  /// and the changes that make that sum right go into this part's table. So the merged index
  /// has its table from the merge, laid out as a compaction lays it out, and needs no sync.
  void sync_spelling_of_parts(const Xapian::Database& parts, std::size_t changes_per_commit,
                              const std::function<bool()>& stop_requested = {});

  /// The same for the words of the articles added, replaced or deleted through this writer
  /// since it was made, with their old and new text: work in proportion to those words. Equal
  /// to sync_spelling() when the table was in sync with the index before those changes. Beyond
  /// kMaxChangedWords words (a large run) it is sync_spelling() in steps of that many changes:
  /// the words are not kept, and Xapian holds each change in memory until a commit.
  /// Words entering the table go into the overlay, which is committed here (the first of the
  /// run's two commits: the caller's next commit of the database is the second); a run that
  /// would take the overlay over store::kMaxOverlayWords folds it instead, committing the
  /// database here.
  void sync_spelling_of_changes();
  static constexpr std::size_t kMaxChangedWords = 20'000;

  /// True once an article was added, replaced or deleted through this writer. The first change
  /// also sets schema::kMetaPassesPending in the database (committed with the change).
  bool changed() const { return changed_; }

  /// What the near-duplicate groups need to know of this writer's changes
  /// (update_duplicate_groups), or nullptr when there were more than kMaxGroupChanges: the
  /// whole pass is then about as cheap, and the list is not kept.
  const GroupChanges* group_changes() const {
    return group_changes_overflow_ ? nullptr : &group_changes_;
  }
  static constexpr std::size_t kMaxGroupChanges = 10'000;

  /// The articles added, replaced or deleted through this writer (by this database's docids),
  /// each once, with the version the index held before (variant_state.h), or nullptr when
  /// there were more than kMaxGroupChanges: the variants are then learned over the whole index.
  const std::vector<VariantChange>* variant_changes() const {
    return variant_changes_overflow_ ? nullptr : &variant_changes_;
  }

  /// Forgets the changes made so far (after the end passes took them into account): changed(),
  /// group_changes() and sync_spelling_of_changes() then see only the changes made after.
  void forget_changes() {
    changed_ = false;
    changed_words_.clear();
    group_changes_ = {};
    group_changes_overflow_ = false;
    variant_changes_.clear();
    variant_docids_.clear();
    variant_changes_overflow_ = false;
  }

  Xapian::WritableDatabase& db() { return db_; }

  /// Articles whose content was unchanged but whose stored record could not be read, rewritten
  /// since the last call (IndexCounts::repaired).
  std::size_t take_repaired() { return std::exchange(repaired_, 0); }

 private:
  // What the writer knows about one article before any analysis is done.
  struct Pending {
    std::size_t index = 0;  // into the articles
    std::string id_term;
    std::string hash;
    bool existing = false;  // the id is in the database or earlier in the same batch
    bool unchanged = false;
    bool repairs = false;         // same content, but the stored record cannot be read: rewritten
    Xapian::docid old_docid = 0;  // in the database, when the id was there before the batch
    Xapian::Document doc;
    std::string positions;                  // kept aside (DocumentBuilder::take_positions)
    std::optional<SignatureBuilder> words;  // its words for its shingles (not kept aside)
  };

  void look_up(const Article& article, Pending& pending,
               std::unordered_map<std::string, std::string>& batch_hashes);
  bool stored_record_readable(const Xapian::Document& doc) const;
  void build_range(std::size_t builder, const std::vector<Article>& articles,
                   std::vector<Pending>& pending, std::size_t first, std::size_t last);
  void build_all(const std::vector<Article>& articles, std::vector<Pending>& pending);
  IndexOutcome write(Pending& pending);
  void note_change();
  bool too_many_changed_words() const { return changed_words_.size() > kMaxChangedWords; }
  // Keeps the spelling words of `doc` for sync_spelling_of_changes().
  void note_words(const Xapian::Document& doc);
  // Keeps what the near-duplicate groups need of a version replaced or deleted, and of one
  // added or replacing another.
  void note_old_version(const Xapian::Document& doc);
  void note_new_version(Xapian::docid docid, std::optional<SignatureBuilder> words = std::nullopt);

  // Moves every word of the overlay into the database's table with `changes` (key, change of
  // its frequency in the table), committing the database, then empties the overlay.
  void fold(const std::vector<std::pair<std::string, long long>>& changes);
  // Applies spelling `changes` (key, change of its frequency), committing after every
  // `changes_per_commit`; false when `stop_requested` answered true after one of the commits.
  bool apply_in_steps(const std::vector<std::pair<std::string, long long>>& changes,
                      std::size_t changes_per_commit, const std::function<bool()>& stop_requested);

  // Adds the positions of article `docid` kept aside to the batch.
  void put_aside(Xapian::docid docid, const std::string& positions);
  // Before each change of an article: with positions kept aside, commits when Xapian would
  // commit on its own with this change (before the change's positions are in the batch).
  void before_change();
  // Commits the database and, while the passes are in step, records its new revision.
  void commit_database();

  Xapian::WritableDatabase db_;
  // The database's directory ("" for a part) and what the revision mark says of it.
  std::string path_;
  std::optional<Xapian::rev> recorded_;  // the revision this writer last recorded
  bool passes_in_step_ = false;
  // Positions kept aside (keep_positions_aside): the batch since the last commit, the number of
  // the next batch, the articles changed since the last commit and how many changes Xapian
  // takes before it commits on its own.
  bool aside_ = false;
  schema::PositionBatch batch_;
  std::uint32_t next_batch_ = 0;
  std::size_t changes_since_commit_ = 0;
  std::size_t xapian_flush_threshold_ = 10'000;
  // Reads an unchanged article's record: is it sound? (Held by pointer: the writer moves.)
  std::unique_ptr<schema::StoredTextReader> stored_text_ =
      std::make_unique<schema::StoredTextReader>(db_);
  std::size_t repaired_ = 0;
  std::optional<store::OverlayWriter> overlay_;
  std::size_t overlay_limit_;
  std::vector<DocumentBuilder> builders_;  // one per analysis thread
  bool changed_ = false;
  // Sorted by their table keys when synced; a hash set here (one insert per term of every
  // article changed: an ordered set's compares cost 15 ms of add 100's CPU).
  std::unordered_set<std::string> changed_words_;
  GroupChanges group_changes_;
  bool group_changes_overflow_ = false;
  // The first change of each article since forget_changes(): its version before, if any.
  void note_variant_change(Xapian::docid docid, const Xapian::Document* before);
  std::vector<VariantChange> variant_changes_;
  std::unordered_set<Xapian::docid> variant_docids_;
  bool variant_changes_overflow_ = false;
};

}  // namespace bahth::index

#endif  // BAHTH_INDEX_DATABASE_WRITER_H_
