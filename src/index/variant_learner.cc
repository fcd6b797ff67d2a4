#include "variant_learner.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analysis/transliteration.h"
#include "bahth/edit_distance.h"
#include "bahth/stemmers.h"
#include "bahth/utf8.h"
#include "schema/schema.h"

namespace bahth::index {

namespace detail {
extern const std::string_view kVariantExceptionsText;  // variant_exceptions_data.cc (CMake)
}  // namespace detail

namespace {

// Articles read for a stem's context: enough to see what a name is about, few enough that the
// pass stays a small fraction of indexing.
constexpr Xapian::doccount kSampleDocuments = 20;
// Stems in more than this share of the articles (and more than kMaxContextDocs) say nothing about
// a context, and are most of every article's terms: left out.
constexpr double kMaxContextShare = 0.05;
constexpr double kMaxContextDocs = 50;

// The code point of the two-byte UTF-8 Arabic letter at `s[i]`, or 0 when it is not one.
char16_t arabic_letter(std::string_view s, std::size_t i) {
  const char16_t c = arabic_block_char_at(s, i);
  return (c >= u'\u0621' && c <= u'\u063A') || (c >= u'\u0641' && c <= u'\u064A') ? c : 0;
}

std::size_t letters(std::string_view arabic) { return arabic.size() / 2; }

double norm(const VariantContext& context) {
  double sum = 0;
  for (const auto& [term, weight] : context) sum += double{weight} * weight;
  return std::sqrt(sum);
}

// The docids of `term`'s sample: every step-th of its `frequency` postings, at most
// kSampleDocuments, so a frequent stem is seen across the whole index, not in its first articles.
std::vector<Xapian::docid> sample_documents(const Xapian::Database& db, const std::string& term,
                                            Xapian::doccount frequency) {
  std::vector<Xapian::docid> out;
  const Xapian::doccount step = std::max<Xapian::doccount>(1, frequency / kSampleDocuments);
  Xapian::doccount seen = 0;
  for (auto post = db.postlist_begin(term);
       post != db.postlist_end(term) && out.size() < kSampleDocuments; ++post, ++seen) {
    if (seen % step == 0) out.push_back(*post);
  }
  return out;
}

// Consecutive reads of one operation that may meet a revision discarded under them before the
// learn gives up: each read is short (a posting list's head, an article's terms), so a writer
// would need to commit twice within each of this many reads in a row.
constexpr int kMaxReopens = 100;

// Runs `read` on `db`. A reader that follows a writer's commits (a background learn) may find
// the revision it reads discarded (Xapian keeps one only until the writer's second commit after
// it): then it reopens `db` at the latest commit and reads again. The reads are each taken
// whole from one revision; the learn as a whole may mix revisions, which the writer allows for
// (it counts every change since the learn began as not yet learned).
template <typename Read>
auto read_latest(Xapian::Database& db, const Read& read) {
  for (int attempt = 1;; ++attempt) {
    try {
      return read();
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == kMaxReopens) throw;
      db.reopen();
    }
  }
}

// Opens a reader with `open`, again when the revision it found was discarded before it read its
// tables' roots: a writer committed twice in between (a thread descheduled there, at load).
Xapian::Database open_latest(const std::function<Xapian::Database()>& open) {
  for (int attempt = 1;; ++attempt) {
    try {
      return open();
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == kMaxReopens) throw;
    }
  }
}

// Sorts a context's entries by term and adds up the weights of a term seen in several articles.
void merge_entries(VariantContext& context) {
  std::sort(context.begin(), context.end());
  std::size_t kept = 0;
  for (std::size_t i = 0; i < context.size(); ++i) {
    if (kept > 0 && context[kept - 1].first == context[i].first) {
      context[kept - 1].second += context[i].second;
    } else {
      context[kept++] = context[i];
    }
  }
  context.resize(kept);
}

}  // namespace

