#include "document_builder.h"

#include <algorithm>
#include <string>
#include <string_view>

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

namespace {

// FNV-1a: the terms are a few bytes long.
std::uint32_t term_hash(std::string_view term) {
  std::uint32_t hash = 2166136261u;
  for (const char byte : term) hash = (hash ^ static_cast<unsigned char>(byte)) * 16777619u;
  return hash;
}

}  // namespace

void DocumentBuilder::put_aside(const std::string& term, Xapian::termpos position) {
  if ((aside_terms_.size() + 1) * 2 > aside_table_.size()) {  // grow: at most half full
    aside_table_.assign(aside_table_.size() * 2, 0);
    const std::size_t mask = aside_table_.size() - 1;
    for (std::uint32_t i = 0; i < aside_terms_.size(); ++i) {
      const AsideTerm& known = aside_terms_[i];
      std::size_t slot =
          term_hash(std::string_view(aside_bytes_).substr(known.offset, known.length)) & mask;
      while (aside_table_[slot] != 0) slot = (slot + 1) & mask;
      aside_table_[slot] = i + 1;
    }
  }
  const std::size_t mask = aside_table_.size() - 1;
  std::size_t slot = term_hash(term) & mask;
  std::uint32_t index = 0;
  for (;; slot = (slot + 1) & mask) {
    const std::uint32_t entry = aside_table_[slot];
    if (entry == 0) {  // a new term of the article
      index = static_cast<std::uint32_t>(aside_terms_.size());
      aside_terms_.push_back({static_cast<std::uint32_t>(aside_bytes_.size()),
                              static_cast<std::uint32_t>(term.size()), 0});
      aside_bytes_ += term;
      aside_table_[slot] = index + 1;
      break;
    }
    const AsideTerm& known = aside_terms_[entry - 1];
    if (std::string_view(aside_bytes_).substr(known.offset, known.length) == term) {
      index = entry - 1;
      break;
    }
  }
  ++aside_terms_[index].count;
  aside_hits_.emplace_back(index, position);  // positions in increasing order: words in order
}

void DocumentBuilder::finish_aside() {
  // Each term's positions together, in the order met (a counting sort of the hits by term).
  std::vector<std::uint32_t> start(aside_terms_.size() + 1, 0);
  for (std::size_t i = 0; i < aside_terms_.size(); ++i) {
    start[i + 1] = start[i] + aside_terms_[i].count;
  }
  aside_sorted_.resize(aside_hits_.size());
  for (const auto& [index, position] : aside_hits_) aside_sorted_[start[index]++] = position;
  aside_out_.clear();
  std::string encoded;
  std::size_t at = 0;
  for (const AsideTerm& term : aside_terms_) {
    schema::put_varint(term.length, aside_out_);
    aside_out_.append(aside_bytes_, term.offset, term.length);
    encoded.clear();
    Xapian::termpos previous = 0;
    for (std::size_t i = at; i < at + term.count; ++i) {
      schema::put_varint(aside_sorted_[i] - previous, encoded);
      previous = aside_sorted_[i];
    }
    at += term.count;
    schema::put_varint(encoded.size(), aside_out_);
    aside_out_ += encoded;
  }
  std::fill(aside_table_.begin(), aside_table_.end(), 0);
  aside_terms_.clear();
  aside_bytes_.clear();
  aside_hits_.clear();
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
    doc.add_value(schema::kFileSlot, schema::file_digest(article.origin_file));
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
