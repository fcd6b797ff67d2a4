#include "band_terms.h"

#include <algorithm>
#include <string>
#include <vector>

#include "minhash.h"
#include "schema/schema.h"

namespace bahth::index {
namespace {

bool has_term(const Xapian::Document& doc, const std::string& term) {
  Xapian::TermIterator t = doc.termlist_begin();
  t.skip_to(term);
  return t != doc.termlist_end() && *t == term;
}

// Removes every band term of `doc` that is none of `current` (terms of an older form: 14 bytes
// in form "1", the keys of 32-bit hashes in form "2", whose terms have the current length).
void remove_older_band_terms(Xapian::Document& doc, const std::vector<std::string>& current) {
  const std::string prefix(schema::kBandPrefix);
  std::vector<std::string> older;
  Xapian::TermIterator t = doc.termlist_begin();
  for (t.skip_to(prefix); t != doc.termlist_end() && (*t).starts_with(prefix); ++t) {
    if (std::find(current.begin(), current.end(), *t) == current.end()) older.push_back(*t);
  }
  for (const std::string& term : older) doc.remove_term(term);
}

}  // namespace

bool add_missing_band_terms(Xapian::WritableDatabase& db, std::size_t documents_per_commit,
                            const std::function<bool()>& stop_requested) {
  if (schema::has_band_terms(db)) return true;
  // The documents are listed first and rewritten after: not under the value stream's iterator.
  std::vector<Xapian::docid> signed_documents;
  for (auto v = db.valuestream_begin(schema::kSignatureSlot);
       v != db.valuestream_end(schema::kSignatureSlot); ++v) {
    if (is_signature(*v)) signed_documents.push_back(v.get_docid());
  }
  std::size_t since_commit = 0;
  for (const Xapian::docid docid : signed_documents) {
    Xapian::Document doc = db.get_document(docid);
    const std::string signature = doc.get_value(schema::kSignatureSlot);
    // An article written by a bahth with band terms has all of them, or none.
    if (has_term(doc, schema::band_term(0, band_key(signature, 0)))) continue;
    std::vector<std::string> terms;
    terms.reserve(kBands);
    for (std::size_t band = 0; band < kBands; ++band) {
      terms.push_back(schema::band_term(band, band_key(signature, band)));
    }
    // Terms of an older form (schema::kMetaBandTerms "1" or "2") are nobody's buckets now.
    remove_older_band_terms(doc, terms);
    for (const std::string& term : terms) doc.add_boolean_term(term);
    db.replace_document(docid, doc);
    if (++since_commit == documents_per_commit) {
      db.commit();
      since_commit = 0;
      if (stop_requested && stop_requested()) return false;
    }
  }
  db.set_metadata(std::string(schema::kMetaBandTerms), std::string(schema::kBandTermsForm));
  return true;
}

}  // namespace bahth::index