Xapian::doccount articles_with_both(const Xapian::Database& db, const std::string& a,
                                    const std::string& b) {
  Xapian::doccount both = 0;
  auto pa = db.postlist_begin(a);
  auto pb = db.postlist_begin(b);
  while (pa != db.postlist_end(a) && pb != db.postlist_end(b)) {
    if (*pa < *pb) {
      pa.skip_to(*pb);
    } else if (*pb < *pa) {
      pb.skip_to(*pa);
    } else {
      ++both;
      ++pa;
      ++pb;
    }
  }
  return both;
}

namespace {

// variant_skeleton(), with the swapped letters made one only when `merge_swaps`.
std::string skeleton_of(std::string_view stem, bool merge_swaps) {
  return consonant_skeleton(stem, merge_swaps);
}

std::u16string letters_of(std::string_view stem) {
  std::u16string out;
  for (std::size_t i = 0; i + 1 < stem.size(); i += 2) out.push_back(arabic_letter(stem, i));
  return out;
}

bool is_long_vowel_or_hamza(char16_t c) {
  return c == u'\u0627' || c == u'\u0648' || c == u'\u064A' || c == u'\u0621' || c == u'\u0626' ||
         c == u'\u0624';
}

// Whether `a` and `b` are one word with two endings the stemmer left (مختف/مختفي, سياس/سياسيا,
// ايرلندا/ايرلندي): after what they share from the start, at most two letters each, all long
// vowels or hamza. Those are grammar, not spelling; كيماوي/كيميائي differ in more than that.
bool differ_in_ending_only(std::string_view a, std::string_view b) {
  std::size_t shared = 0;
  while (shared < a.size() && shared < b.size() && a[shared] == b[shared]) ++shared;
  shared -= shared % 2;  // whole letters
  const std::u16string rest_a = letters_of(a.substr(shared)), rest_b = letters_of(b.substr(shared));
  if (rest_a.size() > 2 || rest_b.size() > 2) return false;
  return std::all_of(rest_a.begin(), rest_a.end(), is_long_vowel_or_hamza) &&
         std::all_of(rest_b.begin(), rest_b.end(), is_long_vowel_or_hamza);
}

// Whether `verb` has the letters of a derived verb whose verbal noun adds ا before the last
// letter: افعل (4 letters: اعلن), انفعل or افتعل (5: انسحب, انتقل), استفعل (6: استهدف).
bool has_derived_verb_form(std::string_view verb) {
  const std::u16string l = letters_of(verb);
  if (l.empty() || l[0] != u'\u0627') return false;  // ا
  switch (l.size()) {
    case 4:
      return true;
    case 5:
      return l[1] == u'\u0646' || l[2] == u'\u062A';  // ن, ت
    case 6:
      return l[1] == u'\u0633' && l[2] == u'\u062A';  // س ت
    default:
      return false;
  }
}

// Whether one of `a` and `b` is a derived verb and the other its verbal noun, the verb with ا
// before its last letter (استهدف/استهداف, انتقل/انتقال, اعلن/اعلان): two words, not spellings.
bool verb_and_verbal_noun(std::string_view a, std::string_view b) {
  if (a.size() > b.size()) std::swap(a, b);
  constexpr std::string_view kAlef = "\xD8\xA7";  // ا
  if (b.size() != a.size() + 2 || !has_derived_verb_form(a)) return false;
  const std::size_t last = a.size() - 2;
  return b.substr(0, last) == a.substr(0, last) && b.substr(last, 2) == kAlef &&
         b.substr(last + 2) == a.substr(last);
}

// Whether two stems of one skeleton may be spellings of one word, before their contexts are
// read. Spellings differ inside a word: same first letter (so يرقي/راقيا, عضوا/اعضاء do not
// meet), at most two letters more or less, not only in the ending nor as a verb and its noun,
// and by few edits (a name of four letters has few spellings: جونغ/كانغ are two names). Words of
// the dictionary on one skeleton are mostly different words (كتاب/كتب, كبير/جبير): a dictionary
// word meets another spelling only when both are long (كيماوي/كيميائي, انجليز/انكليزي) or only
// vowels differ.
bool may_be_spellings(const StemPair& pair, const VariantInputs& inputs) {
  const std::string& a = pair.first;
  const std::string& b = pair.second;
  if (skeleton_of(a.substr(0, 2), true) != skeleton_of(b.substr(0, 2), true)) return false;
  if (a.substr(0, 2) != b.substr(0, 2) && skeleton_of(a.substr(0, 2), true).empty()) return false;
  const std::size_t la = letters(a), lb = letters(b);
  if (std::max(la, lb) - std::min(la, lb) > 2) return false;
  if (differ_in_ending_only(a, b) || verb_and_verbal_noun(a, b)) return false;
  const std::u16string ua = letters_of(a), ub = letters_of(b);
  const std::size_t edits = std::min(la, lb) <= kMinVariantLetters ? 1 : 2;
  if (edit_distance_with_transpositions(std::u16string_view(ua), std::u16string_view(ub)) > edits) {
    return false;
  }
  const bool dictionary_a = inputs.is_dictionary_word(a);
  const bool dictionary_b = inputs.is_dictionary_word(b);
  if (!dictionary_a && !dictionary_b) return true;
  const bool long_words = std::min(la, lb) >= kMinDictionaryVariantLetters;
  if (dictionary_a && dictionary_b) return long_words;
  return long_words || skeleton_of(a, false) == skeleton_of(b, false);
}

}  // namespace

