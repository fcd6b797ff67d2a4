// The revision mark (store/revision_mark.h): what a writer reads back, and what it takes for no
// record at all (a stray or damaged file makes the next writer do the full passes, never fail).
#include "store/revision_mark.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "store/names.h"
#include "temp_dir.h"

namespace bahth::store {
namespace revision_mark_test {
namespace {

namespace fs = std::filesystem;

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

TEST(RevisionMark, ARecordedRevisionReadsBack) {
  testing::TempDir dir;
  const std::string db = dir / "db";
  fs::create_directories(db);
  EXPECT_EQ(recorded_revision(db), std::nullopt);
  record_revision(db, 42);
  EXPECT_EQ(recorded_revision(db), 42U);
  record_revision(db, 43);
  EXPECT_EQ(recorded_revision(db), 43U);
  forget_revision(db);
  EXPECT_EQ(recorded_revision(db), std::nullopt);
}

TEST(RevisionMark, ADamagedOrStrayRecordIsNoRecord) {
  testing::TempDir dir;
  const std::string db = dir / "db";
  fs::create_directories(db);
  const std::string mark = revision_mark_path(db);
  for (const std::string& text :
       {std::string(), std::string("12x"), std::string("-1"), std::string(" 12"),
        std::string("99999999999999999999999999"), std::string(1 << 20, '7')}) {
    write(mark, text);
    EXPECT_EQ(recorded_revision(db), std::nullopt) << text.substr(0, 40);
  }
  fs::remove(mark);
  fs::create_directory(mark);  // a folder of the record's name: read as none, never a throw
  EXPECT_EQ(recorded_revision(db), std::nullopt);
  record_revision(db, 7);  // cannot replace a folder: removes the empty one instead
  EXPECT_FALSE(fs::exists(mark));
  record_revision(db, 7);
  EXPECT_EQ(recorded_revision(db), 7U);
}

}  // namespace
}  // namespace revision_mark_test
}  // namespace bahth::store
