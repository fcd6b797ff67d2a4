#include "search_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "bahth/utf8.h"
#include "render/article_view.h"

namespace bahth::render {
namespace {

// JSON readers index strings by character, not by UTF-8 byte: convert [begin, end) offsets.
nlohmann::json character_offsets(const std::string& text, const std::vector<Highlight>& ranges) {
  auto chars_before = [&text](std::size_t byte) {
    return count_utf8_chars(std::string_view(text).substr(0, byte));
  };
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [begin, end] : ranges) out.push_back({chars_before(begin), chars_before(end)});
  return out;
}

nlohmann::json explanation_json(const SearchHit& hit) {
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t i = 0; i < hit.explanation.size(); ++i) {
    const auto& [term, weight] = hit.explanation[i];
    out.push_back({{"term", term}, {"weight", weight}});
    if (i < hit.explanation_words.size()) out.back()["matched"] = hit.explanation_words[i];
  }
  return out;
}

nlohmann::json counts_json(const std::vector<FacetCount>& counts) {
  nlohmann::json out = nlohmann::json::array();
  for (const FacetCount& c : counts) out.push_back({{"value", c.value}, {"count", c.count}});
  return out;
}

// {"section": [{"value", "count"}], "month"|"year": [...], "exact", "counted", "undated",
// "without_section", "source", "without_source"}, or null when facets were not asked for.
nlohmann::json facets_json(const std::optional<Facets>& facets) {
  if (!facets) return nullptr;
  return {{"section", counts_json(facets->sections)},
          {"source", counts_json(facets->sources)},
          {facets->by_year ? "year" : "month", counts_json(facets->periods)},
          {"exact", facets->exact},
          {"counted", facets->counted},
          {"undated", facets->undated},
          {"without_section", facets->without_section},
          {"without_source", facets->without_source}};
}

// [{"word": "Trump", "spellings": ["ترامب", "ترمب"]}]
nlohmann::json transliterations_json(const std::vector<Transliteration>& transliterations) {
  nlohmann::json out = nlohmann::json::array();
  for (const Transliteration& t : transliterations) {
    out.push_back({{"word", t.word}, {"spellings", t.spellings}});
  }
  return out;
}

// [{"word": "الهعروف", "spellings": ["المعروف"]}]
nlohmann::json near_spellings_json(const std::vector<NearSpellings>& near_spellings) {
  nlohmann::json out = nlohmann::json::array();
  for (const NearSpellings& n : near_spellings) {
    out.push_back({{"word", n.word}, {"spellings", n.spellings}});
  }
  return out;
}

nlohmann::json null_if_empty(std::string_view text) {
  return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(std::string(text));
}

}  // namespace

nlohmann::json search_json(const SearchResults& results, std::string_view like, bool explain) {
  nlohmann::json hits = nlohmann::json::array();
  for (const SearchHit& hit : results.hits) {
    nlohmann::json& out = hits.emplace_back(article_fields_json(hit));
    out["rank"] = hit.rank;
    out["score"] = hit.score;
    out["snippet"] = hit.snippet;
    out["highlights"] = character_offsets(hit.snippet, hit.highlights);
    out["similar"] = hit.similar;
    if (explain) out["explain"] = explanation_json(hit);
  }
  return {{"query", results.query},
          {"like", null_if_empty(like)},
          {"total", results.total},
          {"total_is_exact", results.total_is_exact},
          {"offset", results.offset},
          {"sort", results.sorted_by == SortOrder::date ? "date" : "relevance"},
          {"without_words", results.without_words},
          {"results", hits},
          {"suggestion", null_if_empty(results.suggestion)},
          {"corrected", results.corrected ? nlohmann::json{{"from", results.corrected->from},
                                                           {"to", results.corrected->to}}
                                          : nlohmann::json(nullptr)},
          {"phrase_fallback", results.phrase_fallback},
          {"missing", results.missing_words},
          {"words", results.query_words == 0 ? nlohmann::json(nullptr)
                                             : nlohmann::json{{"query", results.query_words},
                                                              {"held", results.most_words_held}}},
          {"transliterations", transliterations_json(results.transliterations)},
          {"near_spellings", near_spellings_json(results.near_spellings)},
          {"facets", facets_json(results.facets)},
          {"partial", results.partial()},
          {"unreachable", results.unreachable},
          {"notes", results.notes},
          {"warnings", results.warnings}};
}

namespace {

// The characters json_text escapes beyond what nlohmann escapes: DEL, C1 controls (U+009B is CSI
// to some terminals), line separators and bidi overrides.
bool terminal_active(std::uint32_t cp) {
  return cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

// The characters JSON writes as a backslash and a letter, and the letter of each.
constexpr std::string_view kShortEscaped = "\"\\\b\f\n\r\t";
constexpr std::string_view kShortEscapeLetters = "\"\\bfnrt";

}  // namespace

std::string json_string(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t cp = 0;
    const std::size_t len = decode_utf8(text, i, cp);
    if (len == 0) {
      out.append("\ufffd");  // invalid UTF-8, as nlohmann's error_handler_t::replace does
      ++i;
      continue;
    }
    const std::size_t short_escape =
        cp < 0x80 ? kShortEscaped.find(static_cast<char>(cp)) : std::string_view::npos;
    if (short_escape != std::string_view::npos) {
      out.push_back('\\');
      out.push_back(kShortEscapeLetters[short_escape]);
    } else if (cp < 0x20 || terminal_active(cp)) {
      out.append(fmt::format("\\u{:04x}", cp));
    } else {
      out.append(text, i, len);
    }
    i += len;
  }
  out.push_back('"');
  return out;
}

namespace {

// JSON text as nlohmann wrote it (`dumped`), with what a terminal would act on escaped.
std::string inert_json(const std::string& dumped) {
  // nlohmann escapes C0 controls only. DEL, C1 controls (U+009B is CSI to some terminals), line
  // separators and bidi overrides are escaped too, so that JSON read on a terminal is as inert
  // as text output; the parsed strings are the same.
  std::string out;
  out.reserve(dumped.size());
  for (std::size_t i = 0; i < dumped.size();) {
    std::uint32_t cp = 0;
    const std::size_t len = decode_utf8(dumped, i, cp);
    if (len != 0 && terminal_active(cp)) {
      out.append(fmt::format("\\u{:04x}", cp));
    } else {
      out.append(dumped, i, std::max<std::size_t>(len, 1));
    }
    i += std::max<std::size_t>(len, 1);
  }
  return out;
}

}  // namespace

std::string json_text(const nlohmann::json& value, int indent) {
  return inert_json(value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string json_text(const nlohmann::ordered_json& value, int indent) {
  return inert_json(value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace bahth::render
