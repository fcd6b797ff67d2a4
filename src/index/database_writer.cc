#include "database_writer.h"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <string_view>
#include <thread>
#include <tuple>
#include <utility>

#include "schema/schema.h"
#include "schema/stored_text.h"
#include "schema/varint.h"
#include "store/revision_mark.h"
#include "store/spelling_overlay.h"

namespace bahth::index {
namespace {

bool is_spelling_word(const std::string& term) {
  // Unprefixed terms are the normalized words; leave out prefixed terms and numbers.
  const auto [prefix, word] = schema::split_term(term);
  return prefix.empty() && !word.empty() && !(word.front() >= '0' && word.front() <= '9');
}

// A word found in fewer documents is no correction to offer (most are typos and one-off names),
// and leaving it out of the spelling table halves the table and the time to write it.
constexpr Xapian::doccount kMinSpellingDocs = 2;

// Xapian's spelling table holds no word whose key is this long or shorter (glass ignores it).
constexpr std::size_t kMaxUnspelledKey = 1;

// Xapian holds a spelling change in memory until the next commit, with an entry for each of the
// word's fragments (several hundred bytes a word), and a first build changes every word of the
// vocabulary: committed in one go, that buffer was the build's peak memory and grew with the
// corpus (a 100,000-article build peaked at 470 MB against 157 MB for the rest of the build).
// Committing every so many words bounds it (database_writer.h).

}  // namespace

DatabaseWriter::DatabaseWriter(Xapian::WritableDatabase db, const Analysis& analysis,
                               unsigned analysis_threads, const std::string& database_path,
                               std::size_t overlay_limit)
    : db_(std::move(db)), path_(database_path), overlay_limit_(overlay_limit) {
  if (!database_path.empty()) {
    if (store::at_recorded_revision(path_, db_)) {
      passes_in_step_ = true;
      recorded_ = db_.get_revision();
    }
    overlay_.emplace(database_path, db_);
  }
  builders_.reserve(analysis_threads);
  for (unsigned i = 0; i < analysis_threads; ++i) builders_.emplace_back(analysis);
  // Incremental writes (serve's PUT, --watch, a later `bahth index`) store their articles with
  // the dictionary the index was built with, at zstd's quicker level (schema::TextEffort).
  if (auto dictionary = schema::read_text_dictionary(db_)) {
    for (DocumentBuilder& builder : builders_) {
      builder.use_text_dictionary(dictionary, schema::TextEffort::quick);
    }
  }
}

void DatabaseWriter::keep_positions_aside() {
  aside_ = true;
  for (DocumentBuilder& builder : builders_) builder.keep_positions_aside();
  // Xapian commits by itself after this many changed articles (its default, or the
  // environment's: xapian-core's XAPIAN_FLUSH_THRESHOLD).
  if (const char* threshold = std::getenv("XAPIAN_FLUSH_THRESHOLD")) {
    const long long n = std::atoll(threshold);
    if (n > 0) xapian_flush_threshold_ = static_cast<std::size_t>(n);
  }
}

void DatabaseWriter::commit() {
  if (!batch_.empty()) batch_.write(db_, next_batch_++);
  commit_database();
  changes_since_commit_ = 0;
}

void DatabaseWriter::commit_database() {
  db_.commit();
  if (!passes_in_step_ || path_.empty()) return;
  // Xapian's lock keeps every other writer out until this one closes: the commits since the
  // database was opened at its recorded revision are all this writer's.
  const Xapian::rev revision = db_.get_revision();
  if (recorded_ == revision) return;  // the commit changed nothing
  store::record_revision(path_, revision);
  recorded_ = revision;
}

void DatabaseWriter::put_aside(Xapian::docid docid, const std::string& positions) {
  const std::string_view all(positions);
  for (std::size_t at = 0; at < all.size();) {
    const std::size_t term_length = *schema::get_varint(all, at);
    const std::string_view term = all.substr(at, term_length);
    at += term_length;
    const std::size_t length = *schema::get_varint(all, at);
    batch_.add(term, docid, all.substr(at, length));
    at += length;
  }
}

void DatabaseWriter::before_change() {
  // The next change would be Xapian's last before it commits on its own: commit now, with the
  // positions of every article added so far. A part also commits every kPartCommitChanges
  // changes, whatever the run's --batch: Xapian's inverter looks each term of an article up in
  // its changes since the last commit (a map by term, then one by docid), and those maps' walks
  // missed the cache more the more they held (bench/HISTORY.md, "Parts commit every 250").
  if (aside_ && (changes_since_commit_ + 1 >= xapian_flush_threshold_ ||
                 changes_since_commit_ >= kPartCommitChanges)) {
    commit();
  }
  ++changes_since_commit_;
}

void DatabaseWriter::use_text_dictionary(
    const std::shared_ptr<const schema::TextDictionary>& dictionary) {
  schema::record_text_dictionary(db_, *dictionary);
  for (DocumentBuilder& builder : builders_) builder.use_text_dictionary(dictionary);
}

// Looks the article up by id — in this batch first, then in the database — to tell whether it
// is new, changed or the same as before.
void DatabaseWriter::look_up(const Article& article, Pending& pending,
                             std::unordered_map<std::string, std::string>& batch_hashes) {
  pending.id_term = schema::id_term(article.id);
  pending.hash = schema::content_hash(article);
  // Within a batch, a version is the same when its content and its file are.
  std::string version = pending.hash + '\n' + article.origin_file;
  if (auto seen = batch_hashes.find(pending.id_term); seen != batch_hashes.end()) {
    pending.existing = true;
    pending.unchanged = seen->second == version;
    seen->second = std::move(version);
    return;
  }
  batch_hashes.emplace(pending.id_term, std::move(version));
  Xapian::PostingIterator it = db_.postlist_begin(pending.id_term);
  if (it == db_.postlist_end(pending.id_term)) return;
  pending.existing = true;
  pending.old_docid = *it;
  const Xapian::Document old = db_.get_document(*it);
  // The same content read from another file is rewritten, so that its file term follows it
  // (standard input names no file: its articles keep theirs).
  pending.unchanged =
      schema::content_hash_matches(old.get_value(schema::kHashSlot), pending.hash) &&
      (article.origin_file.empty() ||
       schema::file_slot_matches(old.get_value(schema::kFileSlot), article.origin_file));
  // The hash is kept apart from the record: a record damaged on disk still has the same hash,
  // and only writing the article again brings its text back (the record is a few KB to decode).
  if (pending.unchanged && !stored_record_readable(old)) {
    pending.unchanged = false;
    pending.repairs = true;
  }
}

bool DatabaseWriter::stored_record_readable(const Xapian::Document& doc) const {
  try {
    stored_text_->decode(doc.get_data());
    return true;
  } catch (const schema::StoredTextError&) {
    return false;
  }
}

void DatabaseWriter::note_change() {
  if (changed_) return;
  changed_ = true;
  db_.set_metadata(std::string(schema::kMetaPassesPending), "1");
}

void DatabaseWriter::note_words(const Xapian::Document& doc) {
  if (too_many_changed_words()) return;
  for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
    std::string word = *term;
    if (is_spelling_word(word)) changed_words_.insert(std::move(word));
  }
}

