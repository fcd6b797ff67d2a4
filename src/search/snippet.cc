#include "snippet.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <set>
#include <string>

#include "analysis/word_prefilter.h"
#include "bahth/utf8.h"
#include "schema/schema.h"

namespace bahth::search {
namespace {

struct Match {
  std::size_t begin;  // byte offsets in the body
  std::size_t end;
  std::string word;        // which query word, to favour windows with many different ones
  std::size_t window_end;  // where a window that opens on this match ends (window_chars())
};

// Moves `bytes` characters forward from `pos`, counting UTF-8 characters, not bytes.
std::size_t advance_chars(std::string_view text, std::size_t pos, std::size_t chars) {
  while (pos < text.size() && chars > 0) {
    pos = next_utf8_char_start(text, pos);
    --chars;
  }
  return pos;
}

std::size_t back_chars(std::string_view text, std::size_t pos, std::size_t chars) {
  while (pos > 0 && chars > 0) {
    pos = utf8_char_start(text, pos - 1);
    --chars;
  }
  return pos;
}

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// Widens [begin, end) outwards to whole words (never past the body). A "word" longer than
// kMaxSnap bytes (a URL, base64) is cut at a character boundary instead.
void snap_to_words(std::string_view body, std::size_t& begin, std::size_t& end) {
  constexpr std::size_t kMaxSnap = 48;
  std::size_t b = begin;
  while (b > 0 && !is_space(body[b - 1]) && begin - b < kMaxSnap) b = utf8_char_start(body, b - 1);
  if (b == 0 || is_space(body[b - 1])) begin = b;
  std::size_t e = end;
  while (e < body.size() && !is_space(body[e]) && e - end < kMaxSnap) ++e;
  end = e == body.size() || is_space(body[e]) ? e : utf8_char_start(body, end);
}

// The window best_window_start() measures from a match: this many characters.
std::size_t window_chars(std::size_t snippet_chars) { return snippet_chars * 3 / 4; }

// Characters in text[begin, end).
std::size_t count_chars(std::string_view text, std::size_t begin, std::size_t end) {
  return count_utf8_chars(text.substr(begin, end - begin));
}

// Where a window of `chars` characters that opens at `begin` ends, given the window of the match
// before: it ends as many characters past that one's end as `begin` is past that one's start.
// Counting only the gap keeps the work proportional to the body, however many matches there are.
std::size_t next_window_end(std::string_view body, const Match& before, std::size_t begin,
                            std::size_t chars) {
  if (begin >= before.window_end) return advance_chars(body, begin, chars);
  return advance_chars(body, before.window_end, count_chars(body, before.begin, begin));
}

// Index of the match that starts the window with the most distinct query words, then most
// matches.
std::size_t best_window_start(const std::vector<Match>& matches) {
  std::size_t best = 0;
  std::pair<std::size_t, std::size_t> best_score{0, 0};
  for (std::size_t i = 0; i < matches.size(); ++i) {
    const std::size_t limit = matches[i].window_end;
    std::set<std::string_view> distinct;
    std::size_t count = 0;
    for (std::size_t j = i; j < matches.size() && matches[j].end <= limit; ++j) {
      distinct.insert(matches[j].word);
      ++count;
    }
    const std::pair<std::size_t, std::size_t> score{distinct.size(), count};
    if (score > best_score) best_score = score, best = i;
  }
  return best;
}

// True when some window that ends with the last match holds `wanted` different query words.
bool covers(const std::vector<Match>& matches, std::size_t wanted) {
  std::set<std::string_view> distinct;
  const std::size_t last_end = matches.back().end;
  for (auto m = matches.rbegin(); m != matches.rend(); ++m) {
    if (m->window_end < last_end) break;
    distinct.insert(m->word);
  }
  return distinct.size() >= wanted;
}

// How many different query words a window can hold at most: every stem, and every exact word
// (a phrase's) whose stem is not among them. Reaching it lets find_matches() stop early.
std::size_t most_distinct(const Analyzer& analyzer, const QueryWords& words) {
  std::size_t n = words.stems.size();
  std::string stem;
  for (const std::string& word : words.exact) {
    stem = word;
    analyzer.stemmer().stem(stem);
    if (words.stems.count(stem) == 0) ++n;
  }
  return n + words.phrases.size() + words.wildcards.size();
}

// A test run on every word of a body before any stemming or set lookup. With a stemmer that only
// cuts affixes, a word can match a query word only if it contains that word's stem: a query stem,
// or the stem of an exact (phrase) word, which is that stem plus affixes. Most words of a body
// contain none of the few stems of a query.
class CandidateFilter {
 public:
  CandidateFilter(const Analyzer& analyzer, const QueryWords& words)
      : active_(analyzer.stemmer().stems_are_substrings()) {
    if (!active_) return;
    for (const std::string& stem : words.stems) add_needle(stem);
    std::string stem;
    for (const std::string& word : words.exact) {
      stem = word;
      analyzer.stemmer().stem(stem);
      add_needle(stem);
    }
    // A phrase word is a stem, or a normalized word whose stem it contains; a wildcard's
    // words start with its pattern.
    for (const auto& phrase : words.phrases) {
      for (const PhraseWord& word : phrase) {
        stem = word.text;
        if (!word.stemmed) analyzer.stemmer().stem(stem);
        add_needle(stem);
      }
    }
    for (const std::string& pattern : words.wildcards) add_needle(pattern);
  }

