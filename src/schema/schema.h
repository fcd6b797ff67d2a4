// schema: what the indexer and the searcher agree on, and the only place both take it from.
//
// Term prefixes, value slots, metadata keys, the stored form of an article, the Xapian stemmer
// adapter over bahth's analysis, and opening a database with its recorded analysis checked.
#ifndef BAHTH_SCHEMA_SCHEMA_H_
#define BAHTH_SCHEMA_SCHEMA_H_

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bahth/analyzer.h"
#include "bahth/article.h"

namespace bahth::schema {

// Term prefixes (Xapian's conventions: upper-case letters; "X" starts a multi-letter prefix).
// Free text goes into the unprefixed field (title, body and captions together, title words with
// a higher wdf) and, prefixed, into one field per part so `title:` and the like work. Stems get
// Xapian's "Z" in front of the field prefix, as TermGenerator and QueryParser expect. With a
// stemmer, the stems carry the positions (phrases and NEAR are matched on stems, QueryParser's
// STEM_ALL_Z) and the exact normalized words are unprefixed terms without positions (the
// exact-word bonus, spelling, wildcards); the field-prefixed terms are stems only. With
// --stemmer none the words themselves carry the positions.
inline constexpr std::string_view kTitlePrefix = "S";
inline constexpr std::string_view kCaptionPrefix = "XC";
inline constexpr std::string_view kSectionPrefix = "XS";  // boolean: normalized section name
inline constexpr std::string_view kSourcePrefix = "XO";   // boolean: normalized outlet name
inline constexpr std::string_view kAuthorPrefix = "XA";   // boolean: normalized author, one each
inline constexpr std::string_view kYearPrefix = "Y";      // boolean: 2018
inline constexpr std::string_view kMonthPrefix = "XM";    // boolean: 201803
inline constexpr std::string_view kIdPrefix = "Q";        // boolean: the article's unique id
inline constexpr std::string_view kStemPrefix = "Z";
// boolean: the file the article was read from (file_term), so the articles of a file removed or
// rewritten are found without a scan (`bahth index --watch`).
inline constexpr std::string_view kFilePrefix = "XF";
// boolean: the near-duplicate LSH band buckets the article's signature falls in (band_term), so
// the articles sharing a bucket with a changed one are a posting list away, not a scan of every
// signature. Only in indexes that record kMetaBandTerms.
inline constexpr std::string_view kBandPrefix = "XD";

// Value slots.
inline constexpr Xapian::valueno kDateSlot = 0;       // YYYYMMDD, for DateRangeProcessor
inline constexpr Xapian::valueno kSectionSlot = 1;    // section as written, for facets
inline constexpr Xapian::valueno kHashSlot = 2;       // content_hash: skip unchanged articles
inline constexpr Xapian::valueno kTimestampSlot = 3;  // YYYYMMDDHHMMSS, for sorting by date
inline constexpr Xapian::valueno kWordCountSlot = 4;  // words indexed (sortable_serialise)
inline constexpr Xapian::valueno kSignatureSlot =
    5;  // MinHash sketches of shingles (index/minhash.h)
// The collapse key near-duplicates share (index/minhash.h: group_key); absent for an article with
// no near-duplicate, and in indexes built before it existed: those never collapse.
inline constexpr Xapian::valueno kDuplicateGroupSlot = 6;
inline constexpr Xapian::valueno kSourceSlot = 7;  // the outlet as written, for facets
// file_digest() of the file the article was read from (absent for standard input): an article
// whose content is unchanged but which now comes from another file is rewritten, so that its
// file term follows it. (Before, the whole file_key(), 1.5 MB of paths at 30,758 articles; an
// index holding those is read as well: file_slot_matches.)
inline constexpr Xapian::valueno kFileSlot = 8;

// wdf given to one occurrence of a word in each part of the unprefixed field: a title word
// counts as several body words, a caption word as one (captions are searchable, not central).
inline constexpr Xapian::termcount kTitleWdf = 3;
inline constexpr Xapian::termcount kBodyWdf = 1;
inline constexpr Xapian::termcount kCaptionWdf = 1;

// Positions: the parts of the unprefixed field are laid end to end with this gap, so a phrase
// never matches across a title and the body.
inline constexpr Xapian::termpos kFieldGap = 100;

// Database metadata keys.
inline constexpr std::string_view kMetaSchema = "bahth.schema";      // kSchemaVersion
inline constexpr std::string_view kMetaStemmer = "bahth.stemmer";    // light|snowball|none
inline constexpr std::string_view kMetaAnalyzer = "bahth.analyzer";  // Analyzer::name()
// "1" from the commit of a run's first changed article to the commit that ends its passes: a
// run that finds it set was preceded by one killed before its passes were done, whose changes
// it cannot know, so it runs the passes over the whole index (index/indexer.cc).
inline constexpr std::string_view kMetaPassesPending = "bahth.passes_pending";
// Left by a bahth that relearned the spelling variants on a schedule (the articles changed since
// the last learn); the first run of a bahth with the variant state removes it.
inline constexpr std::string_view kMetaStaleVariants = "bahth.stale_variants";
// The state the spelling variants are kept exact with as articles come and go
// (index/variant_state.h), in the first database: kVariantStateKey holds its version, the
// context words' table and the index size it was kept for; the other keys start with it.
inline constexpr std::string_view kVariantStateKey = "bahth.vstate";
inline constexpr std::string_view kVariantStateStemPrefix = "bahth.vstate.s:";
inline constexpr std::string_view kVariantStateSkeletonPrefix = "bahth.vstate.k:";
inline constexpr std::string_view kVariantStatePairPrefix = "bahth.vstate.p:";
inline constexpr std::string_view kVariantStateBandPrefix = "bahth.vstate.b:";
// The background the context words' weights are discounted by: its articles and its common
// words' counts (read every run), and all its words' counts (read when it changes).
inline constexpr std::string_view kVariantStateBackgroundKey = "bahth.vstate.c:";
inline constexpr std::string_view kVariantStateBackgroundCountsKey = "bahth.vstate.w:";
// kBandTermsForm when every article with a signature has its band terms (kBandPrefix) in this
// form: recorded as the index is created, so an index built before them (or whose articles some
// older bahth wrote) lacks it, and its incremental near-duplicate pass reads every signature
// instead. "1" was a 64-bit bucket key in 12 digits; "2" a 30-bit key in 5 of the signature's
// 32-bit hashes; "3" is the same of its 16-bit hashes (index/minhash.h: SignatureForm), which
// every reader folds a 32-bit hash to, so the keys of form "2" name no bucket any more; "4" keeps
// the top 12 bits of those keys (band_term), 3 digits: an index of form "3" reads as one
// without band terms until `--rebuild-passes` rewrites them.
inline constexpr std::string_view kMetaBandTerms = "bahth.band_terms";
inline constexpr std::string_view kBandTermsForm = "4";
// 2: ids too long for a term are hashed behind kHashedIdMarker (1: behind nothing, so a short id
// could spell another article's hashed term and replace it); positions on stems, exact words
// without positions, no exact field-prefixed terms; near-duplicate signatures of the whole text
// and of the lead; the outlet (source) as a filter term and a value.
inline constexpr std::string_view kSchemaVersion = "2";

/// Starts the id term of an id too long for a Xapian term (or starting with this byte itself):
/// 0xFF never occurs in UTF-8, and no id that is kept as it is starts with it.
inline constexpr std::string_view kHashedIdMarker = "\xFF";
/// Bytes of such an id kept before its hash, so the term still shows whose it is.
inline constexpr std::size_t kHashedIdPrefixBytes = 200;

// Spelling variants (index/variant_learner.h: ترامب/ترمب) live in the metadata, which Xapian
// 1.4's remote protocol serves (it serves no synonym table), so a remote shard expands a query
// word as the local index does. kMetaVariants holds how many pairs the index learned (absent
// before they were learned); each stem with variants has a key of its own, so a query reads only
// its words' entries. Every shard holds all the pairs, learned over all shards together: a
// combined database reads metadata from its first shard only.
inline constexpr std::string_view kMetaVariants = "bahth.variants";
inline constexpr std::string_view kVariantKeyPrefix = "bahth.variant:";
/// Longest stem, in bytes, that has a variant entry: its key stays far inside Xapian's limit on
/// metadata keys. (Variants are names of a few letters; 100 Arabic letters is no name.)
inline constexpr std::size_t kMaxVariantStemBytes = 200;

/// The metadata key of a stem's variants. REQUIRES: stem.size() <= kMaxVariantStemBytes.
std::string variant_key(std::string_view stem);

/// Most variants read for one stem. Learned variants are a name's few spellings; an entry with
/// more comes from a damaged or tampered index (or remote shard), and 50,000 of them made every
/// search take two minutes.
inline constexpr std::size_t kMaxVariantsPerStem = 64;

/// The stems searched as one word with `stem` in `db` (none for a stem longer than
/// kMaxVariantStemBytes or an index that learned no variants), in the order stored: at most
/// kMaxVariantsPerStem, each at most kMaxVariantStemBytes. The index's metadata is untrusted
/// input: when the entry holds more, or longer ones, the rest is left out and `*over_limit`
/// (when given) set.
std::vector<std::string> read_variants(const Xapian::Database& db, std::string_view stem,
                                       bool* over_limit = nullptr);

/// The metadata value of a stem's variants: the stems separated by spaces (a stem has none).
std::string encode_variants(const std::vector<std::string>& variants);

// The spelling table ("did you mean", Xapian's) finds a word's neighbours through lists of the
// words sharing each fragment of it: its first two bytes, its last two, and every three bytes in
// between. An Arabic letter is two bytes in UTF-8, so those fragments were one letter (or a
// letter and half the next), shared by a large part of the vocabulary: each word added or
// removed rewrote and recompressed lists of tens of thousands of words (a one-article run spent
// 450 ms of CPU there at 30,758 articles, and more as the vocabulary grows). The table keeps a
// word of Arabic letters one byte a letter instead (spelling_key), so its fragments are two and
// three letters, as for the Latin script the table was made for. kMetaSpellingForm records it
// ("1"); an index without it has the words as they are, and its next run rewrites the table.
inline constexpr std::string_view kMetaSpellingForm = "bahth.spelling_form";
inline constexpr std::string_view kSpellingForm = "1";

/// The spelling table's entry for `word`: a word of Arabic letters (U+0621..U+064A) one byte a
/// letter (0x81..0xAA, bytes no UTF-8 text starts with), any other word as it is. Keeps the
/// order: words of Arabic letters sort among themselves as their keys do.
std::string spelling_key(std::string_view word);

/// The word of a spelling table entry: spelling_key() undone.
std::string word_of_spelling_key(std::string_view key);

/// Whether `db` keeps its spelling table by spelling_key() (kMetaSpellingForm).
bool spelling_table_keyed(const Xapian::Database& db);

// The user's synonyms (`bahth index --synonyms FILE`, `bahth synonyms`): one metadata entry
// holding every group, one a line, its entries (normalized words or phrases) separated by tabs.
// Every shard holds them all, as it does the variants. Absent when there are none.
inline constexpr std::string_view kMetaSynonyms = "bahth.synonyms";
/// Most bytes of stored synonyms read (a file of 10,000 groups of names is far less); the
/// metadata is untrusted, and a query reads it whole.
inline constexpr std::size_t kMaxSynonymBytes = std::size_t{1} << 20;

/// Synonym groups, each a list of entries (normalized text, one or more words).
using SynonymGroups = std::vector<std::vector<std::string>>;

/// The metadata value of `groups` (entries hold no tab or line break).
std::string encode_synonyms(const SynonymGroups& groups);

/// The groups stored in `db` (none when it has none); at most kMaxSynonymBytes of them, the
/// rest left out and `*over_limit` (when given) set.
SynonymGroups read_synonyms(const Xapian::Database& db, bool* over_limit = nullptr);

/// The groups of a metadata value as read_synonyms reads it (for a reader that keeps the value).
SynonymGroups decode_synonyms(std::string value, bool* over_limit = nullptr);

/// The unique term of an article id: "Q" + the id when it fits Xapian's 245-byte terms; else
/// "Q" + kHashedIdMarker + its first kHashedIdPrefixBytes bytes + "#" + a 128-bit hash of it.
/// Distinct ids get distinct terms (the hashed ones up to a hash collision).
std::string id_term(std::string_view article_id);

/// The article id an id term (id_term) stands for, to name a document whose stored article
/// cannot be read; for a hashed term, the id's first kHashedIdPrefixBytes bytes and "...".
/// `whole` (when given) is set to whether the id is the whole id. "" for a term that is no id term.
std::string id_of_term(std::string_view term, bool* whole = nullptr);

/// A term as its field prefix (the capitals in front of the word, kStemPrefix included) and word.
struct SplitTerm {
  std::string_view prefix;
  std::string_view word;  // empty for a prefix alone
};

/// What names a file in the index: its path (absolute, from Article::origin_file) when at most
/// kMaxFileKeyBytes long and not starting with kHashedIdMarker; else the marker, the path's first
/// kHashedFilePrefixBytes bytes, "#" and a 128-bit hash of the whole path. Short enough for a
/// term (file_term) and a metadata key (file_record_key) alike.
std::string file_key(std::string_view path);
inline constexpr std::size_t kMaxFileKeyBytes = 200;
inline constexpr std::size_t kHashedFilePrefixBytes = 150;

/// kFileSlot's value for `path`: a 64-bit hash of file_key(path), 8 bytes.
std::string file_digest(std::string_view path);

/// Whether kFileSlot's `value` names `path`: its file_digest(), or its file_key() as an index
/// written before the digest holds it.
bool file_slot_matches(std::string_view value, std::string_view path);

/// The term every article read from `path` carries: kFilePrefix, kFileDigestMark and
/// file_digest()'s 64 bits in 11 base-64 digits, 14 bytes (the path itself was about 45 bytes of
/// every article's termlist, 0.96 MB at 30,758 articles).
std::string file_term(std::string_view path);
/// After kFilePrefix in file_term: no file_key starts with it (a path is absolute, or hashed
/// behind kHashedIdMarker).
inline constexpr char kFileDigestMark = '#';

/// kFilePrefix + file_key(path): the term an older bahth gave the articles of `path`, which an
/// index written before file_term holds (the articles of a file are those of both terms).
std::string older_file_term(std::string_view path);

/// Bits of a band bucket's key (index/minhash.h: band_key), and the top bits of it a band term
/// keeps. A term per 30-bit bucket was nearly a term per (article, band) at 30,758 articles:
/// 984,256 posting lists of one entry, 24.9 MB of 193. A term names a coarse bucket of 2^12
/// instead (5 bytes), about 7.5 articles a term at 30,758 (N / 4,096), whose signatures the
/// incremental pass reads to keep the members of the bucket it asked for: the same buckets, so
/// the same pairs compared and the same groups.
inline constexpr unsigned kBandKeyBits = 30;
inline constexpr unsigned kBandTermBits = 12;
static_assert(kBandTermBits % 6 == 0 && kBandTermBits <= kBandKeyBits);

/// The term of LSH band `band`'s bucket `key` (index/minhash.h): kBandPrefix, then the band
/// (< 64) and the key's top kBandTermBits bits in base-64 digits, 5 printable bytes (the term is
/// on every article 32 times), shared by the 2^18 keys of its coarse bucket.
/// REQUIRES: band < 64, key < 2^kBandKeyBits.
std::string band_term(std::size_t band, std::uint64_t key);

/// Whether every article of `db` with a signature has its band terms in this bahth's form
/// (kMetaBandTerms is kBandTermsForm).
bool has_band_terms(const Xapian::Database& db);

// What `bahth index --watch` last indexed of each file it watches: one metadata entry per file,
// kMetaFilePrefix + file_key(path) → encode_file_record(), written in the commit after the
// file's articles. A file whose size or modification time differs is read again.
inline constexpr std::string_view kMetaFilePrefix = "bahth.file:";

/// A file as last indexed.
struct FileRecord {
  std::string path;  // absolute
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;  // st_mtim, in nanoseconds since the epoch
};

/// kMetaFilePrefix + file_key(path).
std::string file_record_key(std::string_view path);

/// "SIZE MTIME_NS PATH"; decode_file_record reads it back, or returns false for a value it did
/// not write (a damaged index: the file is then read again).
std::string encode_file_record(const FileRecord& record);
bool decode_file_record(std::string_view value, FileRecord& out);

/// Splits `term` after its prefix; the views are into `term`.
SplitTerm split_term(std::string_view term);

/// True for the boolean filter terms (id, section, source, year, month), which never add weight.
bool is_filter_term(std::string_view term);

/// Which of `shards` parts an article belongs in: a stable hash of its id, so the same article
/// always lands in the same part. REQUIRES: shards > 0.
std::size_t shard_of(std::string_view article_id, std::size_t shards);

/// The boolean term for a section name (normalized: "Middle East" and "middle east" agree).
std::string section_term(std::string_view section);

/// The boolean term for an outlet (normalized like a section: "BBC" and "bbc" agree).
std::string source_term(std::string_view source);
/// The filter term of one author (Article::author holds one a line), normalized as a source's.
std::string author_term(std::string_view author);

/// The section code an Arabic name stands for ("رياضة" → "sport", "الشرق الأوسط" →
/// "middleEast"), for the section codes the corpora use; `name` itself when it is none of them.
std::string section_alias(std::string_view name);

/// "2018-02-18T20:50:44Z" → "20180218" (for kDateSlot); "" when the date is empty or malformed.
std::string date_value(std::string_view iso_date);

/// "20180218" (a kDateSlot value) → "2018-02-18"; "" for anything else.
std::string iso_day(std::string_view date_value);

/// True for a non-empty string of ASCII digits, the form of every date value and date term.
bool all_digits(std::string_view s);

/// "2018-02-18T20:50:44Z" → "20180218205044"; a date without time gets "000000".
std::string timestamp_value(std::string_view iso_date);

/// A hash of every field of the article, to tell an unchanged re-index from an update: kHashSlot's
/// value, 64 bits in 8 bytes, most significant first. (Indexes written before hold the same 64
/// bits in 16 hex digits, 0.25 MB more at 30,758 articles: content_hash_matches reads both.)
std::string content_hash(const Article& article);

/// Whether kHashSlot's `value` is `hash` (content_hash), in either form.
bool content_hash_matches(std::string_view value, std::string_view hash);

/// The document data: everything a search result shows, including the text snippets come from.
std::string encode_stored_article(const Article& article);

/// Inverse of encode_stored_article. Throws bahth::Error for data it did not write.
Article decode_stored_article(std::string_view data);

/// What a database says about how it was built.
struct RecordedAnalysis {
  bool present = false;  // false for a new, empty database
  StemmerKind stemmer = StemmerKind::light;
  std::string analyzer_name;
};

/// Reads the analysis recorded in `db`. Throws IndexError(db_path, ...) for a database bahth did
/// not write or wrote with another schema version.
RecordedAnalysis read_recorded_analysis(const Xapian::Database& db, const std::string& db_path);

}  // namespace bahth::schema

#endif  // BAHTH_SCHEMA_SCHEMA_H_
