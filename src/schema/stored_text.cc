#include "schema/stored_text.h"

#define ZDICT_STATIC_LINKING_ONLY  // ZDICT_trainFromBuffer_fastCover: one pass, fixed parameters
#include <zdict.h>
#define ZSTD_STATIC_LINKING_ONLY  // ZSTD_createDDict_byReference: no copy of the dictionary
#include <zstd.h>

#include <charconv>
#include <memory>
#include <optional>
#include <utility>

#include "bahth/error.h"
#include "schema/schema.h"
#include "schema/varint.h"

namespace bahth::schema {
namespace {

// The first byte of a compressed record; a plain one starts with 0x01 (schema.cc).
constexpr char kCompressedRecord = '\x02';
constexpr std::string_view kDictionaryKeyPrefix = "bahth.text_dictionary:";
// 128 KB: 1.4 MB less than 64 KB at 30,758 articles trained on the same first 512, for the same
// compression CPU (bench/HISTORY.md, slim2); 256 KB gains little more.
constexpr std::size_t kDictionaryBytes = std::size_t{128} * 1024;
// Level 6 keeps 85% of level 9's gain at half its CPU (bench/HISTORY.md): 7.6 MB of 9.0 at
// 30,758 articles, 1.9 s of CPU instead of 4.3 (zlib's 2.6 s is spent by Xapian either way).
constexpr int kLevel = 6;
// Articles added to an index that has its dictionary (TextEffort::quick): level 2 compressed
// the 100 articles of bench/live_updates.sh in 6–10 ms against 25–34 at level 6, into 149 KB
// against 129 KB (levels 1 and 3: 159 and 150 KB, no faster; bench/HISTORY.md, add100d).
constexpr int kQuickLevel = 2;

[[noreturn]] void damaged(const std::string& why) {
  throw StoredTextError("a stored article in the index is damaged (" + why +
                        "); rebuild the index, or restore it from a copy");
}

std::uint64_t header_varint(std::string_view data, std::size_t& pos) {
  const std::optional<std::uint64_t> n = get_varint(data, pos);
  if (!n) damaged("its header is cut short");
  return *n;
}

}  // namespace

std::string text_dictionary_key(std::uint32_t id) {
  return std::string(kDictionaryKeyPrefix) + std::to_string(id);
}

TextDictionary::TextDictionary(std::string bytes) : bytes_(std::move(bytes)) {
  id_ = ZDICT_getDictID(bytes_.data(), bytes_.size());
  if (id_ == 0) throw Error("not a zstd dictionary (no id)");
}

TextDictionary::~TextDictionary() {
  for (void* cdict : cdict_) ZSTD_freeCDict(static_cast<ZSTD_CDict*>(cdict));
}

const void* TextDictionary::compression_dictionary(TextEffort effort) const {
  const std::size_t which = effort == TextEffort::full ? 0 : 1;
  std::call_once(cdict_made_[which], [this, which] {
    cdict_[which] =
        ZSTD_createCDict(bytes_.data(), bytes_.size(), which == 0 ? kLevel : kQuickLevel);
  });
  return cdict_[which];
}

std::shared_ptr<const TextDictionary> train_text_dictionary(
    const std::vector<std::string>& samples) {
  if (samples.size() < kMinTextDictionarySamples) return nullptr;
  std::string joined;
  std::vector<std::size_t> sizes;
  sizes.reserve(samples.size());
  for (const std::string& sample : samples) {
    joined += sample;
    sizes.push_back(sample.size());
  }
  // Fixed parameters: one pass (0.2–0.4 s of CPU on 2,000 articles) where the default searches
  // several and takes twice as long for the same dictionary within 2%.
  ZDICT_fastCover_params_t params{};
  params.k = 200;
  params.d = 8;
  params.steps = 0;
  params.accel = 1;
  params.zParams.compressionLevel = kLevel;
  std::string dictionary(kDictionaryBytes, '\0');
  const std::size_t size =
      ZDICT_trainFromBuffer_fastCover(dictionary.data(), dictionary.size(), joined.data(),
                                      sizes.data(), static_cast<unsigned>(sizes.size()), params);
  if (ZDICT_isError(size) != 0U) return nullptr;
  dictionary.resize(size);
  return std::make_shared<const TextDictionary>(std::move(dictionary));
}

std::shared_ptr<const TextDictionary> read_text_dictionary(const Xapian::Database& db) {
  const std::string named = db.get_metadata(std::string(kMetaTextDictionary));
  if (named.empty()) return nullptr;
  std::uint32_t id = 0;
  const auto parsed = std::from_chars(named.data(), named.data() + named.size(), id);
  if (parsed.ec != std::errc() || parsed.ptr != named.data() + named.size()) {
    throw Error("the index names its text dictionary '" + named + "', which is no id");
  }
  std::string bytes = db.get_metadata(text_dictionary_key(id));
  if (bytes.empty() || bytes.size() > kMaxTextDictionaryBytes) {
    throw Error("the index's text dictionary " + named + " is missing or too large");
  }
  auto dictionary = std::make_shared<const TextDictionary>(std::move(bytes));
  if (dictionary->id() != id) {
    throw Error("the index's text dictionary " + named + " holds another dictionary");
  }
  return dictionary;
}

void record_text_dictionary(Xapian::WritableDatabase& db, const TextDictionary& dictionary) {
  db.set_metadata(text_dictionary_key(dictionary.id()), dictionary.bytes());
  db.set_metadata(std::string(kMetaTextDictionary), std::to_string(dictionary.id()));
}

StoredTextEncoder::StoredTextEncoder() : cctx_(ZSTD_createCCtx()) {
  if (cctx_ == nullptr) throw std::bad_alloc();
  auto* cctx = static_cast<ZSTD_CCtx*>(cctx_);
  // The record carries the size and the dictionary's id itself; the checksum tells a damaged
  // record from an article (4 bytes an article).
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, 0);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_dictIDFlag, 0);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
}