std::string variant_skeleton(std::string_view stem) { return skeleton_of(stem, true); }

double variant_similarity(const VariantContext& a, const VariantContext& b) {
  const double norms = norm(a) * norm(b);
  if (norms == 0) return 0;
  double dot = 0;
  auto i = a.begin();
  auto j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (i->first < j->first) {
      ++i;
    } else if (j->first < i->first) {
      ++j;
    } else {
      dot += double{i->second} * j->second;
      ++i;
      ++j;
    }
  }
  return dot / norms;
}

namespace {

// Whether the articles holding both stems are clearly fewer than chance predicts (and chance
// predicts enough of them to tell): the sign of two spellings each outlet keeps to one of.
bool split_between_outlets(const StemPair& pair, const VariantInputs& inputs) {
  if (inputs.documents == 0 || !inputs.articles_with_both) return false;
  const auto frequency = [&](const std::string& stem) -> double {
    const auto it = inputs.vocabulary.find(stem);
    return it == inputs.vocabulary.end() ? 0 : it->second;
  };
  const double expected = frequency(pair.first) * frequency(pair.second) / inputs.documents;
  return expected >= kMinExpectedTogether &&
         inputs.articles_with_both(pair) <= kMaxSplitTogetherShare * expected;
}

}  // namespace

std::vector<StemPair> variant_candidates(const VariantInputs& inputs) {
  // Only stems sharing a skeleton are compared: buckets keep the pass near linear.
  std::unordered_map<std::string, std::vector<std::string>> by_skeleton;
  for (const auto& [stem, documents] : inputs.vocabulary) {
    if (documents < kMinVariantDocs || letters(stem) < kMinVariantLetters) continue;
    std::string skeleton = variant_skeleton(stem);
    // Two consonants are enough with two long vowels around them (كيماوي/كيميائي).
    if (letters(skeleton) < 2) continue;
    by_skeleton[std::move(skeleton)].push_back(stem);
  }
  std::vector<StemPair> candidates;
  for (auto& [skeleton, stems] : by_skeleton) {
    if (stems.size() < 2) continue;
    std::sort(stems.begin(), stems.end());
    for (std::size_t i = 0; i < stems.size(); ++i) {
      for (std::size_t j = i + 1; j < stems.size(); ++j) {
        StemPair pair{stems[i], stems[j]};
        if (!may_be_spellings(pair, inputs) || inputs.exceptions.count(pair) != 0) continue;
        candidates.push_back(std::move(pair));
      }
    }
  }
  return candidates;
}

