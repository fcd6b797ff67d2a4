#include "band_terms.h"

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

void remove_older_band_terms(Xapian::Document& doc) {
  const std::string prefix(schema::kBandPrefix);
  const std::size_t current_size = schema::band_term(0, 0).size();
  std::vector<std::string> older;
  Xapian::TermIterator t = doc.termlist_begin();
  for (t.skip_to(prefix); t != doc.termlist_end() && (*t).starts_with(prefix); ++t) {
    if ((*t).size() != current_size) older.push_back(*t);
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
    // Terms of an older form (schema::kMetaBandTerms "1": 14 bytes) are nobody's buckets now.
    remove_older_band_terms(doc);
    for (std::size_t band = 0; band < kBands; ++band) {
      doc.add_boolean_term(schema::band_term(band, band_key(signature, band)));
    }
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
