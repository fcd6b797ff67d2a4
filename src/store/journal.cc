#include "store/journal.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "bahth/enum_names.h"
#include "bahth/error.h"
#include "store/posix_file.h"

namespace bahth::store {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kVersionLine = "bahth-journal 1";
// JournalOp's values, in the order they are declared.
constexpr EnumNames<3> kOpNames = {"create", "bulk", "compact"};

}  // namespace

std::string_view op_name(JournalOp op) { return enum_name(op, kOpNames); }

std::optional<JournalOp> parse_op(std::string_view name) {
  return enum_named<JournalOp>(name, kOpNames);
}

std::string Journal::target_path(const Location& where) const {
  return target == "." ? where.path : (fs::path(where.path) / target).string();
}

std::string encode(const Journal& journal) {
  std::ostringstream text;
  text << kVersionLine << "\nop " << op_name(journal.op) << '\n';
  if (!journal.target.empty()) text << "target " << journal.target << '\n';
  if (!journal.fresh.empty()) text << "fresh " << journal.fresh << '\n';
  return text.str();
}

std::optional<Journal> decode(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || line != kVersionLine) return std::nullopt;
  std::string op;
  Journal journal;
  while (std::getline(in, line)) {
    const auto space = line.find(' ');
    const std::string key = line.substr(0, space);
    const std::string value = space == std::string::npos ? "" : line.substr(space + 1);
    if (key == "op") op = value;
    if (key == "target") journal.target = value;
    if (key == "fresh") journal.fresh = value;
  }
  const std::optional<JournalOp> parsed = parse_op(op);
  if (!parsed) return std::nullopt;
  journal.op = *parsed;
  if (journal.op == JournalOp::compact && journal.target != "." &&
      !journal.target.starts_with("shard-")) {
    return std::nullopt;
  }
  return journal;
}

std::optional<Journal> read_journal(const Location& where) {
  const std::string path = journal_path(where);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::error_code error;
    if (!fs::exists(path, error)) return std::nullopt;
    throw IndexError(where.given, "cannot read the journal " + path);
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::optional<Journal> journal = decode(text.str());
  if (!journal) {
    throw IndexError(where.given, "the journal " + path +
                                      " is not one bahth wrote; nothing was changed. Check "
                                      "the index and its neighbours, then remove the journal");
  }
  return journal;
}

void write_journal(const Location& where, const Journal& journal) {
  const std::string path = journal_path(where);
  const std::string temporary = journal_temporary_path(where);
  write_synced(temporary, encode(journal), where.given, "cannot write the journal " + temporary);
  rename_synced(temporary, path, where.given, "cannot write the journal " + path);
}

void clear_journal(const Location& where) {
  unlink_synced(journal_path(where), where.given,
                "cannot remove the journal " + journal_path(where));
}

}  // namespace bahth::store