std::vector<std::string> stems_of(const std::vector<StemPair>& pairs) {
  std::vector<std::string> stems;
  for (const auto& [a, b] : pairs) {
    stems.push_back(a);
    stems.push_back(b);
  }
  std::sort(stems.begin(), stems.end());
  stems.erase(std::unique(stems.begin(), stems.end()), stems.end());
  return stems;
}

namespace {

// Keeps the pairs of `batch` whose stems' contexts are alike enough (learn_variant_pairs).
void judge_batch(std::vector<StemPair>& batch, const VariantInputs& inputs,
                 std::vector<StemPair>& pairs) {
  const std::vector<std::string> stems = stems_of(batch);
  const VariantContexts contexts = stems.empty() ? VariantContexts{} : inputs.contexts_of(stems);
  const VariantContext none;
  auto context = [&](const std::string& stem) -> const VariantContext& {
    const auto it = contexts.find(stem);
    return it == contexts.end() ? none : it->second;
  };
  for (StemPair& pair : batch) {
    const double similarity = variant_similarity(context(pair.first), context(pair.second));
    if (similarity >= kMinVariantSimilarity ||
        (similarity >= kMinSplitVariantSimilarity && split_between_outlets(pair, inputs))) {
      pairs.push_back(std::move(pair));
    }
  }
  batch.clear();
}

}  // namespace

std::vector<StemPair> learn_variant_pairs(const VariantInputs& inputs,
                                          std::size_t pairs_per_batch) {
  // The contexts are read a batch of skeletons at a time: a stem's context holds the stems of
  // its sampled articles, and a 100,000-article index has thousands of candidate stems, which
  // all at once took more memory (130 MB) than the rest of the end of a build. Every pair of a
  // skeleton is in the same batch as its stems, so the batches learn what one read would; an
  // article sampled for stems of several batches is read once for each.
  std::vector<std::pair<std::string, StemPair>> by_skeleton;
  for (StemPair& pair : variant_candidates(inputs)) {
    by_skeleton.emplace_back(variant_skeleton(pair.first), std::move(pair));
  }
  std::sort(by_skeleton.begin(), by_skeleton.end());
  std::vector<StemPair> pairs;
  std::vector<StemPair> batch;
  for (std::size_t i = 0; i < by_skeleton.size(); ++i) {
    batch.push_back(std::move(by_skeleton[i].second));
    const bool skeleton_ends =
        i + 1 == by_skeleton.size() || by_skeleton[i + 1].first != by_skeleton[i].first;
    if (skeleton_ends && batch.size() >= pairs_per_batch) judge_batch(batch, inputs, pairs);
  }
  judge_batch(batch, inputs, pairs);
  std::sort(pairs.begin(), pairs.end());
  return pairs;
}

std::unordered_map<std::string, Xapian::doccount> read_stem_frequencies(
    const Xapian::Database& db) {
  std::unordered_map<std::string, Xapian::doccount> out;
  const std::string prefix(schema::kStemPrefix);
  Xapian::Database reader = db;  // the same database: reopening it moves `db` on too
  std::string last;              // where to go on from after a reopen (read again, kept once)
  for (const char* lead : {"\xD8", "\xD9"}) {  // the lead bytes of the Arabic letters
    const std::string start = prefix + lead;
    last.clear();
    read_latest(reader, [&] {
      auto t = reader.allterms_begin(start);
      if (!last.empty()) t.skip_to(last);
      for (; t != reader.allterms_end(start); ++t) {
        last = *t;
        out.emplace(last.substr(prefix.size()), t.get_termfreq());
      }
      return true;
    });
  }
  return out;
}

