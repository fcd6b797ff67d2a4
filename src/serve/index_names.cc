#include "index_names.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace bahth::serve {

std::string index_name(const std::string& db_path) {
  std::string trimmed = db_path;
  while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.pop_back();
  const std::string name = std::filesystem::path(trimmed).filename().string();
  return name.empty() ? trimmed : name;
}

PathHider::PathHider(const std::vector<std::string>& db_paths) {
  for (const std::string& path : db_paths) {
    const std::string name = index_name(path);
    std::error_code ec;
    const std::filesystem::path absolute = std::filesystem::absolute(path, ec);
    const std::filesystem::path canonical = std::filesystem::weakly_canonical(path, ec);
    for (std::string spelling : {path, absolute.string(), canonical.string()}) {
      while (spelling.size() > 1 && spelling.back() == '/') spelling.pop_back();
      if (!spelling.empty() && spelling != name) replacements_.emplace_back(spelling, name);
    }
  }
  // Longest first, so that an absolute path is replaced whole before a relative one inside it.
  std::sort(replacements_.begin(), replacements_.end(),
            [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

std::string PathHider::operator()(std::string message) const {
  for (const auto& [path, name] : replacements_) {
    for (std::size_t at = message.find(path); at != std::string::npos;
         at = message.find(path, at + name.size())) {
      message.replace(at, path.size(), name);
    }
  }
  return message;
}

}  // namespace bahth::serve
