#include "store/spelling_overlay.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "store/names.h"
#include "store/posix_file.h"
#include "store/revision_mark.h"

namespace bahth::store {

namespace fs = std::filesystem;

std::uint64_t overlay_serial(const Xapian::Database& db) {
  const std::string text = db.get_metadata(std::string(kMetaOverlaySerial));
  std::uint64_t serial = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), serial);
  return error == std::errc() && end == text.data() + text.size() ? serial : 0;
}

void set_overlay_serial(Xapian::WritableDatabase& db, std::uint64_t serial) {
  db.set_metadata(std::string(kMetaOverlaySerial), serial == 0 ? "" : std::to_string(serial));
}

namespace {

// True when a writer holds the database `main` was opened from (Xapian's lock). Nothing can be
// said when the lock cannot be tested (a directory the reader may not write to): false.
bool held_by_a_writer(const Xapian::Database& main) {
  try {
    return main.locked();
  } catch (const Xapian::Error&) {
    return false;
  }
}

// The overlay of the database at `database_path`, for reading beside `main`, when its words are
// in no other table: see open_overlay_for_reading(). `while_written`: a writer holding the
// database may be one of bahth's between a commit and the revision mark it records after.
std::optional<Xapian::Database> open_overlay(const std::string& database_path,
                                             const Xapian::Database& main, bool while_written) {
  const std::string path = spelling_overlay_path(database_path);
  if (!is_glass(path)) return std::nullopt;
  try {
    if (!at_recorded_revision(database_path, main) && !(while_written && held_by_a_writer(main))) {
      return std::nullopt;  // a commit no bahth recorded: the overlay's words may be in main too
    }
    Xapian::Database overlay(path, Xapian::DB_BACKEND_GLASS);
    if (overlay_serial(overlay) < overlay_serial(main)) return std::nullopt;  // folded already
    if (overlay.spellings_begin() == overlay.spellings_end()) return std::nullopt;
    return overlay;
  } catch (const Xapian::Error&) {
    return std::nullopt;  // being created, or damaged: its next writer repairs it
  }
}

}  // namespace

std::optional<Xapian::Database> open_overlay_for_reading(const std::string& database_path,
                                                         const Xapian::Database& main) {
  return open_overlay(database_path, main, /*while_written=*/true);
}

OverlayWriter::OverlayWriter(const std::string& database_path, Xapian::WritableDatabase main)
    : path_(spelling_overlay_path(database_path)), main_(std::move(main)) {
  const std::uint64_t serial = overlay_serial(main_);
  std::error_code error;
  if (!fs::exists(path_, error)) {
    trusted_ = serial == 0;  // M > 0 says it held words: someone removed it
    return;
  }
  try {
    db_.emplace(path_, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
  } catch (const Xapian::DatabaseLockError&) {
    throw;  // another writer that knows only Xapian's lock: not ours to remove
  } catch (const Xapian::Error&) {
    // Killed while it was being created, or damaged: its words (if any) are lost, and the
    // full passes put every word in the main table.
    db_.reset();
    remove_owned(path_);
    trusted_ = serial == 0;
    return;
  }
  const std::uint64_t own = overlay_serial(*db_);
  if (own < serial) {
    empty();  // a fold killed before it emptied the overlay: its words are in the table already
  } else if (own > serial) {
    trusted_ = false;  // a run killed between its two commits: its passes are pending
  }
}

bool OverlayWriter::open_existing() {
  if (db_) return true;
  if (!is_glass(path_)) return false;
  db_.emplace(path_, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
  return true;
}

Xapian::WritableDatabase& OverlayWriter::open_or_create() {
  if (!db_) {
    // Created with the database's serial: killed before its first commit (serial + 1), it is
    // settled and empty to readers and to the next writer.
    db_.emplace(path_, Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
    if (db_->get_metadata(std::string(kMetaOverlaySerial)).empty()) {
      set_overlay_serial(*db_, overlay_serial(main_));
    }
  }
  return *db_;
}

Xapian::TermIterator OverlayWriter::spellings_begin() const {
  return db_ ? db_->spellings_begin() : Xapian::TermIterator();
}

Xapian::TermIterator OverlayWriter::spellings_end() const {
  return db_ ? db_->spellings_end() : Xapian::TermIterator();
}

std::vector<std::pair<std::string, Xapian::doccount>> OverlayWriter::all_words() {
  std::vector<std::pair<std::string, Xapian::doccount>> all;
  if (!open_existing()) return all;
  for (auto it = db_->spellings_begin(); it != db_->spellings_end(); ++it) {
    all.emplace_back(*it, it.get_termfreq());
  }
  return all;
}

std::size_t OverlayWriter::words() {
  if (!words_) words_ = all_words().size();
  return *words_;
}

void OverlayWriter::change(const std::string& key, Xapian::doccount from, Xapian::doccount to) {
  if (from == to) return;
  const std::size_t before = words();
  Xapian::WritableDatabase& db = open_or_create();
  if (to > from) {
    db.add_spelling(key, to - from);
  } else {
    db.remove_spelling(key, from - to);
  }
  if (from == 0) words_ = before + 1;
  if (to == 0 && before > 0) words_ = before - 1;
  changed_ = true;
}

void OverlayWriter::commit_before_main() {
  if (!changed_) return;
  const std::uint64_t serial = overlay_serial(main_) + 1;
  set_overlay_serial(open_or_create(), serial);
  db_->commit();
  changed_ = false;
  set_overlay_serial(main_, serial);
}

void OverlayWriter::begin_fold() {
  const std::uint64_t own = db_ ? overlay_serial(*db_) : 0;
  set_overlay_serial(main_, std::max(own, overlay_serial(main_)) + 1);
}

void OverlayWriter::empty() {
  words_ = 0;
  trusted_ = true;
  changed_ = false;
  if (!open_existing()) return;
  for (const auto& [key, frequency] : all_words()) db_->remove_spelling(key, frequency);
  set_overlay_serial(*db_, overlay_serial(main_));
  db_->commit();
}

void fold_overlay_into(const std::string& database_path, const Xapian::Database& main,
                       Xapian::WritableDatabase& into) {
  // The caller holds the database: its lock says nothing of a foreign commit before.
  if (const auto overlay = open_overlay(database_path, main, /*while_written=*/false)) {
    for (auto it = overlay->spellings_begin(); it != overlay->spellings_end(); ++it) {
      into.add_spelling(*it, it.get_termfreq());
    }
  }
  set_overlay_serial(into, 0);
}

}  // namespace bahth::store
