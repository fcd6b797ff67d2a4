// Fuzz target: normalization, tokenization and the light stemmer on arbitrary bytes. Checks the
// contracts the indexer and the snippets rely on, not only the absence of crashes.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "analysis/word_prefilter.h"
#include "bahth/analyzer.h"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bahth::Analyzer light = bahth::Analyzer::make(bahth::StemmerKind::light);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string normalized = bahth::normalize(text);
  check(bahth::normalize(normalized) == normalized);  // idempotent
  // Snippets skip words by this signature before normalizing them: it must cover what
  // normalization can write.
  const std::uint64_t written = bahth::byte_signature(normalized);
  check((written & ~bahth::normalized_byte_signature(text)) == 0);
  for (bahth::WordTokenizer words(text); words.next();) {
    check(words.begin() < words.end() && words.end() <= text.size());
  }
  for (bahth::TermStream terms(light, text); terms.next();) {
    const bahth::Term& t = terms.term();
    check(t.offset + t.surface.size() <= text.size());
    check(text.substr(t.offset, t.surface.size()) == t.surface);
    check(!t.normalized.empty() && t.normalized.size() <= bahth::TermStream::kMaxWordBytes);
    check(!t.stem.empty());
    check(t.normalized.find(bahth::substring_of_words(t.stem)) !=
          std::string_view::npos);  // stems_are_substrings()
    const std::uint64_t word = bahth::byte_signature(t.normalized);
    check((word & ~bahth::normalized_byte_signature(t.surface)) == 0);
  }
  return 0;
}