VariantContextReader::StemWeights::StemWeights(std::size_t capacity) {
  std::size_t slots = 16;
  while (slots < 2 * capacity) slots *= 2;
  slots_.resize(slots);
}

void VariantContextReader::StemWeights::insert(std::string_view stem, Entry entry) {
  const std::size_t hash = std::hash<std::string_view>()(stem);
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash & mask;
  while (slots_[i].data != nullptr) i = (i + 1) & mask;
  Slot& slot = slots_[i];
  slot.data = stem.data();
  slot.hash = hash;
  slot.entry = entry;
  slot.size = static_cast<std::uint32_t>(stem.size());
  std::copy_n(stem.data(), std::min(stem.size(), kHeadBytes), slot.head.begin());
  ++size_;
}

std::size_t VariantContextReader::StemWeights::prefetch(std::string_view stem) const {
  const std::size_t hash = std::hash<std::string_view>()(stem);
  __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]);
  return hash;
}

const VariantContextReader::StemWeights::Entry* VariantContextReader::StemWeights::find(
    std::string_view stem) const {
  return find(stem, std::hash<std::string_view>()(stem));
}

const VariantContextReader::StemWeights::Entry* VariantContextReader::StemWeights::find(
    std::string_view stem, std::size_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask; slots_[i].data != nullptr; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.hash != hash || slot.size != stem.size()) continue;
    const std::size_t head = std::min(stem.size(), kHeadBytes);
    if (std::string_view(slot.head.data(), head) == stem.substr(0, head) &&
        std::string_view(slot.data, stem.size()).substr(head) == stem.substr(head)) {
      return &slot.entry;
    }
  }
  return nullptr;
}

VariantContextReader::VariantContextReader(
    const Xapian::Database& db,
    const std::unordered_map<std::string, Xapian::doccount>& frequencies, VariantReading reading)
    : db_(db),
      frequencies_(frequencies),
      weights_(frequencies.size()),
      reading_(std::move(reading)) {
  const double documents = std::max<double>(1, db.get_doccount());
  const double max_context_docs = std::max(kMaxContextShare * documents, kMaxContextDocs);
  for (const auto& [stem, frequency] : frequencies) {
    if (frequency > max_context_docs || frequency == 0) continue;
    weights_.insert(stem, {static_cast<std::uint32_t>(weights_.size()),
                           static_cast<float>(std::log(documents / frequency))});
  }
}

VariantContexts VariantContextReader::read(const std::vector<std::string>& stems) const {
  const std::string prefix(schema::kStemPrefix);
  // Which stems each sampled article is read for: the posting lists are read first, so every
  // article's term list is read once, in docid order (the order Xapian stores them in).
  Wanted wanted;
  for (std::size_t i = 0; i < stems.size(); ++i) {
    const auto frequency = frequencies_.find(stems[i]);
    if (frequency == frequencies_.end()) continue;
    const std::vector<Xapian::docid> sample = read_latest(
        db_, [&] { return sample_documents(db_, prefix + stems[i], frequency->second); });
    for (Xapian::docid docid : sample) {
      wanted.emplace_back(docid, static_cast<std::uint32_t>(i));
    }
  }
  std::sort(wanted.begin(), wanted.end());
  std::vector<std::uint32_t> self(stems.size(), UINT32_MAX);
  for (std::size_t i = 0; i < stems.size(); ++i) {
    if (const auto* entry = weights_.find(stems[i]); entry != nullptr) self[i] = entry->first;
  }
  std::vector<VariantContext> contexts(stems.size());
  if (!reading_.open_reader || wanted.size() < reading_.min_articles_for_two_threads) {
    read_articles(db_, wanted, 0, wanted.size(), self, contexts);
    for (VariantContext& context : contexts) merge_entries(context);
  } else {
    read_in_two_threads(wanted, self, contexts);
  }
  VariantContexts out;
  for (std::size_t i = 0; i < stems.size(); ++i) out.emplace(stems[i], std::move(contexts[i]));
  return out;
}

