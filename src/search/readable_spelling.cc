#include "readable_spelling.h"

#include <algorithm>
#include <deque>
#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bahth/article.h"
#include "schema/schema.h"
#include "transliteration.h"

namespace bahth::search {
namespace {

std::vector<std::string> split_stems(std::string_view match) {
  std::vector<std::string> stems;
  for (std::size_t at = 0; at <= match.size();) {
    const std::size_t end = std::min(match.find(kPhraseSeparator, at), match.size());
    if (end > at) stems.emplace_back(match.substr(at, end - at));
    at = end + 1;
  }
  return stems;
}

// What a word of an article is compared with: its stem, or its normalized form.
enum class Key { stem, normalized };

// Counts in `forms` each run of consecutive words of `text` whose keys are `keys`, as written
// (without format characters), its words joined by a space; `order` lists the forms as first
// seen, which decides between forms counted alike. Returns how many runs it counted.
std::size_t count_forms(std::string_view text, const std::vector<std::string>& keys, Key key,
                        const Analyzer& analyzer, std::map<std::string, std::size_t>& forms,
                        std::vector<std::string>& order) {
  std::size_t counted = 0;
  std::deque<std::pair<std::string, std::string>> window;  // the last words: surface, key
  // A stemmer that only cuts affixes leaves a word's stem inside it (but for the ا of the
  // article that لل stands for): a word that holds none of the keys is not stemmed at all.
  const bool substrings = key == Key::stem && analyzer.stemmer().stems_are_substrings();
  const auto may_hold_a_key = [&](std::string_view normalized) {
    return std::any_of(keys.begin(), keys.end(), [&](const std::string& k) {
      constexpr std::string_view kAlef = "ا";
      const std::string_view rest =
          std::string_view(k).starts_with(kAlef) ? std::string_view(k).substr(kAlef.size()) : k;
      return normalized.find(rest) != std::string_view::npos;
    });
  };
  for (TermStream terms(analyzer, text, TermStream::Stemming::on_demand); terms.next();) {
    const std::string_view normalized = terms.term().normalized;
    std::string word_key;
    if (key == Key::normalized) {
      word_key = normalized;
    } else if (!substrings || may_hold_a_key(normalized)) {
      word_key = terms.stem();
    }
    window.emplace_back(terms.term().surface, std::move(word_key));
    if (window.size() > keys.size()) window.pop_front();
    if (window.size() < keys.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < keys.size() && same; ++i) same = window[i].second == keys[i];
    if (!same) continue;
    std::string form;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      form.append(i == 0 ? "" : " ").append(without_format_chars(window[i].first));
    }
    if (forms[form]++ == 0) order.push_back(std::move(form));
    ++counted;
  }
  return counted;
}

// Whether the first word of `form` starts with a one-letter proclitic (و ف ب ك ل) that the
// stemmer cuts: the word without it has the same stem (للحزب, والحزب; not ليبيا or وزير).
bool has_proclitic(std::string_view form, const Analyzer& analyzer) {
  const std::string word(form.substr(0, form.find(kPhraseSeparator)));
  for (const std::string_view letter : {"و", "ف", "ب", "ك", "ل"}) {
    if (!word.starts_with(letter) || word.size() <= letter.size()) continue;
    const std::vector<std::string> whole = analyzer.stems(word);
    const std::vector<std::string> rest = analyzer.stems(word.substr(letter.size()));
    return whole.size() == 1 && rest == whole;
  }
  return false;
}

// The most frequent form of `keys` in the first articles that `holding` matches
// (readable_spelling).
std::string most_frequent_form(const Xapian::Query& holding, const std::vector<std::string>& keys,
                               Key key, const Xapian::Database& db,
                               const schema::StoredTextReader& stored, const Analyzer& analyzer) {
  Xapian::Enquire enquire(db);
  enquire.set_query(holding);
  enquire.set_weighting_scheme(Xapian::BoolWeight());  // any articles that hold it will do
  std::map<std::string, std::size_t> forms;
  std::vector<std::string> order;
  const Xapian::MSet articles = enquire.get_mset(0, kReadableSpellingArticles);
  std::size_t seen = 0;
  for (auto it = articles.begin(); it != articles.end(); ++it) {
    try {
      const Article article = stored.decode(it.get_document().get_data());
      seen += count_forms(article.title, keys, key, analyzer, forms, order);
      seen += count_forms(article.body, keys, key, analyzer, forms, order);
    } catch (const schema::StoredTextError&) {
      // Another article will do; the search names a damaged one where it shows it.
    }
    // Enough seen to tell the usual form: each article more costs a decompression.
    if (seen >= kEnoughForms) break;
  }
  if (order.empty()) return {};
  // A form with a conjunction or preposition in front (للحزب, والحزب) is not how a reader names
  // the word, however often the few articles read use it: the others first, when there are any.
  if (key == Key::stem) {
    std::vector<std::string> bare;
    std::copy_if(order.begin(), order.end(), std::back_inserter(bare),
                 [&](const std::string& form) { return !has_proclitic(form, analyzer); });
    if (!bare.empty()) order = std::move(bare);
  }
  return *std::max_element(order.begin(), order.end(), [&](const auto& a, const auto& b) {
    return forms[a] < forms[b];  // the first of the most frequent
  });
}

}  // namespace

std::string readable_spelling(std::string_view match, const Xapian::Database& db,
                              const schema::StoredTextReader& stored, const Analyzer& analyzer) {
  const std::vector<std::string> stems = split_stems(match);
  if (stems.empty()) return std::string(match);
  std::string form = most_frequent_form(spelling_query(schema::kStemPrefix, match), stems,
                                        Key::stem, db, stored, analyzer);
  return form.empty() ? std::string(match) : form;
}

std::string readable_word(std::string_view word, const Xapian::Database& db,
                          const schema::StoredTextReader& stored, const Analyzer& analyzer) {
  return most_frequent_form(Xapian::Query(std::string(word)), {std::string(word)}, Key::normalized,
                            db, stored, analyzer);
}

}  // namespace bahth::search
