#include "option_filter.h"

#include <algorithm>

namespace bahth::cli {

OptionFilter OptionFilter::named_by(int argc, const char* const* argv) {
  OptionFilter filter;
  filter.all_ = false;
  for (int i = 2; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with("--")) {
      filter.long_names_.push_back(arg.substr(2, arg.find('=') - 2));
    } else if (arg.starts_with('-')) {
      filter.short_names_.append(arg.substr(1));
    }
  }
  return filter;
}

bool OptionFilter::wants(std::string_view names) const {
  if (all_) return true;
  for (;;) {
    const std::size_t comma = names.find(',');
    const std::string_view name = names.substr(0, comma);
    if (name.starts_with("--")) {
      if (std::find(long_names_.begin(), long_names_.end(), name.substr(2)) != long_names_.end()) {
        return true;
      }
    } else if (name.starts_with('-')) {
      if (short_names_.find(name.substr(1)) != std::string::npos) return true;
    } else {
      return true;  // a positional: its arguments are not named
    }
    if (comma == std::string_view::npos) return false;
    names.remove_prefix(comma + 1);
  }
}

}  // namespace bahth::cli
