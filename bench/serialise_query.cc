// The Xapian query `bahth search` runs for QUERY, serialised into FILE, for bench/xapian_floor
// (bench/process_floor.sh). Prints how many matches bahth fetches for it: the coordination window
// (100) for a query of two words or more, else 10.
//
//   serialise_query --db PATH --out FILE QUERY
#include <xapian.h>

#include <fstream>
#include <iostream>
#include <string>

#include "bahth/stemmers.h"
#include "schema/schema.h"
#include "search/coordination.h"
#include "search/query_builder.h"

int main(int argc, char** argv) {
  std::string db_path;
  std::string out_path;
  std::string query;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--db" && i + 1 < argc) {
      db_path = argv[++i];
    } else if (arg == "--out" && i + 1 < argc) {
      out_path = argv[++i];
    } else {
      query += (query.empty() ? "" : " ") + arg;
    }
  }
  if (db_path.empty() || out_path.empty() || query.empty()) {
    std::cerr << "usage: serialise_query --db PATH --out FILE QUERY\n";
    return 2;
  }
  try {
    const Xapian::Database db(db_path);
    const bahth::Analysis analysis(bahth::schema::read_recorded_analysis(db, db_path).stemmer);
    const Xapian::Query parsed = bahth::search::parse_query(query, db, analysis).query;
    std::ofstream(out_path, std::ios::binary) << parsed.serialise();
    const bool coordinated =
        bahth::search::coordinates(bahth::search::QueryWordSet(parsed, db).size());
    std::cout << (coordinated ? bahth::search::kCoordinationWindow : 10) << '\n';
  } catch (const std::exception& e) {
    std::cerr << "serialise_query: " << e.what() << '\n';
    return 1;
  } catch (const Xapian::Error& e) {
    std::cerr << "serialise_query: " << e.get_description() << '\n';
    return 1;
  }
  return 0;
}
