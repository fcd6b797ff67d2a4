#include "bahth/indexer.h"

#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "bahth/error.h"
#include "document_builder.h"
#include "schema/schema.h"

namespace bahth {

namespace {

Xapian::WritableDatabase open_for_writing(const std::string& path) {
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

// Refuses to mix analyses in one database: terms from two stemmers would not match each other.
void check_or_record_analysis(Xapian::WritableDatabase& db, const std::string& path,
                              StemmerKind stemmer, const std::string& analyzer_name) {
  const schema::RecordedAnalysis recorded = schema::read_recorded_analysis(db, path);
  if (!recorded.present) {
    db.set_metadata(std::string(schema::kMetaSchema), std::string(schema::kSchemaVersion));
    db.set_metadata(std::string(schema::kMetaStemmer), std::string(to_string(stemmer)));
    db.set_metadata(std::string(schema::kMetaAnalyzer), analyzer_name);
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

// What the writer needs to know about one article before any analysis is done.
struct Pending {
  std::string id_term;
  std::string hash;
  bool existing = false;  // the id is in the database or earlier in the same batch
  bool unchanged = false;
  Xapian::Document doc;
};

bool is_spelling_word(const std::string& term) {
  // Unprefixed terms are the normalized words; leave out prefixed terms and numbers.
  const unsigned char first = static_cast<unsigned char>(term.front());
  return !(first >= 'A' && first <= 'Z') && !(first >= '0' && first <= '9');
}

}  // namespace

struct Indexer::Impl {
  std::string path;
  Xapian::WritableDatabase db;
  std::vector<index::DocumentBuilder> builders;  // one per analysis thread
  IndexCounts counts;

  Impl(const IndexOptions& options) : path(options.db_path), db(open_for_writing(path)) {
    const unsigned threads = thread_count(options.threads);
    builders.reserve(threads);
    for (unsigned i = 0; i < threads; ++i) builders.emplace_back(options.stemmer);
    check_or_record_analysis(db, path, options.stemmer,
                             schema::make_analyzer(options.stemmer).name());
  }

  // Looks the article up by id — in this batch first, then in the database — to tell whether
  // it is new, changed or the same as before. `batch` maps the batch's id terms to hashes.
  void look_up(const Article& article, Pending& pending,
               std::unordered_map<std::string, std::string>& batch) {
    pending.id_term = schema::id_term(article.id);
    pending.hash = schema::content_hash(article);
    if (auto seen = batch.find(pending.id_term); seen != batch.end()) {
      pending.existing = true;
      pending.unchanged = seen->second == pending.hash;
      seen->second = pending.hash;
      return;
    }
    batch.emplace(pending.id_term, pending.hash);
    Xapian::PostingIterator it = db.postlist_begin(pending.id_term);
    if (it == db.postlist_end(pending.id_term)) return;
    pending.existing = true;
    pending.unchanged = db.get_document(*it).get_value(schema::kHashSlot) == pending.hash;
  }

  // Builds the documents of articles[first, last) with one builder; runs on its own thread.
  void build_range(std::size_t builder, const std::vector<Article>& articles,
                   std::vector<Pending>& pending, std::size_t first, std::size_t last) {
    for (std::size_t i = first; i < last; ++i) {
      if (pending[i].unchanged) continue;
      pending[i].doc = builders[builder].build(articles[i], pending[i].hash);
    }
  }

  void build_all(const std::vector<Article>& articles, std::vector<Pending>& pending) {
    const std::size_t n = articles.size();
    const std::size_t threads = std::min<std::size_t>(builders.size(), std::max<std::size_t>(n, 1));
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

  // Makes each word's spelling frequency equal its document frequency. Done once per run over
  // the vocabulary instead of once per word occurrence: adding spelling data per document cost
  // as much as all the rest of indexing together. Both lists are sorted, so one merge walk
  // finds every difference; changes are applied after the walk, not under its iterators.
  void sync_spelling() {
    std::vector<std::pair<std::string, long long>> changes;  // word, frequency change
    auto term = db.allterms_begin();
    auto spelling = db.spellings_begin();
    while (term != db.allterms_end() || spelling != db.spellings_end()) {
      if (term != db.allterms_end() && !is_spelling_word(*term)) {
        ++term;
        continue;
      }
      const bool have_term = term != db.allterms_end();
      const bool have_spelling = spelling != db.spellings_end();
      const int order = !have_term ? 1 : !have_spelling ? -1 : (*term).compare(*spelling);
      const long long want = order <= 0 ? term.get_termfreq() : 0;
      const long long have = order >= 0 ? spelling.get_termfreq() : 0;
      if (want != have) changes.emplace_back(order <= 0 ? *term : *spelling, want - have);
      if (order <= 0) ++term;
      if (order >= 0) ++spelling;
    }
    for (const auto& [word, change] : changes) {
      const auto amount = static_cast<Xapian::termcount>(change > 0 ? change : -change);
      if (change > 0) {
        db.add_spelling(word, amount);
      } else {
        db.remove_spelling(word, amount);
      }
    }
  }

  IndexOutcome write(Pending& pending) {
    if (pending.unchanged) {
      ++counts.unchanged;
      return IndexOutcome::unchanged;
    }
    if (pending.existing) {
      db.replace_document(pending.id_term, pending.doc);
      ++counts.updated;
      return IndexOutcome::updated;
    }
    db.add_document(pending.doc);
    ++counts.added;
    return IndexOutcome::added;
  }
};

Indexer::Indexer(const IndexOptions& options) {
  try {
    impl_ = std::make_unique<Impl>(options);
  } catch (const Xapian::Error& e) {
    throw IndexError(options.db_path, e.get_description());
  }
}

Indexer::~Indexer() = default;

void Indexer::add(const std::vector<Article>& articles, std::vector<IndexOutcome>* outcomes) {
  try {
    std::vector<Pending> pending(articles.size());
    std::unordered_map<std::string, std::string> batch_ids;
    for (std::size_t i = 0; i < articles.size(); ++i) {
      impl_->look_up(articles[i], pending[i], batch_ids);
    }
    impl_->build_all(articles, pending);
    if (outcomes != nullptr) outcomes->clear();
    for (Pending& p : pending) {
      const IndexOutcome outcome = impl_->write(p);
      if (outcomes != nullptr) outcomes->push_back(outcome);
    }
  } catch (const Xapian::Error& e) {
    throw IndexError(impl_->path, "cannot write: " + e.get_description());
  }
}

void Indexer::commit() {
  try {
    impl_->db.commit();
  } catch (const Xapian::Error& e) {
    throw IndexError(impl_->path, "cannot commit: " + e.get_description());
  }
}

void Indexer::finish() {
  try {
    impl_->db.commit();
    impl_->sync_spelling();
    impl_->db.commit();
  } catch (const Xapian::Error& e) {
    throw IndexError(impl_->path, "cannot commit: " + e.get_description());
  }
}

const IndexCounts& Indexer::counts() const { return impl_->counts; }

std::size_t Indexer::document_count() const { return impl_->db.get_doccount(); }

}  // namespace bahth
