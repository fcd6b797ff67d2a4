#include "store/revision_mark.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>

#include "store/names.h"

namespace bahth::store {

namespace fs = std::filesystem;

std::optional<Xapian::rev> recorded_revision(const std::string& database_path) {
  std::ifstream in(revision_mark_path(database_path), std::ios::binary);
  if (!in) return std::nullopt;
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Xapian::rev revision = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), revision);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    return std::nullopt;
  }
  return revision;
}

bool at_recorded_revision(const std::string& database_path, const Xapian::Database& db) {
  const std::optional<Xapian::rev> recorded = recorded_revision(database_path);
  return recorded && *recorded == db.get_revision();
}

void record_revision(const std::string& database_path, Xapian::rev revision) {
  const std::string path = revision_mark_path(database_path);
  const std::string temporary = path + ".tmp";
  std::error_code error;
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << revision;
    out.close();
    if (!out) {
      fs::remove(temporary, error);
      fs::remove(path, error);
      return;
    }
  }
  fs::rename(temporary, path, error);
  if (error) {
    fs::remove(temporary, error);
    fs::remove(path, error);
  }
}

void forget_revision(const std::string& database_path) {
  std::error_code error;
  fs::remove(revision_mark_path(database_path), error);
}

}  // namespace bahth::store