namespace {

// Runs `first` here and `second` on a thread of its own, and throws what either threw once both
// are done.
void run_both(const std::function<void()>& first, const std::function<void()>& second) {
  std::exception_ptr error;
  std::thread helper([&] {
    try {
      second();
    } catch (...) {
      error = std::current_exception();
    }
  });
  try {
    first();
  } catch (...) {
    helper.join();
    throw;
  }
  helper.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace

// The second half of the articles is read by a thread with a reader of its own; each stem's
// entries from both halves are then merged (the stems split between the threads). Merging sorts
// all of a stem's entries and adds up equal ones in that order, as one thread does, so the
// contexts are the same to the bit.
void VariantContextReader::read_in_two_threads(const Wanted& wanted,
                                               const std::vector<std::uint32_t>& self,
                                               std::vector<VariantContext>& contexts) const {
  std::size_t half = wanted.size() / 2;
  while (half < wanted.size() && wanted[half].first == wanted[half - 1].first) ++half;
  std::vector<VariantContext> second(contexts.size());
  run_both([&] { read_articles(db_, wanted, 0, half, self, contexts); },
           [&] {
             Xapian::Database db = open_latest(reading_.open_reader);
             read_articles(db, wanted, half, wanted.size(), self, second);
           });
  const auto merge = [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      contexts[i].insert(contexts[i].end(), second[i].begin(), second[i].end());
      VariantContext().swap(second[i]);
      merge_entries(contexts[i]);
    }
  };
  const std::size_t stems = contexts.size();
  run_both([&] { merge(0, stems / 2); }, [&] { merge(stems / 2, stems); });
}

void VariantContextReader::read_articles(Xapian::Database& db, const Wanted& wanted,
                                         std::size_t begin, std::size_t end,
                                         const std::vector<std::uint32_t>& self,
                                         std::vector<VariantContext>& contexts) const {
  const std::string prefix(schema::kStemPrefix);
  const std::string first_stem = prefix + "\xD8";
  VariantContext article;
  std::vector<std::string> terms;
  std::vector<std::size_t> hashes;
  std::size_t articles_read = 0;
  for (std::size_t w = begin; w < end;) {
    const Xapian::docid docid = wanted[w].first;
    if (reading_.stop_requested && ++articles_read % kArticlesPerStopCheck == 0 &&
        reading_.stop_requested()) {
      throw VariantLearnStopped();
    }
    article.clear();
    read_latest(db, [&] {
      terms.clear();
      try {
        auto t = db.termlist_begin(docid);
        // Arabic stems: "Z" then a lead byte D8 or D9; the field-prefixed stems sort before them.
        for (t.skip_to(first_stem); t != db.termlist_end(docid); ++t) {
          std::string term = *t;
          const auto lead = term.size() > 1 ? static_cast<unsigned char>(term[1]) : 0;
          if (term[0] != prefix[0] || (lead != 0xD8 && lead != 0xD9)) break;
          terms.push_back(std::move(term));
        }
      } catch (const Xapian::DocNotFoundError&) {
        // Deleted by a writer since its posting was read (a reader that follows the commits):
        // the article is gone, and adds nothing.
        terms.clear();
      }
      return true;
    });
    // The article's lookups are started together, so their cache misses overlap.
    hashes.resize(terms.size());
    for (std::size_t i = 0; i < terms.size(); ++i) {
      hashes[i] = weights_.prefetch(std::string_view(terms[i]).substr(prefix.size()));
    }
    for (std::size_t i = 0; i < terms.size(); ++i) {
      const auto* entry =
          weights_.find(std::string_view(terms[i]).substr(prefix.size()), hashes[i]);
      if (entry != nullptr) article.push_back(*entry);
    }
    for (; w < end && wanted[w].first == docid; ++w) {
      VariantContext& context = contexts[wanted[w].second];
      for (const auto& entry : article) {
        if (entry.first != self[wanted[w].second]) context.push_back(entry);
      }
    }
  }
}

VariantContexts read_variant_contexts(
    const Xapian::Database& db, const std::vector<std::string>& stems,
    const std::unordered_map<std::string, Xapian::doccount>& frequencies) {
  return VariantContextReader(db, frequencies).read(stems);
}

std::set<StemPair> variant_exceptions(const Analyzer& analyzer) {
  std::set<StemPair> out;
  std::string_view text = detail::kVariantExceptionsText;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    line = line.substr(0, line.find('#'));
    const std::vector<std::string> stems = analyzer.stems(line);
    if (stems.size() == 2) out.insert(std::minmax(stems[0], stems[1]));
  }
  return out;
}

