#include "champion_lists.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "bahth/error.h"
#include "schema/champions.h"

namespace bahth::index {
namespace {

// Every article's length, by docid: the lists need it for each posting, and one pass over the
// lengths beats a lookup per posting.
std::vector<Xapian::termcount> document_lengths(const Xapian::Database& db) {
  std::vector<Xapian::termcount> lengths(static_cast<std::size_t>(db.get_lastdocid()) + 1, 0);
  for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
    lengths[*p] = p.get_doclength();
  }
  return lengths;
}

// The `limit` articles of `term` with the largest shares, in docid order, and the largest
// share of the others. `scratch` is reused from term to term.
schema::ChampionList champion_list(const Xapian::Database& db, const std::string& term,
                                   std::size_t limit, const std::vector<Xapian::termcount>& lengths,
                                   double average_length,
                                   std::vector<std::pair<double, Xapian::docid>>& scratch,
                                   std::uint64_t& postings) {
  scratch.clear();
  for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
    scratch.emplace_back(
        schema::bm25_share(p.get_wdf(), lengths[*p], average_length, schema::kChampionBm25), *p);
  }
  postings += scratch.size();
  schema::ChampionList list;
  if (scratch.size() > limit) {
    // Largest share first; among equal shares the lower docid, so the choice is reproducible.
    const auto better = [](const auto& a, const auto& b) {
      return a.first > b.first || (a.first == b.first && a.second < b.second);
    };
    const auto cut = scratch.begin() + static_cast<std::ptrdiff_t>(limit);
    std::nth_element(scratch.begin(), cut, scratch.end(), better);
    list.bound = std::max_element(cut, scratch.end(), [](const auto& a, const auto& b) {
                   return a.first < b.first;
                 })->first;
    scratch.resize(limit);
  }
  list.docids.reserve(scratch.size());
  for (const auto& entry : scratch) list.docids.push_back(entry.second);
  std::sort(list.docids.begin(), list.docids.end());
  return list;
}

}  // namespace

void remove_champion_lists(Xapian::WritableDatabase& db) {
  std::vector<std::string> keys;
  const std::string prefix(schema::kChampionKeyPrefix);
  for (auto key = db.metadata_keys_begin(prefix); key != db.metadata_keys_end(prefix); ++key) {
    keys.push_back(*key);
  }
  for (const std::string& key : keys) db.set_metadata(key, "");
  db.set_metadata(std::string(schema::kMetaChampions), "");
}

ChampionListsReport write_champion_lists(Xapian::WritableDatabase& db, std::size_t limit) {
  remove_champion_lists(db);
  ChampionListsReport report;
  if (limit == 0 || db.get_doccount() == 0) {
    db.commit();
    return report;
  }
  const std::vector<Xapian::termcount> lengths = document_lengths(db);
  const double average_length = db.get_avlength();
  std::vector<std::pair<double, Xapian::docid>> scratch;
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
    if (t.get_termfreq() <= limit) continue;
    const std::string term = *t;
    if (term.size() > schema::kMaxChampionTermBytes || !schema::is_weighted_term(term)) continue;
    const std::string value = schema::encode_champion_list(
        champion_list(db, term, limit, lengths, average_length, scratch, report.postings));
    report.bytes += value.size();
    db.set_metadata(schema::champion_key(term), value);
    ++report.terms;
  }
  schema::ChampionsHeader header;
  header.limit = limit;
  header.bm25 = schema::kChampionBm25;
  // The commit below makes the next revision; a database whose revision is another was written
  // after the lists.
  header.revision = db.get_revision() + 1;
  header.documents = db.get_doccount();
  header.total_length = db.get_total_length();
  header.last_docid = db.get_lastdocid();
  header.terms = report.terms;
  db.set_metadata(std::string(schema::kMetaChampions), schema::encode_champions_header(header));
  db.commit();
  if (db.get_revision() != header.revision) {
    throw Error("the champion lists were committed at revision " +
                std::to_string(db.get_revision()) + ", not " + std::to_string(header.revision) +
                " as recorded");
  }
  return report;
}

}  // namespace bahth::index
