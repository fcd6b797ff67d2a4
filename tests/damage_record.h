// Damages one stored article of an index the way a disk fault or a tampering hand would, for
// the tests of every reader that must name it and go on.
#ifndef BAHTH_TESTS_DAMAGE_RECORD_H_
#define BAHTH_TESTS_DAMAGE_RECORD_H_

#include <gtest/gtest.h>
#include <xapian.h>

#include <string>

namespace bahth::testing {

/// Damages the stored record of the article `id` (an id short enough to be its own id term) in
/// the database at `db` (one database: a shard's path for a sharded index), and commits. A zstd
/// record gets a byte near its end flipped, so that it fails its checksum; a plain record (an
/// index of too few articles to compress) is cut short, in the middle of a field. Returns the
/// document's id.
inline Xapian::docid damage_stored_article(const std::string& db, const std::string& id) {
  Xapian::WritableDatabase writable(db, Xapian::DB_OPEN);
  const std::string term = "Q" + id;
  const Xapian::PostingIterator posting = writable.postlist_begin(term);
  EXPECT_NE(posting, writable.postlist_end(term)) << "no article " << id << " in " << db;
  if (posting == writable.postlist_end(term)) return 0;
  const Xapian::docid docid = *posting;
  Xapian::Document doc = writable.get_document(docid);
  std::string data = doc.get_data();
  if (!data.empty() && data.front() == '\x02') {
    data[data.size() - 5] = static_cast<char>(data[data.size() - 5] ^ 0x21);
  } else {
    data.resize(data.size() / 2);
  }
  doc.set_data(data);
  writable.replace_document(docid, doc);
  writable.commit();
  return docid;
}

}  // namespace bahth::testing

#endif  // BAHTH_TESTS_DAMAGE_RECORD_H_
