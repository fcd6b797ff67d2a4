// schema/champions: champion lists, what `bahth compact` stores (index/champion_lists.h) and the
// searcher reads (search/champions.h) to match a frequent word's best articles only.
//
// For every weighted term in more than `limit` articles, the `limit` articles where the term
// weighs most under BM25 (its share, wdf / (K + wdf): bm25_share), in docid order, with the
// largest share of any article left out (the bound). A header records what the lists were
// computed with; they hold only while the database is the one they were written in (its Xapian
// revision, document count, total length and last docid), so any write turns them off until the
// next compaction. Docs: docs/scaling.md, "Champion lists".
#ifndef BAHTH_SCHEMA_CHAMPIONS_H_
#define BAHTH_SCHEMA_CHAMPIONS_H_

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bahth::schema {

/// BM25's parameters. search/ranking.h says why each value, and which queries are weighed with
/// which: the lists' order depends on them, so the indexer computes the lists with those of the
/// queries that use them, and the header records them.
struct Bm25Parameters {
  double k1 = 1.0;
  double k2 = 0.0;
  double k3 = 1.0;
  double b = 0.5;
  double min_normalized_length = 0.2;
};
/// A long query's (a passage used as the query: search::ranking_parameters).
inline constexpr Bm25Parameters kPassageBm25{};
/// A short query's: a longer article's length weighs more against it.
inline constexpr Bm25Parameters kShortQueryBm25{.b = 0.6};
/// What the champion lists are computed with: a short query's, since the lists serve short
/// queries (a long one of frequent words names more candidates than a match through them pays
/// for: search/champions.h), and a query weighed otherwise matches without them.
inline constexpr Bm25Parameters kChampionBm25 = kShortQueryBm25;

/// A term's BM25 share in an article, wdf / (K + wdf) with K = k1 × ((1 − b) + b × the length
/// normalized by the average, at least min_normalized_length): the article's weight for the term
/// divided by the term's weight (which depends on the term alone). In [0, 1).
double bm25_share(Xapian::termcount wdf, Xapian::termcount length, double average_length,
                  const Bm25Parameters& bm25);

// Metadata: the header under kMetaChampions, each list under champion_key(term).
inline constexpr std::string_view kMetaChampions = "bahth.champions";
inline constexpr std::string_view kChampionKeyPrefix = "bahth.champion:";
// 1: a list is its form byte, the bound (8 bytes, IEEE 754, little-endian), the count and the
// docids as varints (the first, then the gaps).
inline constexpr std::string_view kChampionsForm = "1";
/// Longest term with a list: its key stays inside Xapian's limit on metadata keys. (A term that
/// long in over a thousand articles is no word; a query with one matches the whole index.)
inline constexpr std::size_t kMaxChampionTermBytes = 200;

/// What the lists were computed with, and the database they hold for.
struct ChampionsHeader {
  std::size_t limit = 0;  // articles a list holds; terms in at most this many have none
  Bm25Parameters bm25;
  Xapian::rev revision = 0;  // the database's revision once the lists were committed
  Xapian::doccount documents = 0;
  Xapian::totallength total_length = 0;
  Xapian::docid last_docid = 0;
  std::size_t terms = 0;  // how many lists
};

/// One term's list.
struct ChampionList {
  double bound = 0;                   // the largest share of an article not listed (0: none)
  std::vector<Xapian::docid> docids;  // ascending
};

/// Whether `term` can add weight to a match (so may have a list): not a filter term (id,
/// section, source, dates, file) nor a near-duplicate band term.
bool is_weighted_term(std::string_view term);

/// kChampionKeyPrefix + term. REQUIRES: term.size() <= kMaxChampionTermBytes.
std::string champion_key(std::string_view term);

std::string encode_champions_header(const ChampionsHeader& header);
/// Throws Error saying what is wrong for a value encode_champions_header did not write.
ChampionsHeader decode_champions_header(std::string_view value);

std::string encode_champion_list(const ChampionList& list);
/// Throws Error saying what is wrong for a value encode_champion_list did not write, or one
/// longer than `limit` or naming a docid above `last_docid` (a damaged or tampered index).
ChampionList decode_champion_list(std::string_view value, std::size_t limit,
                                  Xapian::docid last_docid);

}  // namespace bahth::schema

#endif  // BAHTH_SCHEMA_CHAMPIONS_H_
