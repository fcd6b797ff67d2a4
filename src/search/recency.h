// Recency: among relevant articles, newer ones rise (SearchOptions::recency_half_life_days).
#ifndef BAHTH_SEARCH_RECENCY_H_
#define BAHTH_SEARCH_RECENCY_H_

#include <xapian.h>

namespace bahth::search {

/// What the newest article scores on top of its relevance, as a share of the query's best score
/// without recency: an article `age` days older than the index's newest gets
/// kRecencyShare * best * 2^(-age / half-life), an undated one nothing. A share of the best score
/// rather than a constant, because BM25's scale moves with the query's words and the index's size:
/// a match better by more than this share of the best is never passed by a merely recent one.
inline constexpr double kRecencyShare = 0.2;

/// `query` with the recency boost added to each match's weight (BM25 + w * decay, w the best
/// score of `query` under `weight` times kRecencyShare, found by a first top-1 search). The decay
/// is anchored at the newest article's day in `db` (not the clock, so that an archive behaves like
/// a live index) and read from the date value slot through Xapian's ValueMapPostingSource,
/// which remote shards (xapian-tcpsrv) know without any registration: they rank alike. The first
/// search stops after `time_limit_seconds` when that is positive (a search's time budget).
Xapian::Query with_recency(const Xapian::Query& query, const Xapian::Database& db,
                           const Xapian::Weight& weight, double half_life_days,
                           double time_limit_seconds = 0);

}  // namespace bahth::search

#endif  // BAHTH_SEARCH_RECENCY_H_
