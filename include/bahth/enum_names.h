// bahth/enum_names.h: the names of an enumeration as data, one array that serves both ways
// (value to name, name to value), for the words bahth writes and reads back (stemmer kinds,
// journal operations, the server's outcomes). No dependencies.
#ifndef BAHTH_ENUM_NAMES_H_
#define BAHTH_ENUM_NAMES_H_

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace bahth {

/// The names of the values of an enumeration whose enumerators have no initializers, in the
/// order they are declared: names[i] names the value i.
template <std::size_t N>
using EnumNames = std::array<std::string_view, N>;

/// The name of `value` in `names`.
template <typename Enum, std::size_t N>
constexpr std::string_view enum_name(Enum value, const EnumNames<N>& names) {
  return names.at(static_cast<std::size_t>(value));
}

/// The value that `name` names in `names`, or none.
template <typename Enum, std::size_t N>
constexpr std::optional<Enum> enum_named(std::string_view name, const EnumNames<N>& names) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace bahth

#endif  // BAHTH_ENUM_NAMES_H_
