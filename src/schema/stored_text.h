// schema/stored_text: the stored articles compressed with zstd and a dictionary trained on the
// index's own first articles.
//
// One article is a few KB, too little for any compressor to learn the language from: zlib (what
// Xapian applies to each record) and zstd alone both keep about 40% of it. A dictionary of 128 KB
// trained on the first articles a new index receives primes zstd with the words and phrases the
// rest will repeat, and keeps about 27% (−9 MB at 30,758 articles, bench/HISTORY.md; an index
// written before has one of 64 KB, read the same way).
//
// A compressed record is kCompressedRecord, the dictionary's id and the plain record's size
// (varints), then a zstd frame with a checksum. The dictionary is in the index's metadata, under
// text_dictionary_key(id); kMetaTextDictionary names the one new records use. A record of the
// plain form (encode_stored_article) reads as before, so an index written before keeps working,
// and every record names its dictionary, so shards built apart (each with its own) search
// together.
#ifndef BAHTH_SCHEMA_STORED_TEXT_H_
#define BAHTH_SCHEMA_STORED_TEXT_H_

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bahth/article.h"
#include "bahth/error.h"
#include "bahth/non_copyable.h"

namespace bahth::schema {

/// The id (decimal) of the dictionary new records are compressed with; absent: plain records.
inline constexpr std::string_view kMetaTextDictionary = "bahth.text_dictionary";
/// Largest dictionary read from an index's metadata (they are trained at 128 KB, 64 KB before):
/// the metadata is untrusted.
inline constexpr std::size_t kMaxTextDictionaryBytes = std::size_t{1} << 20;
/// Largest plain record a compressed one may declare (an article is a few KB; the largest of
/// both corpora is under 200 KB): a damaged or hostile record cannot make a reader allocate more.
inline constexpr std::size_t kMaxStoredArticleBytes = std::size_t{64} << 20;
/// The fewest articles worth training a dictionary on (a new index trains on its first batch:
/// 512 articles in `bahth index`; trained on 2,000 the dictionary would save 1.2 MB more at
/// 30,758 articles, at the price of reading ahead of the batches).
inline constexpr std::size_t kMinTextDictionarySamples = 500;

/// A stored record that cannot be read: damaged, or its dictionary missing. (What reads it names
/// the index: the reader knows only the record.)
class StoredTextError : public Error {
 public:
  using Error::Error;
};

/// The metadata key holding dictionary `id`.
std::string text_dictionary_key(std::uint32_t id);

/// How hard a record is compressed. `full` (zstd's level 6) for a new index's records; `quick`
/// (level 2) for articles added to an index that has its dictionary already (a live add, serve's
/// writes): about a third of the CPU for records about 15% larger (the 100 articles of
/// bench/live_updates.sh: 149 KB against 129 KB, 0.33 of their text against 0.28). Every level
/// writes the same format, read the same way.
enum class TextEffort { full, quick };

/// A trained dictionary, ready to compress with (shared by every writing thread).
class TextDictionary : NonCopyable {
 public:
  /// Throws bahth::Error when `bytes` is no zstd dictionary (has no id).
  explicit TextDictionary(std::string bytes);
  ~TextDictionary();

  std::uint32_t id() const { return id_; }
  const std::string& bytes() const { return bytes_; }
  /// zstd's prepared form (a ZSTD_CDict), made the first time it is asked for (thread-safe):
  /// 8M instructions and 2.5 MB of tables, which a run that stores no article (a delete, a
  /// rerun that changes nothing) never needs. Null when zstd refuses the dictionary. One for
  /// each effort.
  const void* compression_dictionary(TextEffort effort = TextEffort::full) const;

 private:
  std::string bytes_;
  std::uint32_t id_ = 0;
  mutable std::once_flag cdict_made_[2];
  mutable void* cdict_[2] = {nullptr, nullptr};  // ZSTD_CDict, by effort
};

/// A dictionary trained on `samples` (plain records), or null when they are fewer than
/// kMinTextDictionarySamples or zstd cannot train on them (then records stay plain).
std::shared_ptr<const TextDictionary> train_text_dictionary(
    const std::vector<std::string>& samples);

/// The dictionary `db` compresses new records with (kMetaTextDictionary), or null. Throws
/// bahth::Error when it is named but missing, too large or refused.
std::shared_ptr<const TextDictionary> read_text_dictionary(const Xapian::Database& db);

/// Records `dictionary` in `db` as the one new records use.
void record_text_dictionary(Xapian::WritableDatabase& db, const TextDictionary& dictionary);

/// Stores articles: compressed with a dictionary when it has one, plain otherwise. One per thread
/// (it owns zstd's compression state).
class StoredTextEncoder : NonCopyable {
 public:
  StoredTextEncoder();
  ~StoredTextEncoder();
  StoredTextEncoder(StoredTextEncoder&& other) noexcept;
  StoredTextEncoder& operator=(StoredTextEncoder&&) = delete;

  void use(std::shared_ptr<const TextDictionary> dictionary, TextEffort effort = TextEffort::full) {
    dictionary_ = std::move(dictionary);
    effort_ = effort;
  }
  std::string encode(const Article& article);

 private:
  std::shared_ptr<const TextDictionary> dictionary_;
  TextEffort effort_ = TextEffort::full;
  void* cctx_ = nullptr;  // ZSTD_CCtx
};

/// Reads stored articles of one or more databases (the shards searched together): a compressed
/// record's dictionary is read from the first of them that has it, once. Safe to share between
/// threads.
class StoredTextReader : NonCopyable {
 public:
  StoredTextReader() = default;
  explicit StoredTextReader(const Xapian::Database& db) { add_database(db); }
  ~StoredTextReader();

  void add_database(const Xapian::Database& db) { databases_.push_back(db); }
  /// Forgets the databases and the dictionaries read (before they are opened again).
  void clear();

  /// The article of `data`, plain or compressed. Throws StoredTextError for a record it cannot
  /// read (damaged, or whose dictionary no database has): every reader that meets one can tell
  /// it from a failure of the index as a whole, and skip or name it.
  Article decode(std::string_view data) const;

 private:
  const void* dictionary(std::uint32_t id) const;  // ZSTD_DDict

  // A dictionary as zstd reads it, over its bytes as read from the index: zstd refers to them
  // instead of copying 128 KB again (64,000 instructions a 64 KB copy cost a search process).
  struct Dictionary {
    std::string bytes;
    void* ddict = nullptr;  // ZSTD_DDict, referring to bytes
  };

  std::vector<Xapian::Database> databases_;
  mutable std::mutex mutex_;
  // Node-based: a dictionary's bytes stay where they are while others are added.
  mutable std::unordered_map<std::uint32_t, Dictionary> dictionaries_;
};

}  // namespace bahth::schema

#endif  // BAHTH_SCHEMA_STORED_TEXT_H_