  // Before normalization: false if no needle's bytes can all be in the word once normalized.
  bool may_match_surface(std::string_view surface) const {
    return !active_ || may_match_signature(normalized_byte_signature(surface));
  }

  // The same, given normalized_byte_signature() of a surface word or of text around it.
  bool may_match_signature(std::uint64_t signature) const {
    return std::any_of(needles_.begin(), needles_.end(), [signature](const Needle& needle) {
      return (needle.signature & ~signature) == 0;
    });
  }

  // False when every word passes (a stemmer that rewrites letters).
  bool active() const { return active_; }

  bool may_match(std::string_view normalized) const {
    if (!active_) return true;
    const std::uint64_t signature = byte_signature(normalized);
    for (const Needle& needle : needles_) {
      if ((needle.signature & ~signature) == 0 &&
          normalized.find(needle.text) != std::string_view::npos) {
        return true;
      }
    }
    return false;
  }

 private:
  struct Needle {
    std::string text;
    std::uint64_t signature;
  };

  // A stem's needle is what every word of that stem holds (substring_of_words: للصين stems to
  // الصين); for a wildcard's pattern or an exact word it is the same bytes, or fewer.
  void add_needle(const std::string& stem) {
    const std::string text(substring_of_words(stem));
    for (const Needle& needle : needles_) {
      if (needle.text == text) return;
    }
    needles_.push_back({text, byte_signature(text)});
  }

