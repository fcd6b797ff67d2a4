// What Xapian itself costs to add documents to an index and commit them: the floor under
// `bahth index` of a few articles into a built index (bench/RESULTS.md, "Live index").
//
//   xapian_add_floor SOURCE_DB ID_PREFIX TARGET_DB [--without-band-terms] [--new N | --in-memory]
//
// Copies the documents of SOURCE_DB whose id starts with ID_PREFIX (as `bahth index` built
// them: terms, positions, values, stored data) into memory, then adds them to TARGET_DB (a copy
// of an index, which this writes) and commits; prints the CPU (user + system) and wall time of
// the adds and of the commit (its wall time holds the fsyncs). No analysis and no end passes:
// Xapian's part alone.
//
// With --new N, TARGET_DB is created instead (it must not exist), holding the first N other
// documents of SOURCE_DB, committed before the timing starts: a small second database beside
// the index (a "delta segment", as Lucene's segments), which the same documents are added to.
// With --in-memory, TARGET_DB is ignored and the documents go to Xapian's in-memory backend: the
// floor of a design that answers a write once a log of it is synced and searches a memory
// overlay until a later merge (that merge's cost is not in this figure).
#include <sys/resource.h>
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "index/minhash.h"
#include "schema/schema.h"

namespace {

double cpu_ms() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const auto ms = [](const timeval& t) { return t.tv_sec * 1e3 + t.tv_usec / 1e3; };
  return ms(usage.ru_utime) + ms(usage.ru_stime);
}

double wall_ms() {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// A document of its own (not read lazily from the source while it is added).
Xapian::Document copy_of(const Xapian::Document& from, bool band_terms) {
  Xapian::Document doc;
  const std::string band_prefix(bahth::schema::kBandPrefix);
  for (auto t = from.termlist_begin(); t != from.termlist_end(); ++t) {
    if (!band_terms && (*t).starts_with(band_prefix)) continue;
    doc.add_term(*t, t.get_wdf());
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
      doc.add_posting(*t, *p, 0);
    }
  }
  for (auto v = from.values_begin(); v != from.values_end(); ++v) {
    doc.add_value(v.get_valueno(), *v);
  }
  doc.set_data(from.get_data());
  return doc;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr,
                 "usage: %s SOURCE_DB ID_PREFIX TARGET_DB [--without-band-terms] [--new N | "
                 "--in-memory]\n",
                 argv[0]);
    return 2;
  }
  bool band_terms = true;
  long seed_documents = -1;  // --new N: a new TARGET_DB holding N documents
  bool in_memory = false;
  for (int i = 4; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--without-band-terms") {
      band_terms = false;
    } else if (arg == "--in-memory") {
      in_memory = true;
    } else if (arg == "--new" && i + 1 < argc) {
      seed_documents = std::strtol(argv[++i], nullptr, 10);
    } else {
      std::fprintf(stderr, "%s: unknown argument '%s'\n", argv[0], arg.c_str());
      return 2;
    }
  }
  const Xapian::Database source(argv[1]);
  const std::string prefix = bahth::schema::id_term(argv[2]);
  std::vector<Xapian::Document> docs;
  for (auto t = source.allterms_begin(prefix); t != source.allterms_end(prefix); ++t) {
    docs.push_back(copy_of(source.get_document(*source.postlist_begin(*t)), band_terms));
  }
  Xapian::WritableDatabase target;
  if (in_memory) {
    try {
      target = Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
    } catch (const Xapian::FeatureUnavailableError& e) {
      // bahth's own Xapian (xapian_add_floor_static) is built with glass alone.
      std::fprintf(stderr, "%s: --in-memory: %s\n", argv[0], e.get_msg().c_str());
      return 2;
    }
  } else if (seed_documents >= 0) {
    target = Xapian::WritableDatabase(argv[3], Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    // The index's metadata (analysis, text dictionary, ...): a segment would carry it too.
    for (auto key = source.metadata_keys_begin(); key != source.metadata_keys_end(); ++key) {
      target.set_metadata(*key, source.get_metadata(*key));
    }
    long seeded = 0;
    for (auto id = source.allterms_begin(std::string(bahth::schema::kIdPrefix));
         id != source.allterms_end(std::string(bahth::schema::kIdPrefix)) &&
         seeded < seed_documents;
         ++id) {
      if ((*id).starts_with(prefix)) continue;
      target.add_document(copy_of(source.get_document(*source.postlist_begin(*id)), band_terms));
      ++seeded;
    }
    target.commit();
  } else {
    target = Xapian::WritableDatabase(argv[3], Xapian::DB_OPEN);
  }
  const Xapian::doccount before = target.get_doccount();
  const double start = cpu_ms();
  const double start_wall = wall_ms();
  for (const Xapian::Document& doc : docs) target.add_document(doc);
  const double added = cpu_ms();
  const double added_wall = wall_ms();
  target.commit();
  const double committed = cpu_ms();
  const double committed_wall = wall_ms();
  std::printf(
      "%zu documents%s into %u: CPU add %.1f ms, commit %.1f ms, total %.1f ms (%.2f ms a "
      "document); wall add %.1f ms, commit %.1f ms\n",
      docs.size(), band_terms ? "" : " without band terms", before, added - start,
      committed - added, committed - start, (committed - start) / docs.size(),
      added_wall - start_wall, committed_wall - added_wall);
}
