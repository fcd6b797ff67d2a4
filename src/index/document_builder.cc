#include "document_builder.h"

#include <string>

#include "schema/position_table.h"
#include "schema/schema.h"
#include "schema/varint.h"

namespace bahth::index {
DocumentBuilder::DocumentBuilder(const Analysis& analysis)
    : analyzer_(analysis.analyzer()), stems_differ_(analysis.stems()), terms_(analyzer_) {}

Xapian::termpos DocumentBuilder::index_text(std::string_view text, std::string_view prefix,
                                            Xapian::termcount free_text_wdf,
                                            Xapian::termpos position, Xapian::Document& doc) {
  const bool prefixed = !prefix.empty();
  for (terms_.reset(text); terms_.next(); ++position) {
    const Term& term = terms_.term();
    ++words_;
    word_.assign(term.normalized);  // a reused buffer: no allocation per word
    const std::string& word = word_;
    // Normalized words, not stems: the signature is the same whichever stemmer the index uses.
    if (prefix == schema::kTitlePrefix) {
      signature_.add_title_word(word);
    } else if (prefix.empty()) {
      signature_.add_body_word(word);
    }
    if (!stems_differ_) {
      // --stemmer none: the word is the only term, so it keeps the positions.
      doc.add_posting(word, position, free_text_wdf);
      if (prefixed) {
        scratch_.assign(prefix).append(word);
        doc.add_posting(scratch_, position);
      }
      continue;
    }
    // One positional term per word: the stem, which bare words, phrases and NEAR all match
    // (QueryParser::STEM_ALL_Z). The exact word is kept without positions, for the exact-word
    // bonus, spelling and wildcards: positions are the biggest table of the index, and a
    // position list costs about 20 bytes per (term, article) whatever its length, so giving
    // positions to the stem instead of to each written form nearly halves it.
    scratch_.assign(schema::kStemPrefix).append(term.stem);
    if (aside_) {
      doc.add_term(scratch_, free_text_wdf);
      put_aside(scratch_, position);
    } else {
      doc.add_posting(scratch_, position, free_text_wdf);
    }
    doc.add_term(word, free_text_wdf);
    if (prefixed) {
      scratch_.assign(schema::kStemPrefix).append(prefix).append(term.stem);
      if (aside_) {
        doc.add_term(scratch_);
        put_aside(scratch_, position);
      } else {
        doc.add_posting(scratch_, position);
      }
    }
  }
  return position;
}

void DocumentBuilder::put_aside(const std::string& term, Xapian::termpos position) {
  const auto [found, added] = slot_of_.try_emplace(term, static_cast<std::uint32_t>(slots_.size()));
  if (added) {
    slots_.emplace_back();
    slot_terms_.push_back(&found->first);  // a node's key stays where it is
  }
  std::vector<Xapian::termpos>& positions = slots_[found->second];
  if (positions.empty()) touched_.push_back(found->second);
  positions.push_back(position);  // in increasing order: words are read in order
}

void DocumentBuilder::finish_aside() {
  aside_out_.clear();
  std::string encoded;
  for (const std::uint32_t slot : touched_) {
    const std::string& term = *slot_terms_[slot];
    schema::put_varint(term.size(), aside_out_);
    aside_out_ += term;
    encoded.clear();
    schema::encode_positions(slots_[slot], encoded);
    schema::put_varint(encoded.size(), aside_out_);
    aside_out_ += encoded;
    slots_[slot].clear();
  }
  touched_.clear();
  if (slot_of_.size() > kMaxAsideSlots) {  // a vocabulary of junk: start again
    slot_of_.clear();
    slots_.clear();
    slot_terms_.clear();
  }
}

Xapian::Document DocumentBuilder::build(const Article& article, const std::string& hash) {
  Xapian::Document doc;
  words_ = 0;
  signature_.reset();
  Xapian::termpos position = 1;
  position = index_text(article.title, schema::kTitlePrefix, schema::kTitleWdf, position, doc);
  position = index_text(article.body, "", schema::kBodyWdf, position + schema::kFieldGap, doc);
  for (const std::string& caption : article.captions) {
    position = index_text(caption, schema::kCaptionPrefix, schema::kCaptionWdf,
                          position + schema::kFieldGap, doc);
  }

  doc.add_boolean_term(schema::id_term(article.id));
  if (!article.origin_file.empty()) {
    doc.add_boolean_term(schema::file_term(article.origin_file));
    doc.add_value(schema::kFileSlot, schema::file_key(article.origin_file));
  }
  if (!article.section.empty()) {
    doc.add_boolean_term(schema::section_term(article.section));
    doc.add_value(schema::kSectionSlot, article.section);
  }
  if (!article.source.empty()) {
    doc.add_boolean_term(schema::source_term(article.source));
    doc.add_value(schema::kSourceSlot, article.source);
  }
  for (std::string_view rest = article.author; !rest.empty();) {
    const std::size_t end = std::min(rest.find('\n'), rest.size());
    if (end > 0) doc.add_boolean_term(schema::author_term(rest.substr(0, end)));
    rest.remove_prefix(std::min(end + 1, rest.size()));
  }
  if (const std::string date = schema::date_value(article.date); !date.empty()) {
    doc.add_value(schema::kDateSlot, date);
    doc.add_value(schema::kTimestampSlot, schema::timestamp_value(article.date));
    doc.add_boolean_term(std::string(schema::kYearPrefix) + date.substr(0, 4));
    doc.add_boolean_term(std::string(schema::kMonthPrefix) + date.substr(0, 6));
  }
  doc.add_value(schema::kHashSlot, hash);
  if (const std::string signature = signature_.finish(); !signature.empty()) {
    doc.add_value(schema::kSignatureSlot, signature);
    for (std::size_t band = 0; band < kBands; ++band) {
      doc.add_boolean_term(schema::band_term(band, band_key(signature, band)));
    }
  }
  doc.add_value(schema::kWordCountSlot, Xapian::sortable_serialise(static_cast<double>(words_)));
  doc.set_data(stored_.encode(article));
  if (aside_) finish_aside();
  return doc;
}

}  // namespace bahth::index