  bool active_;
  std::vector<Needle> needles_;
};

// A word of the body as find_matches() saw it, for phrases: which surface word it is (counting
// the words the candidate filter skipped), where it is, and its forms.
struct SeenWord {
  std::size_t number;
  std::size_t begin;
  std::size_t end;
  std::string stem;
  std::string normalized;
};

bool phrase_word_matches(const PhraseWord& wanted, const SeenWord& seen) {
  return wanted.text == (wanted.stemmed ? seen.stem : seen.normalized);
}

// The label of a phrase, to count it as one query word.
std::string phrase_label(const std::vector<PhraseWord>& phrase) {
  std::string label = "\"";
  for (const PhraseWord& word : phrase) label += word.text + ' ';
  return label;
}

// The phrase of `words` that the last words seen end (in order, with no word between): its
// index, or npos.
std::size_t phrase_ending_here(const QueryWords& words, const std::deque<SeenWord>& recent) {
  for (std::size_t p = 0; p < words.phrases.size(); ++p) {
    const std::vector<PhraseWord>& phrase = words.phrases[p];
    if (phrase.size() > recent.size()) continue;
    const std::size_t first = recent.size() - phrase.size();
    bool in_order = true;
    for (std::size_t i = 0; i < phrase.size() && in_order; ++i) {
      const SeenWord& seen = recent[first + i];
      in_order = phrase_word_matches(phrase[i], seen) &&
                 (i == 0 || seen.number == recent[first + i - 1].number + 1);
    }
    if (in_order) return p;
  }
  return std::string_view::npos;
}

// The wildcard pattern `normalized` starts with, or nullptr.
const std::string* wildcard_matched(const QueryWords& words, std::string_view normalized) {
  for (const std::string& pattern : words.wildcards) {
    if (normalized.substr(0, pattern.size()) == pattern) return &pattern;
  }
  return nullptr;
}

std::size_t longest_phrase(const QueryWords& words) {
  std::size_t longest = 0;
  for (const auto& phrase : words.phrases) longest = std::max(longest, phrase.size());
  return longest;
}

// Adds a match at [begin, end) labelled `word`. A phrase's match replaces the matches of its
// own words (the last ones), so one occurrence is marked once.
void add_match(std::vector<Match>& matches, std::string_view body, std::size_t begin,
               std::size_t end, std::string word, std::size_t chars) {
  while (!matches.empty() && matches.back().begin >= begin) matches.pop_back();
  const std::size_t window_end =
      matches.empty() ? advance_chars(body, begin, window_chars(chars))
                      : next_window_end(body, matches.back(), begin, window_chars(chars));
  matches.push_back(Match{begin, end, std::move(word), window_end});
}

// The query words in `body`, in order. Each match is labelled by its stem when a stem matched
// (so سوريا and السورية count as one query word), else by the exact word, the wildcard or the
// phrase. A phrase is matched where its words (any inflection: phrases match on stems) follow
// each other, and marked as one span. The scan stops once a window already holds every query
// word and the snippet around it cannot reach further: no later window can do better on
// distinct words, and news bodies are long.
std::vector<Match> find_matches(std::string_view body, const Analyzer& analyzer,
                                const QueryWords& words, std::size_t chars) {
  const std::size_t wanted = most_distinct(analyzer, words);
  // A character takes at most 4 bytes: a snippet of `chars` characters that starts before the
  // latest match cannot reach further than this many bytes past it.
  const std::size_t reach = 4 * chars;
  std::vector<Match> matches;
  std::size_t stop_after = std::string_view::npos;
  const CandidateFilter filter(analyzer, words);
  const std::size_t phrase_words = longest_phrase(words);
  std::deque<SeenWord> recent;    // the last words that may belong to a phrase
  std::size_t surface_words = 0;  // every surface word, kept or skipped by the filter
  std::string key;
  TermStream terms(analyzer, {}, TermStream::Stemming::on_demand);
  // Most words of a body cannot hold a query word: they are not even normalized.
  terms.set_word_filter([&filter, &surface_words](std::string_view surface) {
    ++surface_words;
    return filter.may_match_surface(surface);
  });
  // The terms of body[base, base + span.size()); false once past stop_after.
  auto scan = [&](std::string_view span, std::size_t base) {
    for (terms.reset(span); terms.next();) {
      const Term& t = terms.term();
      const std::size_t offset = base + t.offset;
      if (offset > stop_after) return false;
      if (!filter.may_match(t.normalized)) continue;
      // A ligature expands to several terms of one surface word: mark it once.
      if (!matches.empty() && matches.back().begin == offset) continue;
      const std::string_view stem = terms.stem();
      if (phrase_words > 0 && (recent.empty() || recent.back().begin != offset)) {
        recent.push_back(SeenWord{surface_words, offset, offset + t.surface.size(),
                                  std::string(stem), std::string(t.normalized)});
        if (recent.size() > phrase_words) recent.pop_front();
        if (const std::size_t p = phrase_ending_here(words, recent); p != std::string_view::npos) {
          const std::size_t begin = recent[recent.size() - words.phrases[p].size()].begin;
          add_match(matches, body, begin, recent.back().end, phrase_label(words.phrases[p]), chars);
          recent.clear();  // the next occurrence starts after this one
        }
      }
      const bool bare_word =
          words.stems.count(key.assign(stem)) != 0 || words.exact.count(key.assign(t.normalized));
      const std::string* pattern = bare_word ? nullptr : wildcard_matched(words, t.normalized);
      if ((bare_word || pattern != nullptr) && (matches.empty() || matches.back().end <= offset)) {
        if (pattern != nullptr) key = "*" + *pattern;
        add_match(matches, body, offset, offset + t.surface.size(), key, chars);
      }
      if (!matches.empty() && stop_after == std::string_view::npos && covers(matches, wanted)) {
        stop_after = matches.back().end + reach;
      }
    }
    return true;
  };
  // A phrase counts every surface word, so its body is read whole.
  if (phrase_words > 0 || !filter.active()) {
    scan(body, 0);
    return matches;
  }
  // Without phrases a word matters only if the filter keeps it, and a word never spans a space:
  // only the runs of space-separated chunks that may hold a kept word are tokenized.
  std::size_t run_begin = 0;
  std::size_t run_end = 0;
  bool in_run = false;
  for (std::size_t at = 0; at < body.size() && at <= stop_after;) {
    const SignedChunk chunk = next_signed_chunk(body, at);
    if (chunk.begin == chunk.end) break;
    if (filter.may_match_signature(chunk.signature)) {
      if (!in_run) run_begin = chunk.begin;
      in_run = true;
      run_end = chunk.end;
    } else if (in_run) {
      in_run = false;
      if (!scan(body.substr(run_begin, run_end - run_begin), run_begin)) return matches;
    }
    at = chunk.end;
  }
  if (in_run) scan(body.substr(run_begin, run_end - run_begin), run_begin);
  return matches;
}

// Copies body[begin, end) with line breaks as spaces, mapping highlights into the copy.
Snippet cut(std::string_view body, std::size_t begin, std::size_t end,
            const std::vector<Match>& matches) {
  Snippet snippet;
  const bool cut_front = begin > 0;
  if (cut_front) snippet.text = "… ";
  const std::size_t shift = snippet.text.size();
  for (std::size_t i = begin; i < end; ++i) {
    snippet.text.push_back(body[i] == '\n' || body[i] == '\r' || body[i] == '\t' ? ' ' : body[i]);
  }
  for (const Match& m : matches) {
    if (m.begin >= begin && m.end <= end) {
      snippet.highlights.emplace_back(m.begin - begin + shift, m.end - begin + shift);
    }
  }
  if (end < body.size()) snippet.text += " …";
  return snippet;
}

// A term without its field prefix (the capitals before the word), and whether it is a stem.
struct BareTerm {
  std::string word;
  bool stemmed = false;
  bool skip = true;  // a boolean filter term, or a prefix alone
};

BareTerm bare_term(const std::string& term) {
  const auto [prefix, word] = schema::split_term(term);
  BareTerm bare;
  if (word.empty() || schema::is_filter_term(term)) return bare;
  bare.word = word;
  bare.stemmed = prefix.starts_with(schema::kStemPrefix);
  bare.skip = false;
  return bare;
}

// The first term of a leaf query ("" for none).
std::string leaf_term(const Xapian::Query& leaf) {
  auto it = leaf.get_unique_terms_begin();
  return it == leaf.get_unique_terms_end() ? std::string() : *it;
}

// Xapian 1.4 has no accessor for a wildcard's pattern: its description is
// "Query(WILDCARD <combiner> <pattern>)", and a pattern holds no space.
std::string wildcard_pattern(const Xapian::Query& wildcard) {
  std::string description = wildcard.get_description();
  if (!description.empty() && description.back() == ')') description.pop_back();
  const std::size_t space = description.rfind(' ');
  return space == std::string::npos ? std::string() : description.substr(space + 1);
}

void collect_words(const Xapian::Query& query, QueryWords& words) {
  switch (query.get_type()) {
    case Xapian::Query::LEAF_TERM: {
      const BareTerm bare = bare_term(leaf_term(query));
      if (!bare.skip) (bare.stemmed ? words.stems : words.exact).insert(bare.word);
      return;
    }
    case Xapian::Query::OP_WILDCARD: {
      const BareTerm bare = bare_term(wildcard_pattern(query));
      if (!bare.skip) words.wildcards.push_back(bare.word);
      return;
    }
    case Xapian::Query::OP_PHRASE: {
      std::vector<PhraseWord> phrase;
      for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        const BareTerm bare = bare_term(leaf_term(query.get_subquery(i)));
        if (!bare.skip) phrase.push_back({bare.word, bare.stemmed});
      }
      if (!phrase.empty()) words.phrases.push_back(std::move(phrase));
      return;
    }
    default:
      break;
  }
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    const Xapian::Query sub = query.get_subquery(i);
    // parse_query()'s exact-word bonus: the right side of AND_MAYBE, scaled. Its words are the
    // query's own, unquoted (their stems are collected already).
    const bool exact_bonus = query.get_type() == Xapian::Query::OP_AND_MAYBE && i > 0 &&
                             sub.get_type() == Xapian::Query::OP_SCALE_WEIGHT;
    if (!exact_bonus) collect_words(sub, words);
  }
}

}  // namespace

QueryWords query_words(const Xapian::Query& query) {
  QueryWords words;
  collect_words(query, words);
  return words;
}

Snippet make_snippet(std::string_view body, const Analyzer& analyzer, const QueryWords& words,
                     std::size_t chars) {
  const std::vector<Match> matches =
      words.empty() ? std::vector<Match>{} : find_matches(body, analyzer, words, chars);
  std::size_t begin = 0;
  if (!matches.empty()) {
    const std::size_t first = best_window_start(matches);
    // Some context before the first match, so the snippet does not open on it.
    begin = back_chars(body, matches[first].begin, chars / 4);
  }
  std::size_t end = advance_chars(body, begin, chars);
  snap_to_words(body, begin, end);
  // Never start on the spaces a snap may leave at the front.
  while (begin < end && is_space(body[begin])) ++begin;
  return cut(body, begin, end, matches);
}

}  // namespace bahth::search