// Builds the documents of pending[first, last) with one builder; runs on its own thread.
void DatabaseWriter::build_range(std::size_t builder, const std::vector<Article>& articles,
                                 std::vector<Pending>& pending, std::size_t first,
                                 std::size_t last) {
  for (std::size_t i = first; i < last; ++i) {
    if (pending[i].unchanged) continue;
    pending[i].doc = builders_[builder].build(articles[pending[i].index], pending[i].hash);
    if (aside_) {
      pending[i].positions = builders_[builder].take_positions();
    } else {
      pending[i].words = builders_[builder].signature_words();
    }
  }
}

void DatabaseWriter::build_all(const std::vector<Article>& articles,
                               std::vector<Pending>& pending) {
  const std::size_t n = pending.size();
  const std::size_t threads = std::min(builders_.size(), std::max<std::size_t>(n, 1));
  if (threads <= 1) {
    build_range(0, articles, pending, 0, n);
    return;
  }
  std::vector<std::jthread> workers;
  const std::size_t per_thread = (n + threads - 1) / threads;
  for (std::size_t t = 0; t < threads; ++t) {
    const std::size_t first = std::min(n, t * per_thread);
    const std::size_t last = std::min(n, first + per_thread);
    workers.emplace_back([this, t, &articles, &pending, first, last] {
      build_range(t, articles, pending, first, last);
    });
  }
}

