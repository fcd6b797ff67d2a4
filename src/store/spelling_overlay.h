// store/spelling_overlay: the spelling overlay of one database of an index (the index, or one of
// its shards): a small second Xapian database, inside the database's directory (names.h), whose
// spelling table holds the words that entered the "did you mean" table since its last fold.
//
// Why: Xapian rewrites (inflates, merges, deflates) every fragment list of its spelling table
// that a new word touches, at the commit; a copy of an indexed article brings some 36 words into
// a table of hundreds of thousands, and their rewrite was half the cost of adding it. The same
// words cost a few milliseconds in a small table. Xapian's get_spelling_suggestion() over the
// database and its overlay together (Database::add_database) ORs their fragment lists and sums
// a word's frequencies, so with each word in exactly one of the two tables its suggestions are
// those of one table holding all (bench/HISTORY.md, "Small runs into a live index").
//
// Which words live where (index/database_writer.cc): a word entering the table goes into the
// overlay; a word already in one table has its frequency changed there; a fold moves every word
// of the overlay into the main table (a run with more new words than kMaxOverlayWords, the full
// passes, `bahth compact`), and empties the overlay.
//
// Commit order, and what a reader trusts. Each of the two databases records a serial in its
// metadata (kMetaOverlaySerial; none is 0): M in the database, O in its overlay.
//   - A run's new words: the articles are committed first (with the passes pending), then the
//     overlay with O = M + 1, then the database's passes with M = O.
//   - A fold: the database's table gets the overlay's words with M = O + 1 and is committed,
//     then the overlay is emptied with O = M.
// The overlay is read (with the database) only when O >= M: O == M is the settled state, O == M
// + 1 a run between its two commits (or killed there: its articles are committed already, so the
// overlay's words are theirs), and O < M an overlay already folded into the database (a fold
// killed before emptying it), which would count its words twice. A writer opening the database
// empties a folded overlay at once, and does the full passes (which fold) when the overlay is
// ahead (O > M: the passes of a killed run are pending anyway), missing while M > 0, or damaged.
// A commit no bahth writer recorded (store/revision_mark.h: an older bahth, or a program through
// Xapian) says nothing of the overlay: an older bahth's end passes, which know no overlay, put
// every word of the index into the database's own table, its words with them. So the overlay is
// read only while the database is at its revision mark, or held by a writer (a bahth run between
// a commit and the mark it records after it). Out of step, and with no writer, readers leave it
// out (its words are missing from "did you mean", never counted twice) until the next writer's
// full passes rebuild the table from the index and fold it.
// `bahth compact` folds the overlays into the compacted copies, which record no serial (an
// overlay out of step with its mark is left out: the copy then has no mark either).
// Remote shards and read replicas see the database without its overlay: they get its words at
// the next fold (docs/internals.md).
#ifndef BAHTH_STORE_SPELLING_OVERLAY_H_
#define BAHTH_STORE_SPELLING_OVERLAY_H_

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bahth::store {

/// The metadata key of the serial, in the database and in its overlay.
inline constexpr std::string_view kMetaOverlaySerial = "bahth.spelling_overlay";

/// Most words an overlay holds: a run that would take it over folds it into the main table
/// instead. Writing a word into the overlay costs more as it grows, and each fold rewrites the
/// main table's lists once for all its words.
inline constexpr std::size_t kMaxOverlayWords = 4000;

/// The serial `db` records (0 when none).
std::uint64_t overlay_serial(const Xapian::Database& db);
void set_overlay_serial(Xapian::WritableDatabase& db, std::uint64_t serial);

/// The overlay of the local database at `database_path` (a glass directory) for reading beside
/// `main`, the database opened from that path: nullopt when there is none, it cannot be opened,
/// it is empty, it was folded into `main` already, or `main` is off its revision mark with no
/// writer holding it (see above). Never throws for the overlay: a search without it only misses
/// the newest words of "did you mean".
std::optional<Xapian::Database> open_overlay_for_reading(const std::string& database_path,
                                                         const Xapian::Database& main);

/// The writer's side: the overlay of one database, opened (or created) when first needed.
class OverlayWriter {
 public:
  /// `database_path`: the database's directory, open for writing as `main` (a handle sharing
  /// it). Looks at the overlay there against `main`'s serial: a folded one is emptied (and
  /// committed) at once, a damaged one removed.
  OverlayWriter(const std::string& database_path, Xapian::WritableDatabase main);

  /// False when the overlay may not hold what the database's serial says (ahead, or missing or
  /// damaged while M > 0): the full passes must fold (they do not trust it).
  bool trusted() const { return trusted_; }

  /// The overlay's table entries (with their spelling frequencies as get_termfreq()), with the
  /// changes made through this writer: both empty when there is no overlay. Asking for them
  /// after a change() makes Xapian merge it into the table at once: walk first, then change.
  Xapian::TermIterator spellings_begin() const;
  Xapian::TermIterator spellings_end() const;
  /// Words the overlay holds, with the changes made through this writer.
  std::size_t words();

  /// Moves the frequency of `key` from `from` (its frequency in the overlay) to `to`.
  void change(const std::string& key, Xapian::doccount from, Xapian::doccount to);

  /// Commits the changes made since the last commit with the serial one past the database's,
  /// and records that serial in the database, for the caller's next commit of it: the first of
  /// a run's two commits. Nothing when nothing changed.
  void commit_before_main();

  /// The start of a fold: records in the database a serial past the overlay's, so that readers
  /// leave the overlay out from the database's next commit on. The caller moves the words into
  /// the database's table, commits it, then calls empty().
  void begin_fold();
  /// Removes every word of the overlay and commits it with the database's serial: the end of a
  /// fold (the overlay stays, empty).
  void empty();

  /// The overlay's words with their frequencies, as committed and changed through this writer.
  std::vector<std::pair<std::string, Xapian::doccount>> all_words();

 private:
  bool open_existing();
  Xapian::WritableDatabase& open_or_create();

  std::string path_;
  Xapian::WritableDatabase main_;
  std::optional<Xapian::WritableDatabase> db_;
  bool trusted_ = true;
  bool changed_ = false;
  std::optional<std::size_t> words_;  // counted once, then kept up to date
};

/// Adds the words of the overlay of the database at `database_path` (opened as `main`, held by
/// the caller) to the spelling table of `into`, when the overlay is not folded into `main`
/// already and `main` is at its revision mark; `into` records no serial after (a compacted copy,
/// which leaves the overlay behind). The caller commits.
void fold_overlay_into(const std::string& database_path, const Xapian::Database& main,
                       Xapian::WritableDatabase& into);

}  // namespace bahth::store

#endif  // BAHTH_STORE_SPELLING_OVERLAY_H_
