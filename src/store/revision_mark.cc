#include "store/revision_mark.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include "store/names.h"

namespace bahth::store {

namespace fs = std::filesystem;

std::optional<Xapian::rev> recorded_revision(const std::string& database_path) {
  // Anything but a small regular file (a folder of that name, a file grown huge) is no record:
  // the writer then does the full passes and writes a record of its own, rather than failing
  // on libstdc++'s read error or reading a whole stray file.
  constexpr std::size_t kMaxRecordBytes = 32;
  const std::string path = revision_mark_path(database_path);
  std::error_code error;
  if (!fs::is_regular_file(path, error)) return std::nullopt;
  std::string text(kMaxRecordBytes + 1, '\0');
  try {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
  } catch (const std::ios_base::failure&) {
    return std::nullopt;
  }
  if (text.empty() || text.size() > kMaxRecordBytes) return std::nullopt;
  Xapian::rev revision = 0;
  const auto [end, parse_error] = std::from_chars(text.data(), text.data() + text.size(), revision);
  if (parse_error != std::errc() || end != text.data() + text.size()) return std::nullopt;
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