void DatabaseWriter::note_variant_change(Xapian::docid docid, const Xapian::Document* before) {
  if (variant_changes_overflow_ || !variant_docids_.insert(docid).second) return;
  if (variant_changes_.size() >= kMaxGroupChanges) {
    variant_changes_overflow_ = true;
    variant_changes_ = {};
    variant_docids_ = {};
    return;
  }
  VariantChange change;
  change.docid = docid;
  change.existed = before != nullptr;
  if (before != nullptr) change.stems_before = arabic_stems(*before);
  variant_changes_.push_back(std::move(change));
}

void DatabaseWriter::note_old_version(const Xapian::Document& doc) {
  note_words(doc);
  note_variant_change(doc.get_docid(), &doc);
  if (group_changes_overflow_) return;
  group_changes_.old_signatures.push_back(doc.get_value(schema::kSignatureSlot));
  group_changes_.old_keys.push_back(doc.get_value(schema::kDuplicateGroupSlot));
}

void DatabaseWriter::note_new_version(Xapian::docid docid, std::optional<SignatureBuilder> words) {
  note_variant_change(docid, nullptr);
  if (group_changes_overflow_) return;
  group_changes_.current.push_back(docid);
  // A replaced document keeps its docid: its newer words replace the older.
  std::unordered_map<Xapian::docid, SignatureBuilder>& known = group_changes_.known_words;
  if (words && (known.size() < GroupChanges::kMaxKnownWords || known.contains(docid))) {
    known.insert_or_assign(docid, std::move(*words));
  }
  if (group_changes_.current.size() + group_changes_.old_signatures.size() > kMaxGroupChanges) {
    group_changes_overflow_ = true;
    group_changes_ = {};
  }
}

IndexOutcome DatabaseWriter::write(Pending& pending) {
  if (pending.unchanged) return IndexOutcome::unchanged;
  note_change();
  note_words(pending.doc);
  // The version replaced (a second version in one batch replaced the first, which is noted as
  // a new version already).
  if (pending.old_docid != 0) note_old_version(db_.get_document(pending.old_docid));
  if (aside_) {
    // Positions are kept in docid order: a version given again gets a later docid.
    if (pending.existing) {
      before_change();
      db_.delete_document(pending.id_term);
    }
    before_change();
    const Xapian::docid docid = db_.add_document(pending.doc);
    note_new_version(docid);
    put_aside(docid, pending.positions);
    if (!pending.existing) return IndexOutcome::added;
    if (pending.repairs) ++repaired_;
    return IndexOutcome::updated;
  }
  if (pending.existing) {
    if (pending.repairs) ++repaired_;
    note_new_version(db_.replace_document(pending.id_term, pending.doc), std::move(pending.words));
    return IndexOutcome::updated;
  }
  note_new_version(db_.add_document(pending.doc), std::move(pending.words));
  return IndexOutcome::added;
}

void DatabaseWriter::add(const std::vector<Article>& articles,
                         const std::vector<std::size_t>& which,
                         std::vector<IndexOutcome>& outcomes) {
  std::vector<Pending> pending(which.size());
  std::unordered_map<std::string, std::string> batch_hashes;
  for (std::size_t k = 0; k < which.size(); ++k) {
    pending[k].index = which[k];
    look_up(articles[which[k]], pending[k], batch_hashes);
  }
  build_all(articles, pending);
  for (Pending& p : pending) outcomes[p.index] = write(p);
}

bool DatabaseWriter::remove(const std::string& id) {
  const std::string term = schema::id_term(id);
  // The posting list, not the term's frequency: it sees the changes not yet committed.
  const Xapian::PostingIterator it = db_.postlist_begin(term);
  if (it == db_.postlist_end(term)) return false;
  note_change();
  note_old_version(db_.get_document(*it));
  group_changes_.known_words.erase(*it);
  before_change();
  db_.delete_document(term);
  return true;
}

