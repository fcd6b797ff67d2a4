// The near-duplicate grouping pass alone, read-only, on an index built by `bahth index`.
//
//   dedup_groups --db PATH [--in-memory] [--shingle-cache-mb N]
//
// Runs the pass that ends `bahth index` (index/duplicate_groups.h) over PATH without writing the
// groups, and prints the documents with a signature, the grouped documents, the groups, a
// checksum of the (docid, group key) list (FNV-1a over each docid's four bytes, little-endian,
// then its key), the pass's counts, its CPU seconds (user + system) and the process's peak RSS
// (also measure it with /usr/bin/time -v). Two builds of the pass that find the same groups print
// the same checksum. --in-memory loads every signature first and runs the in-memory entry point
// on them; --shingle-cache-mb bounds the cache of shingle sets (default: GroupingOptions').
#include <sys/resource.h>
#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "index/duplicate_groups.h"
#include "index/minhash.h"
#include "schema/schema.h"
#include "schema/stored_text.h"

namespace {

using bahth::index::GroupingOptions;
using bahth::index::GroupingStats;

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

// The (docid, key) list as a count and a checksum.
struct Checksum {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  std::size_t grouped = 0;

  void add(Xapian::docid docid, const std::string& key) {
    for (int k = 0; k < 4; ++k) mix(static_cast<unsigned char>((docid >> (8 * k)) & 0xFF));
    for (const char c : key) mix(static_cast<unsigned char>(c));
    ++grouped;
  }
  void mix(unsigned char byte) {
    hash ^= byte;
    hash *= 0x100000001b3ULL;
  }
};

void in_memory(const Xapian::Database& db, const GroupingOptions& options, Checksum& sum,
               GroupingStats& stats) {
  std::vector<bahth::index::SignedDocument> documents;
  const Xapian::valueno slot = bahth::schema::kSignatureSlot;
  for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) {
    documents.push_back({v.get_docid(), *v});
  }
  const bahth::schema::StoredTextReader stored(db);
  const bahth::index::ShingleReader read = [&db, &stored](Xapian::docid docid) {
    return bahth::index::article_shingles(stored.decode(db.get_document(docid).get_data()));
  };
  stats.documents =
      static_cast<std::size_t>(std::count_if(documents.begin(), documents.end(), [](const auto& d) {
        return bahth::index::is_signature(d.signature);
      }));
  std::vector<std::string> keys;
  for (const auto& [docid, key] :
       bahth::index::find_duplicate_groups(std::move(documents), read, options)) {
    sum.add(docid, key);
    keys.push_back(key);
  }
  std::sort(keys.begin(), keys.end());
  stats.groups = static_cast<std::size_t>(std::unique(keys.begin(), keys.end()) - keys.begin());
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_path;
  bool memory = false;
  GroupingOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--db" && i + 1 < argc) {
      db_path = argv[++i];
    } else if (arg == "--in-memory") {
      memory = true;
    } else if (arg == "--shingle-cache-mb" && i + 1 < argc) {
      options.shingle_cache_bytes = std::stoull(argv[++i]) << 20;

    } else {
      db_path.clear();
      break;
    }
  }
  if (db_path.empty()) {
    std::cerr << "usage: dedup_groups --db PATH [--in-memory] [--shingle-cache-mb N] "
                 "[--signature-cache-mb N]\n";
    return 2;
  }
  try {
    const Xapian::Database db(db_path);
    const double start = cpu_seconds();
    Checksum sum;
    GroupingStats stats;
    if (memory) {
      in_memory(db, options, sum, stats);
    } else {
      bahth::index::for_each_duplicate(
          db, [&sum](Xapian::docid docid, const std::string& key) { sum.add(docid, key); }, options,
          &stats);
    }
    const double cpu = cpu_seconds() - start;
    std::printf(
        "documents %zu  grouped %zu  groups %zu  checksum %016llx  cpu %.2f s  peak rss %.1f MB\n"
        "pairs compared %zu  exact checks %zu  signature reads %zu  shingle reads %zu\n",
        stats.documents, sum.grouped, stats.groups, static_cast<unsigned long long>(sum.hash), cpu,
        peak_rss_mb(), stats.pairs_compared, stats.exact_checks, stats.signature_reads,
        stats.shingle_reads);
  } catch (const std::exception& e) {
    std::cerr << "dedup_groups: " << e.what() << '\n';
    return 1;
  } catch (const Xapian::Error& e) {
    std::cerr << "dedup_groups: " << e.get_description() << '\n';
    return 1;
  }
  return 0;
}
