// bahth/edit_distance.h: Levenshtein distance over any character type (no dependencies), shared
// by spelling suggestions (over code points) and the command line's "did you mean" (over ASCII).
#ifndef BAHTH_EDIT_DISTANCE_H_
#define BAHTH_EDIT_DISTANCE_H_

#include <algorithm>    // std::min
#include <cstddef>      // std::size_t
#include <string_view>  // std::basic_string_view
#include <utility>      // std::swap
#include <vector>       // std::vector

namespace bahth {

/// Edits (insert, delete, replace one character) that turn `a` into `b`.
template <typename Char>
std::size_t edit_distance(std::basic_string_view<Char> a, std::basic_string_view<Char> b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

/// edit_distance(), where swapping two neighbouring characters is one edit too (optimal string
/// alignment): اميركا is one edit from امريكا, as a transliteration's reordered vowel is.
template <typename Char>
std::size_t edit_distance_with_transpositions(std::basic_string_view<Char> a,
                                              std::basic_string_view<Char> b) {
  // Three rows: the one before the previous is needed for a transposition.
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      row[j] = std::min(
          {previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        row[j] = std::min(row[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, row);
  }
  return previous[b.size()];
}

}  // namespace bahth

#endif  // BAHTH_EDIT_DISTANCE_H_