namespace {

// The spelling frequency `word` should have with `frequency` documents holding it.
long long spelling_frequency_for(Xapian::doccount frequency) {
  return frequency >= kMinSpellingDocs ? frequency : 0;
}

// Moves `word`'s spelling frequency by `change` (up or down).
void apply_spelling_change(Xapian::WritableDatabase& db, const std::string& word,
                           long long change) {
  if (change == 0) return;
  const auto amount = static_cast<Xapian::termcount>(change > 0 ? change : -change);
  if (change > 0) {
    db.add_spelling(word, amount);
  } else {
    db.remove_spelling(word, amount);
  }
}

}  // namespace

void DatabaseWriter::sync_spelling_of_changes() {
  if (too_many_changed_words()) {
    sync_spelling(kMaxChangedWords);
    changed_words_.clear();
    return;
  }
  // By key, the table's order: one walk forward.
  std::vector<std::pair<std::string, const std::string*>> keyed;  // key, word
  keyed.reserve(changed_words_.size());
  for (const std::string& word : changed_words_) {
    std::string key = schema::spelling_key(word);
    // Xapian's spelling table takes no word of one byte (a letter: و, ب): asked to, it does
    // nothing, and the overlay was created and committed for nothing (delold2).
    if (key.size() <= kMaxUnspelledKey) continue;
    keyed.emplace_back(std::move(key), &word);
  }
  std::sort(keyed.begin(), keyed.end());
  // Each word's frequency is changed in the table that holds it; a word in neither enters the
  // overlay (a fold: the database's table). Both lists are applied after the walk.
  std::vector<std::pair<std::string, long long>> changes;  // in the database's table
  std::vector<std::tuple<std::string, Xapian::doccount, Xapian::doccount>>
      overlay_changes;  // key, frequency in the overlay before and after
  std::size_t entering = 0;
  {  // the iterators end before the tables change
    Xapian::TermIterator spelling = db_.spellings_begin();
    Xapian::TermIterator overlay;  // walked forward beside the table, as the keys
    if (overlay_) overlay = overlay_->spellings_begin();
    for (const auto& [key, word] : keyed) {
      const long long want = spelling_frequency_for(db_.get_termfreq(*word));
      spelling.skip_to(key);
      const long long have =
          spelling != db_.spellings_end() && *spelling == key ? spelling.get_termfreq() : 0;
      if (!overlay_ || have > 0) {
        if (want != have) changes.emplace_back(key, want - have);
        continue;
      }
      if (overlay != overlay_->spellings_end()) overlay.skip_to(key);
      const Xapian::doccount in_overlay =
          overlay != overlay_->spellings_end() && *overlay == key ? overlay.get_termfreq() : 0;
      if (want == in_overlay) continue;
      if (in_overlay == 0) ++entering;
      overlay_changes.emplace_back(key, in_overlay, static_cast<Xapian::doccount>(want));
    }
  }
  if (overlay_ && overlay_->words() + entering > overlay_limit_) {
    // Every word to the database's table: the overlay's own, changed or not, with the changes.
    for (const auto& [key, from, to] : overlay_changes) changes.emplace_back(key, to);
    fold(changes);
  } else {
    for (const auto& [key, change] : changes) apply_spelling_change(db_, key, change);
    for (const auto& [key, from, to] : overlay_changes) overlay_->change(key, from, to);
    if (overlay_) overlay_->commit_before_main();
  }
  changed_words_.clear();
}

void DatabaseWriter::fold(const std::vector<std::pair<std::string, long long>>& changes) {
  // A fold's changes hold the overlay's words that changed: the others move as they are.
  std::set<std::string_view> changed;
  for (const auto& change : changes) changed.insert(change.first);
  std::vector<std::pair<std::string, long long>> moves;
  for (auto& [key, frequency] : overlay_->all_words()) {
    if (!changed.contains(key)) moves.emplace_back(std::move(key), frequency);
  }
  overlay_->begin_fold();
  for (const auto& [key, change] : changes) apply_spelling_change(db_, key, change);
  for (const auto& [key, frequency] : moves) apply_spelling_change(db_, key, frequency);
  commit_database();
  overlay_->empty();
}

namespace {

// The spelling words among the terms from `term` on, each with its table key, in the order of
// their keys: one kind at a time (words that spelling_key() changes, or those it keeps), since
// the two kinds interleave differently among the terms than among the keys.
class SpellingWords {
 public:
  SpellingWords(const Xapian::Database& db, bool keyed)
      : db_(db), keyed_(keyed), term_(db.allterms_begin()) {
    settle();
  }
  bool done() const { return term_ == db_.allterms_end(); }
  const std::string& key() const { return key_; }
  Xapian::doccount frequency() const { return term_.get_termfreq(); }
  void next() {
    ++term_;
    settle();
  }

