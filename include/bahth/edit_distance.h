// bahth/edit_distance.h: Levenshtein distance over any character type (no dependencies), shared
// by spelling suggestions (over code points) and the command line's "did you mean" (over ASCII).
#ifndef BAHTH_EDIT_DISTANCE_H_
#define BAHTH_EDIT_DISTANCE_H_

#include <algorithm>    // std::min
#include <cstddef>      // std::size_t
#include <string_view>  // std::basic_string_view
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

}  // namespace bahth

#endif  // BAHTH_EDIT_DISTANCE_H_
