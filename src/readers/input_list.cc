// input_list.cc: walking directories safely (sorted, no symlink loops, errors as problems).
#include "input_list.h"

#include <sys/stat.h>  // ::stat

#include <algorithm>     // std::sort
#include <filesystem>    // std::filesystem
#include <set>           // std::set
#include <system_error>  // std::error_code
#include <utility>       // std::pair

namespace bahth::readers {
namespace {

namespace fs = std::filesystem;

using FileIds = std::set<std::pair<dev_t, ino_t>>;

// True if `path` (followed through links) is one of `ids`.
bool is_one_of(const char* path, const FileIds& ids) {
  struct stat info {};
  return !ids.empty() && ::stat(path, &info) == 0 && ids.contains({info.st_dev, info.st_ino});
}

struct DirEntry {
  std::string name;
  fs::path path;
};

bool ends_with_ignoring_case(std::string_view text, std::string_view suffix);

// An archive met in a directory is listed, to be reported as one bahth does not open (rather
// than passed over in silence like the folder's images and stylesheets).
bool is_archive_name(std::string_view name) {
  return ends_with_ignoring_case(name, ".zip") || ends_with_ignoring_case(name, ".7z");
}

class DirectoryWalker {
 public:
  DirectoryWalker(std::vector<InputFile>& out, const FileIds& excluded)
      : out_(out), excluded_(excluded) {}

  // Lists `dir` (shown as `shown`), recursing into subdirectories.
  void walk(const fs::path& dir, const std::string& shown) {
    if (!first_visit(dir, shown)) return;
    std::vector<DirEntry> entries = list(dir, shown);
    std::sort(entries.begin(), entries.end(),
              [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
    for (const DirEntry& entry : entries) {
      visit(entry, shown + "/" + entry.name);
    }
  }

 private:
  // Each directory (by device and inode) is walked once, so a symlink to a parent ends.
  bool first_visit(const fs::path& dir, const std::string& shown) {
    struct stat info {};
    if (::stat(dir.c_str(), &info) != 0) {
      out_.push_back({shown, 0, "cannot read directory"});
      return false;
    }
    return visited_.insert({info.st_dev, info.st_ino}).second;
  }

  std::vector<DirEntry> list(const fs::path& dir, const std::string& shown) {
    std::vector<DirEntry> entries;
    std::error_code error;
    fs::directory_iterator it(dir, error);
    for (; !error && it != fs::directory_iterator(); it.increment(error)) {
      std::string name = it->path().filename().string();
      if (!name.starts_with(".")) entries.push_back({std::move(name), it->path()});
    }
    if (error) out_.push_back({shown, 0, "cannot list directory: " + error.message()});
    return entries;
  }

  void visit(const DirEntry& entry, const std::string& shown) {
    std::error_code error;
    const fs::file_status status = fs::status(entry.path, error);  // follows symlinks
    if (fs::is_directory(status)) {
      walk(entry.path, shown);
    } else if (std::string why = unread_document(entry.name);
               !why.empty() && !is_one_of(entry.path.c_str(), excluded_)) {
      // A folder of .xlsx or .pdf files was passed over in silence: "0 articles", exit 0.
      out_.push_back({shown, 0, std::move(why)});
    } else if ((format_from_name(entry.name) == InputFormat::automatic &&
                !is_archive_name(entry.name)) ||
               is_one_of(entry.path.c_str(), excluded_)) {
      return;  // not a dump file, or one left out (e.g. the problem report of this very run)
    } else if (error || !fs::is_regular_file(status)) {
      out_.push_back(
          {shown, 0, "cannot read: " + (error ? error.message() : "not a regular file")});
    } else {
      out_.push_back({shown, fs::file_size(entry.path, error), {}});
    }
  }

  std::vector<InputFile>& out_;
  const FileIds& excluded_;
  FileIds visited_;
};

std::string without_trailing_slashes(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

void expand_one(const std::string& input, const FileIds& excluded, std::vector<InputFile>& out) {
  if (input == "-") {
    out.push_back({"-", 0, {}});
    return;
  }
  std::error_code error;
  const fs::file_status status = fs::status(input, error);
  if (fs::is_directory(status)) {
    DirectoryWalker(out, excluded).walk(input, without_trailing_slashes(input));
  } else if (error) {
    out.push_back({input, 0, "cannot read: " + error.message()});
  } else if (is_one_of(input.c_str(), excluded)) {
    out.push_back({input, 0, "not read: the problem report is being written there"});
  } else {
    // Named explicitly: read it whatever it is called (a FIFO from <(zcat ...) included).
    const std::uint64_t size = fs::is_regular_file(status) ? fs::file_size(input, error) : 0;
    out.push_back({input, error ? 0 : size, {}});
  }
}

bool ends_with_ignoring_case(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  text = text.substr(text.size() - suffix.size());
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    const char c = text[i] >= 'A' && text[i] <= 'Z' ? static_cast<char>(text[i] + 32) : text[i];
    if (c != suffix[i]) return false;
  }
  return true;
}

}  // namespace

std::vector<InputFile> expand_inputs(const std::vector<std::string>& inputs,
                                     const std::vector<std::string>& excluded) {
  FileIds excluded_ids;
  for (const std::string& path : excluded) {
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0) excluded_ids.insert({info.st_dev, info.st_ino});
  }
  std::vector<InputFile> files;
  for (const std::string& input : inputs) expand_one(input, excluded_ids, files);
  return files;
}

std::string unread_document(std::string_view name) {
  for (const std::string_view extension : {".xlsx", ".xlsm", ".xls", ".ods", ".numbers"}) {
    if (ends_with_ignoring_case(name, extension)) {
      return "a spreadsheet, which bahth does not read: save it as CSV (UTF-8) and index the "
             ".csv";
    }
  }
  for (const std::string_view extension : {".docx", ".doc", ".odt", ".rtf", ".pdf", ".epub"}) {
    if (ends_with_ignoring_case(name, extension)) {
      return "a document (" + std::string(extension.substr(1)) +
             "), which bahth does not read: convert it to text (pdftotext, pandoc, or save as "
             ".txt with the title on the first line) and index that";
    }
  }
  return {};
}

InputFormat format_from_name(std::string_view name) {
  for (const std::string_view compressed : {".gz", ".xz", ".zst", ".bz2"}) {
    if (ends_with_ignoring_case(name, compressed)) {
      name.remove_suffix(compressed.size());
      break;
    }
  }
  static constexpr std::pair<std::string_view, InputFormat> kExtensions[] = {
      {".txt", InputFormat::text},  {".jsonl", InputFormat::jsonl}, {".ndjson", InputFormat::jsonl},
      {".json", InputFormat::json}, {".csv", InputFormat::csv},     {".tsv", InputFormat::tsv},
      {".xml", InputFormat::feed},  {".rss", InputFormat::feed},    {".atom", InputFormat::feed},
      {".html", InputFormat::html}, {".htm", InputFormat::html},    {".warc", InputFormat::warc}};
  for (const auto& [extension, format] : kExtensions) {
    if (ends_with_ignoring_case(name, extension)) return format;
  }
  return InputFormat::automatic;
}

}  // namespace bahth::readers
