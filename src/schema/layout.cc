#include "schema/layout.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

#include "bahth/error.h"
#include "bahth/utf8.h"

namespace bahth::schema {
namespace {

namespace fs = std::filesystem;

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

// "HOST:PORT" → host and port; false when it is not that (e.g. Xapian's "remote :PROG ARGS").
bool parse_host_port(const std::string& text, std::string& host, unsigned& port) {
  const auto colon = text.rfind(':');
  if (colon == 0 || colon == std::string::npos || colon + 1 == text.size()) return false;
  if (text.find(' ') != std::string::npos) return false;
  const std::string digits = text.substr(colon + 1);
  if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 5) {
    return false;
  }
  port = static_cast<unsigned>(std::stoul(digits));
  host = text.substr(0, colon);
  return port > 0 && port < 65536;
}

}  // namespace

std::string shard_path(const std::string& db_path, std::size_t shard) {
  return (fs::path(db_path) / ("shard-" + std::to_string(shard))).string();
}

std::size_t recorded_shard_count(const std::string& db_path) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::path(db_path) / kStubFileName, ec)) return 0;
  const std::string first = shard_path(db_path, 0);
  if (!fs::is_directory(first, ec)) {
    throw IndexError(db_path,
                     "this is a stub file listing databases elsewhere, not a sharded bahth "
                     "index; index into the shards' own --db");
  }
  try {
    const std::string n = Xapian::Database(first).get_metadata(std::string(kMetaShards));
    if (n.empty()) {
      throw IndexError(first, "a shard that does not record how many shards there are");
    }
    // The metadata is untrusted input: a count bahth never writes is named, not parsed blindly.
    std::size_t count = 0;
    const auto [end, error] = std::from_chars(n.data(), n.data() + n.size(), count);
    if (error != std::errc() || end != n.data() + n.size() || count == 0 || count > kMaxShards) {
      std::string shown = n.substr(0, 40);
      for (char& c : shown) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
      }
      throw IndexError(first, "the shard count it records (" + std::string(kMetaShards) + " = '" +
                                  shown + (n.size() > 40 ? "…" : "") +
                                  "') is not a number from 1 to " + std::to_string(kMaxShards) +
                                  "; the index is damaged or was not written by bahth");
    }
    return count;
  } catch (const Xapian::Error& e) {
    throw IndexError(first, "cannot read the shard: " + e.get_description());
  }
}

void write_shard_stub(const std::string& db_path, std::size_t shards) {
  std::ostringstream text;
  text << "# bahth: " << shards
       << " shards of one index. Xapian opens this directory as one database.\n"
          "# A shard served by xapian-tcpsrv elsewhere can be listed as: remote HOST:PORT\n";
  for (std::size_t i = 0; i < shards; ++i) text << "auto shard-" << i << '\n';
  const fs::path stub = fs::path(db_path) / kStubFileName;
  const fs::path temporary = fs::path(db_path) / (std::string(kStubFileName) + ".tmp");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text.str();
    out.flush();
    if (!out) throw IndexError(db_path, "cannot write the stub file " + temporary.string());
  }
  fs::rename(temporary, stub);  // atomic: a reader sees the old stub or the new one
}

std::optional<std::string> stub_file_of(const std::string& path) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return path;
  const fs::path inside = fs::path(path) / kStubFileName;
  if (fs::is_directory(path, ec) && fs::is_regular_file(inside, ec)) return inside.string();
  return std::nullopt;
}

namespace {

// For a --db that names a file which is no stub file at all (an article dump given by mistake,
// a gzip file): what bahth expected, without quoting bytes of the file.
IndexError not_an_index(const std::string& file, std::string_view what_it_is) {
  return IndexError(file, std::string(what_it_is) +
                              ", not a bahth index: --db expects the directory 'bahth index' "
                              "made (or a Xapian stub file listing databases); to index this "
                              "file, run 'bahth index --db DIR " +
                              file + "'");
}

}  // namespace

std::vector<StubEntry> read_stub(const std::string& stub_file) {
  // A --db naming an article dump by mistake must not be read whole (a 500 MB file without a
  // newline took 1.55 GB): a stub file is a few lines.
  std::error_code size_error;
  const std::uintmax_t size = fs::file_size(stub_file, size_error);
  if (!size_error && size > kMaxStubFileBytes) {
    throw not_an_index(stub_file, "a file of " + std::to_string(size) +
                                      " bytes, larger than any stub file (at most " +
                                      std::to_string(kMaxStubFileBytes) + ")");
  }
  std::ifstream in(stub_file, std::ios::binary);
  if (!in) throw IndexError(stub_file, "cannot read the stub file");
  const fs::path base = fs::path(stub_file).parent_path();
  std::vector<StubEntry> entries;
  std::string raw;
  for (std::size_t number = 1; std::getline(in, raw); ++number) {
    if (number == 1 && raw.size() >= 2 && raw[0] == '\x1f' && raw[1] == '\x8b') {
      throw not_an_index(stub_file, "a gzip file");
    }
    const std::string line = trim(raw);
    if (line.empty() || line.front() == '#') continue;
    const auto space = line.find_first_of(" \t");
    const std::string kind = line.substr(0, space);
    const std::string rest = space == std::string::npos ? "" : trim(line.substr(space));
    // Quoted in messages; cut, since a file given by mistake may have very long lines.
    const std::size_t cut = utf8_char_start(line, std::min<std::size_t>(line.size(), 80));
    const std::string quoted = cut < line.size() ? line.substr(0, cut) + "…" : line;
    auto fail = [&](const std::string& why) {
      return IndexError(stub_file + ":" + std::to_string(number), why);
    };
    StubEntry entry;
    entry.line = number;
    if (kind == "auto" || kind == "glass" || kind == "chert") {
      if (rest.empty()) throw fail("'" + kind + "' without a path");
      const fs::path target(rest);
      entry.location = (target.is_absolute() ? target : base / target).lexically_normal().string();
    } else if (kind == "remote") {
      if (!parse_host_port(rest, entry.host, entry.port)) {
        throw fail("'" + quoted + "': bahth opens only TCP remotes, written 'remote HOST:PORT'");
      }
      entry.remote = true;
      entry.location = rest;
    } else if (entries.empty()) {
      throw not_an_index(stub_file, "a file");
    } else {
      throw fail("'" + quoted + "': expected 'auto PATH', 'glass PATH' or 'remote HOST:PORT'");
    }
    entries.push_back(std::move(entry));
  }
  if (entries.empty()) throw IndexError(stub_file, "the stub file lists no database");
  return entries;
}

std::uint64_t disk_size(const std::string& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) {
    const auto size = fs::file_size(path, ec);
    return ec ? 0 : size;
  }
  std::uint64_t total = 0;
  for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
    if (entry.is_regular_file(ec)) total += entry.file_size(ec);
  }
  return total;
}

std::int64_t last_commit_seconds(const std::string& path) {
  std::error_code ec;
  std::filesystem::file_time_type newest = std::filesystem::file_time_type::min();
  for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
    if (entry.path().filename() != "iamglass" || !entry.is_regular_file(ec)) continue;
    const auto written = entry.last_write_time(ec);
    if (!ec && written > newest) newest = written;
  }
  if (newest == std::filesystem::file_time_type::min()) return 0;
  const auto system = std::chrono::file_clock::to_sys(newest);
  return std::chrono::duration_cast<std::chrono::seconds>(system.time_since_epoch()).count();
}

}  // namespace bahth::schema