std::unique_ptr<VariantInputs> variant_inputs(const Xapian::Database& db, const Analysis& analysis,
                                              const VariantReading& reading) {
  auto inputs = std::make_unique<VariantInputs>();
  inputs->vocabulary = read_stem_frequencies(db);
  inputs->documents = db.get_doccount();
  // On the heap, so the vocabulary the contexts read stays where it is. The reader weighs the
  // vocabulary once for all the batches learn_variant_pairs asks for.
  auto reader = std::make_shared<const VariantContextReader>(db, inputs->vocabulary, reading);
  inputs->contexts_of = [reader](const std::vector<std::string>& stems) {
    return reader->read(stems);
  };
  inputs->articles_with_both = [reader_db = db](const StemPair& pair) mutable {
    const std::string prefix(schema::kStemPrefix);
    return read_latest(reader_db, [&] {
      return articles_with_both(reader_db, prefix + pair.first, prefix + pair.second);
    });
  };
  inputs->is_dictionary_word = [](const std::string& stem) { return is_dictionary_word(stem); };
  inputs->exceptions = variant_exceptions(analysis.analyzer());
  return inputs;
}

std::vector<StemPair> learn_spelling_variants(const Xapian::Database& db, const Analysis& analysis,
                                              const VariantReading& reading) {
  if (!analysis.stems()) return {};
  return learn_variant_pairs(*variant_inputs(db, analysis, reading));
}

void store_spelling_variants(Xapian::WritableDatabase& db, const std::vector<StemPair>& pairs) {
  std::map<std::string, std::vector<std::string>> variants;
  for (const auto& [a, b] : pairs) {
    if (a.size() > schema::kMaxVariantStemBytes || b.size() > schema::kMaxVariantStemBytes) {
      continue;
    }
    variants[a].push_back(b);
    variants[b].push_back(a);
  }
  std::map<std::string, std::string> wanted;
  for (const auto& [stem, others] : variants) {
    wanted.emplace(schema::variant_key(stem), schema::encode_variants(others));
  }
  // Only the entries that differ are written: a run that learns the same pairs (most runs that
  // change a few articles) changes no metadata, and its commit writes none.
  const std::string prefix(schema::kVariantKeyPrefix);
  std::vector<std::pair<std::string, std::string>> changes;
  for (auto key = db.metadata_keys_begin(prefix); key != db.metadata_keys_end(prefix); ++key) {
    const auto it = wanted.find(*key);
    if (it == wanted.end()) {
      changes.emplace_back(*key, "");  // removes the entry
    } else if (db.get_metadata(*key) != it->second) {
      changes.emplace_back(*key, it->second);
    }
    if (it != wanted.end()) wanted.erase(it);
  }
  for (auto& entry : wanted) changes.emplace_back(entry.first, std::move(entry.second));
  for (const auto& [key, value] : changes) db.set_metadata(key, value);
  const std::string count = std::to_string(pairs.size());
  if (db.get_metadata(std::string(schema::kMetaVariants)) != count) {
    db.set_metadata(std::string(schema::kMetaVariants), count);
  }
}

}  // namespace bahth::index
