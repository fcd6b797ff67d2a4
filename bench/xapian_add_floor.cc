// What Xapian itself costs to add documents to an index and commit them: the floor under
// `bahth index` of a few articles into a built index (bench/RESULTS.md, "Live index").
//
//   xapian_add_floor SOURCE_DB ID_PREFIX TARGET_DB [--without-band-terms]
//
// Copies the documents of SOURCE_DB whose id starts with ID_PREFIX (as `bahth index` built
// them: terms, positions, values, stored data) into memory, then adds them to TARGET_DB (a copy
// of an index, which this writes) and commits; prints the CPU (user + system) of the adds and of
// the commit. No analysis and no end passes: Xapian's part alone.
#include <sys/resource.h>
#include <xapian.h>

#include <cstdio>
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
    std::fprintf(stderr, "usage: %s SOURCE_DB ID_PREFIX TARGET_DB [--without-band-terms]\n",
                 argv[0]);
    return 2;
  }
  const bool band_terms = !(argc > 4 && std::string(argv[4]) == "--without-band-terms");
  const Xapian::Database source(argv[1]);
  const std::string prefix = bahth::schema::id_term(argv[2]);
  std::vector<Xapian::Document> docs;
  for (auto t = source.allterms_begin(prefix); t != source.allterms_end(prefix); ++t) {
    docs.push_back(copy_of(source.get_document(*source.postlist_begin(*t)), band_terms));
  }
  Xapian::WritableDatabase target(argv[3], Xapian::DB_OPEN);
  const double start = cpu_ms();
  for (const Xapian::Document& doc : docs) target.add_document(doc);
  const double added = cpu_ms();
  target.commit();
  const double committed = cpu_ms();
  std::printf("%zu documents%s: add %.1f ms, commit %.1f ms, total %.1f ms (%.2f ms a document)\n",
              docs.size(), band_terms ? "" : " without band terms", added - start,
              committed - added, committed - start, (committed - start) / docs.size());
}
