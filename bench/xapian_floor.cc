// bahth's matching with nothing else: a program linked like Xapian's `quest` (Xapian alone) that
// runs the query `bahth search` runs (serialised by bench/serialise_query) as bahth runs it — its
// BM25 parameters, the near-duplicate collapse key, MSIZE matches fetched and every match counted
// up to 1,000 — and prints the estimate and the stored data of the first ten, as quest does.
// Beside a `bahth search` process it shows what bahth's own code adds (bench/process_floor.sh).
// Its constants mirror src/search/ranking.cc, schema.h's kDuplicateGroupSlot and searcher.cc's
// kExactCountUpTo; it links no bahth library on purpose, so they are repeated here.
//
//   xapian_floor DB QUERY_FILE MSIZE
#include <xapian.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: xapian_floor DB QUERY_FILE MSIZE\n";
    return 2;
  }
  try {
    std::ifstream in(argv[2], std::ios::binary);
    std::stringstream serialised;
    serialised << in.rdbuf();
    const Xapian::Database db(argv[1]);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query::unserialise(serialised.str()));
    enquire.set_weighting_scheme(Xapian::BM25Weight(1.0, 0.0, 1.0, 0.5, 0.2));
    constexpr Xapian::valueno kDuplicateGroupSlot = 6;
    constexpr Xapian::doccount kExactCountUpTo = 1000;
    enquire.set_collapse_key(kDuplicateGroupSlot);
    const auto msize = static_cast<Xapian::doccount>(std::atoi(argv[3]));
    const Xapian::MSet mset = enquire.get_mset(0, msize, kExactCountUpTo);
    std::cout << mset.get_matches_estimated() << " matches\n";
    int shown = 0;
    for (auto it = mset.begin(); it != mset.end() && shown < 10; ++it, ++shown) {
      std::cout << it.get_document().get_data() << '\n';
    }
  } catch (const Xapian::Error& e) {
    std::cerr << "xapian_floor: " << e.get_description() << '\n';
    return 1;
  }
  return 0;
}