StoredTextEncoder::StoredTextEncoder(StoredTextEncoder&& other) noexcept
    : dictionary_(std::move(other.dictionary_)), cctx_(std::exchange(other.cctx_, nullptr)) {}

StoredTextEncoder::~StoredTextEncoder() { ZSTD_freeCCtx(static_cast<ZSTD_CCtx*>(cctx_)); }

std::string StoredTextEncoder::encode(const Article& article) {
  std::string plain = encode_stored_article(article);
  if (!dictionary_ || plain.size() > kMaxStoredArticleBytes) return plain;
  auto* cctx = static_cast<ZSTD_CCtx*>(cctx_);
  const auto* cdict = static_cast<const ZSTD_CDict*>(dictionary_->compression_dictionary(effort_));
  // Without it the record would be compressed with no dictionary yet name this one: plain.
  if (cdict == nullptr || ZSTD_isError(ZSTD_CCtx_refCDict(cctx, cdict)) != 0U) return plain;
  std::string out(1, kCompressedRecord);
  put_varint(dictionary_->id(), out);
  put_varint(plain.size(), out);
  const std::size_t header = out.size();
  out.resize(header + ZSTD_compressBound(plain.size()));
  const std::size_t written =
      ZSTD_compress2(cctx, out.data() + header, out.size() - header, plain.data(), plain.size());
  if (ZSTD_isError(written) != 0U || header + written >= plain.size()) return plain;
  out.resize(header + written);
  return out;
}

StoredTextReader::~StoredTextReader() { clear(); }

void StoredTextReader::clear() {
  const std::lock_guard lock(mutex_);
  for (auto& [id, dictionary] : dictionaries_) {
    ZSTD_freeDDict(static_cast<ZSTD_DDict*>(dictionary.ddict));
  }
  dictionaries_.clear();
  databases_.clear();
}

const void* StoredTextReader::dictionary(std::uint32_t id) const {
  const std::lock_guard lock(mutex_);
  if (const auto found = dictionaries_.find(id); found != dictionaries_.end()) {
    return found->second.ddict;
  }
  const std::string key = text_dictionary_key(id);
  for (const Xapian::Database& db : databases_) {
    std::string bytes = db.get_metadata(key);
    if (bytes.empty()) continue;
    if (bytes.size() > kMaxTextDictionaryBytes) damaged("its dictionary " + key + " is too large");
    Dictionary& dictionary = dictionaries_[id];
    dictionary.bytes = std::move(bytes);
    dictionary.ddict =
        ZSTD_createDDict_byReference(dictionary.bytes.data(), dictionary.bytes.size());
    if (dictionary.ddict == nullptr) {
      dictionaries_.erase(id);
      damaged("zstd refused its dictionary " + key);
    }
    return dictionary.ddict;
  }
  throw StoredTextError("a stored article needs the text dictionary " + std::to_string(id) +
                        ", which no database searched holds (a shard missing its metadata?)");
}

Article StoredTextReader::decode(std::string_view data) const {
  if (data.empty() || data.front() != kCompressedRecord) {
    try {
      return decode_stored_article(data);
    } catch (const Error& e) {  // a plain record that is damaged: the same kind of error
      throw StoredTextError(e.what());
    }
  }
  std::size_t pos = 1;
  const std::uint64_t id = header_varint(data, pos);
  const std::uint64_t size = header_varint(data, pos);
  if (id > UINT32_MAX) damaged("its dictionary id is out of range");
  if (size > kMaxStoredArticleBytes) {
    damaged("it declares " + std::to_string(size) + " bytes, more than the " +
            std::to_string(kMaxStoredArticleBytes) + " an article may have");
  }
  const auto* ddict = static_cast<const ZSTD_DDict*>(dictionary(static_cast<std::uint32_t>(id)));
  thread_local const std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> dctx(ZSTD_createDCtx(),
                                                                               &ZSTD_freeDCtx);
  if (!dctx) throw std::bad_alloc();
  // Into a buffer of the declared size: zstd writes no further, and a frame that would is an
  // error, as is one that ends short of it or fails its checksum. Not zeroed first: every byte
  // read after is one zstd wrote (a search's ten articles: 60,000 instructions of memset).
  const auto plain = std::make_unique_for_overwrite<char[]>(size);
  const std::size_t got = ZSTD_decompress_usingDDict(dctx.get(), plain.get(), size,
                                                     data.data() + pos, data.size() - pos, ddict);
  if (ZSTD_isError(got) != 0U) damaged(std::string("zstd: ") + ZSTD_getErrorName(got));
  if (got != size) damaged("it holds fewer bytes than it declares");
  return decode_stored_article(std::string_view(plain.get(), size));
}

}  // namespace bahth::schema
