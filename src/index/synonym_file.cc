// The user's synonyms file: one group a line.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "bahth/analyzer.h"
#include "bahth/error.h"
#include "bahth/synonyms.h"
#include "bahth/utf8.h"

namespace bahth {
namespace {

constexpr std::string_view kArabicComma = "\xD8\x8C";  // ،

// The entries of one line (its comment cut off), split at , and ،, each as it is.
std::vector<std::string_view> split_entries(std::string_view line) {
  std::vector<std::string_view> entries;
  std::size_t from = 0;
  while (true) {
    const std::size_t comma = line.find(',', from);
    const std::size_t arabic = line.find(kArabicComma, from);
    const std::size_t at = std::min(comma, arabic);
    entries.push_back(line.substr(from, at == std::string_view::npos ? line.npos : at - from));
    if (at == std::string_view::npos) return entries;
    from = at + (at == comma ? 1 : kArabicComma.size());
  }
}

// An entry as its normalized words, one space between them.
std::string normalized_words(std::string_view entry, std::size_t& words) {
  const std::string normalized = normalize(entry);
  std::string out;
  words = 0;
  for (WordTokenizer t(normalized); t.next(); ++words) {
    if (!out.empty()) out.push_back(' ');
    out.append(t.word());
  }
  return out;
}

// The group of one line, or the reason it is left out.
std::string read_group(std::string_view line, std::vector<std::string>& group) {
  if (!is_valid_utf8(line)) return "not valid UTF-8";
  const std::vector<std::string_view> entries = split_entries(line);
  if (entries.size() > kMaxSynonymEntries) {
    return std::to_string(entries.size()) + " entries; a group may have at most " +
           std::to_string(kMaxSynonymEntries);
  }
  for (std::size_t i = 0; i < entries.size(); ++i) {
    std::size_t words = 0;
    std::string entry = normalized_words(entries[i], words);
    if (words == 0) return "entry " + std::to_string(i + 1) + " is empty";
    if (words > kMaxSynonymEntryWords) {
      return "entry " + std::to_string(i + 1) + " has " + std::to_string(words) +
             " words; an entry may have at most " + std::to_string(kMaxSynonymEntryWords);
    }
    if (std::find(group.begin(), group.end(), entry) == group.end()) {
      group.push_back(std::move(entry));
    }
  }
  if (group.size() < 2) {
    return "a group needs at least two different entries, separated by commas";
  }
  return {};
}

}  // namespace

SynonymList parse_synonyms(const std::string& text, const std::string& name) {
  SynonymList list;
  std::istringstream lines(text);
  std::size_t number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++number;
    if (const std::size_t hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::vector<std::string> group;
    if (const std::string reason = read_group(line, group); !reason.empty()) {
      std::string where = name + ":" + std::to_string(number) + ": ";
      list.bad_lines.push_back(where.append(reason));
      continue;
    }
    if (list.groups.size() == kMaxSynonymGroups) {
      throw UsageError(name + ":" + std::to_string(number) + ": more than " +
                       std::to_string(kMaxSynonymGroups) +
                       " synonym groups; bahth accepts at most that many");
    }
    list.groups.push_back(std::move(group));
  }
  return list;
}

SynonymList read_synonym_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("cannot read the synonyms file " + path);
  // A file of kMaxSynonymGroups long groups is a few MB: anything far larger is not one.
  constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t{16} << 20;
  std::error_code error;
  if (const std::uintmax_t size = std::filesystem::file_size(path, error);
      !error && size > kMaxFileBytes) {
    throw UsageError("the synonyms file " + path + " is " + std::to_string(size) +
                     " bytes; bahth reads at most " + std::to_string(kMaxFileBytes));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw UsageError("cannot read the synonyms file " + path);
  return parse_synonyms(text.str(), path);
}

}  // namespace bahth