 private:
  void settle() {
    for (; term_ != db_.allterms_end(); ++term_) {
      const std::string term = *term_;
      if (!is_spelling_word(term)) continue;
      key_ = schema::spelling_key(term);
      if (key_.size() <= kMaxUnspelledKey) continue;  // never in the table
      if ((key_ != term) == keyed_) return;
    }
  }
  const Xapian::Database& db_;
  bool keyed_;
  Xapian::TermIterator term_;
  std::string key_;
};

// Whether a spelling table entry is a key spelling_key() made (a word of Arabic letters).
bool is_keyed_entry(const std::string& entry) {
  return schema::word_of_spelling_key(entry) != entry;
}

// The changes that make the table's entries of one kind (is_keyed_entry() == keyed) equal the
// spelling frequencies of the words of that kind: a merge walk of two sorted lists. Entries of
// an index written before spelling_key() (Arabic words as they are) are of the other kind than
// their words, and are removed.
void spelling_changes(const Xapian::Database& db, bool keyed,
                      std::vector<std::pair<std::string, long long>>& changes) {
  SpellingWords words(db, keyed);
  auto spelling = db.spellings_begin();
  const auto settle = [&] {
    while (spelling != db.spellings_end() && is_keyed_entry(*spelling) != keyed) ++spelling;
  };
  settle();
  while (!words.done() || spelling != db.spellings_end()) {
    const bool have_word = !words.done();
    const bool have_spelling = spelling != db.spellings_end();
    const int order = !have_word ? 1 : !have_spelling ? -1 : words.key().compare(*spelling);
    const long long want = spelling_frequency_for(order <= 0 ? words.frequency() : 0);
    const long long have = order >= 0 ? spelling.get_termfreq() : 0;
    if (want != have) changes.emplace_back(order <= 0 ? words.key() : *spelling, want - have);
    if (order <= 0) words.next();
    if (order >= 0) {
      ++spelling;
      settle();
    }
  }
}

}  // namespace

// Makes each word's spelling frequency equal its document frequency (0 below kMinSpellingDocs).
// Done once per run over the vocabulary instead of once per word occurrence: adding spelling data
// per document cost as much as all the rest of indexing together. The changes are applied after
// the walks, not under their iterators.
void DatabaseWriter::sync_spelling(std::size_t changes_per_commit,
                                   const std::function<bool()>& stop_requested) {
  std::vector<std::pair<std::string, long long>> changes;  // key, frequency change
  spelling_changes(db_, /*keyed=*/true, changes);
  spelling_changes(db_, /*keyed=*/false, changes);
  // The table is made whole without the overlay (whose words are changes here), so the overlay
  // is folded: left out by readers from the first commit on, emptied after the last.
  const bool folding = overlay_ && (!overlay_->trusted() || overlay_->words() > 0);
  if (folding) overlay_->begin_fold();
  if (!apply_in_steps(changes, changes_per_commit, stop_requested)) return;
  if (folding) {
    commit_database();
    overlay_->empty();
  }
}

void DatabaseWriter::sync_spelling_of_parts(const Xapian::Database& parts,
                                            std::size_t changes_per_commit,
                                            const std::function<bool()>& stop_requested) {
  // `parts` adds the parts' tables together as the merge will: the changes go into this one.
  std::vector<std::pair<std::string, long long>> changes;
  spelling_changes(parts, /*keyed=*/true, changes);
  spelling_changes(parts, /*keyed=*/false, changes);
  apply_in_steps(changes, changes_per_commit, stop_requested);
}

bool DatabaseWriter::apply_in_steps(const std::vector<std::pair<std::string, long long>>& changes,
                                    std::size_t changes_per_commit,
                                    const std::function<bool()>& stop_requested) {
  std::size_t since_commit = 0;
  for (const auto& [key, change] : changes) {
    apply_spelling_change(db_, key, change);
    if (++since_commit == changes_per_commit) {
      commit_database();
      since_commit = 0;
      if (stop_requested && stop_requested()) return false;
    }
  }
  return true;
}

}  // namespace bahth::index
