// The journal of a multi-step change (store/journal.h): its text round-trips for every
// operation, reads what earlier bahths wrote, and a journal bahth did not write (an unknown
// operation, a corrupt or missing version line) is refused with the message that tells the user
// nothing was changed.
#include "store/journal.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "bahth/error.h"
#include "temp_dir.h"

namespace bahth::store {
namespace journal_test {
namespace {

namespace fs = std::filesystem;

TEST(JournalTest, OperationsRoundTripThroughTheirNames) {
  for (const JournalOp op : {JournalOp::create, JournalOp::bulk, JournalOp::compact}) {
    EXPECT_EQ(parse_op(op_name(op)), op);
  }
  EXPECT_EQ(op_name(JournalOp::create), "create");
  EXPECT_EQ(op_name(JournalOp::bulk), "bulk");
  EXPECT_EQ(op_name(JournalOp::compact), "compact");
  EXPECT_EQ(parse_op("merge"), std::nullopt);
  EXPECT_EQ(parse_op("Bulk"), std::nullopt);
  EXPECT_EQ(parse_op(""), std::nullopt);
}

TEST(JournalTest, EveryJournalRoundTrips) {
  const Journal journals[] = {
      {JournalOp::create, "", ""},
      {JournalOp::create, "", "2049:17"},
      {JournalOp::bulk, "", ""},
      {JournalOp::bulk, "", "2049:18"},
      {JournalOp::compact, ".", ""},
      {JournalOp::compact, ".", "2049:19"},
      {JournalOp::compact, "shard-3", "2049:20"},
  };
  for (const Journal& journal : journals) {
    const std::optional<Journal> decoded = decode(encode(journal));
    ASSERT_TRUE(decoded.has_value()) << encode(journal);
    EXPECT_EQ(*decoded, journal) << encode(journal);
  }
}

// The text is a format on disk: a bahth killed mid-change is recovered by the next version.
TEST(JournalTest, TextIsTheFormatOnDisk) {
  EXPECT_EQ(encode({JournalOp::bulk, "", ""}), "bahth-journal 1\nop bulk\n");
  EXPECT_EQ(encode({JournalOp::compact, "shard-2", "2049:1234567"}),
            "bahth-journal 1\nop compact\ntarget shard-2\nfresh 2049:1234567\n");
  const std::optional<Journal> old = decode("bahth-journal 1\nop create\nfresh 1:2");
  ASSERT_TRUE(old.has_value());
  EXPECT_EQ(*old, (Journal{JournalOp::create, "", "1:2"}));
}

TEST(JournalTest, UnknownKeysAreSkippedAndTheLastValueWins) {
  const std::optional<Journal> journal =
      decode("bahth-journal 1\nop create\nnote something\nop bulk\nfresh 1:2\n");
  ASSERT_TRUE(journal.has_value());
  EXPECT_EQ(*journal, (Journal{JournalOp::bulk, "", "1:2"}));
}

TEST(JournalTest, JournalsBahthDidNotWriteAreRefused) {
  for (const std::string text : {
           "",                                            // empty
           "op bulk\n",                                   // no version line
           "bahth-journal 2\nop bulk\n",                  // a version this bahth does not know
           "bahth-journal 1\r\nop bulk\r\n",              // carriage returns: not bahth's
           "bahth-journal 1\n",                           // no operation
           "bahth-journal 1\nop merge\n",                 // an unknown operation
           "bahth-journal 1\nop\n",                       // an operation without a name
           "bahth-journal 1\nop compact\n",               // a compaction of nothing
           "bahth-journal 1\nop compact\ntarget ../x\n",  // a compaction outside the index
           "\xff\xfe garbage",                            // not text
       }) {
    EXPECT_EQ(decode(text), std::nullopt) << text;
  }
}

class JournalFileTest : public ::testing::Test {
 protected:
  testing::TempDir dir;
  Location where{"db", (dir.path() / "db").string()};
};

TEST_F(JournalFileTest, WrittenJournalIsReadBackAndCleared) {
  EXPECT_EQ(read_journal(where), std::nullopt);
  const Journal journal{JournalOp::compact, "shard-0", "2049:7"};
  write_journal(where, journal);
  EXPECT_FALSE(fs::exists(journal_temporary_path(where)));
  EXPECT_EQ(read_journal(where), journal);
  write_journal(where, {JournalOp::bulk, "", ""});  // replaces the old intent
  EXPECT_EQ(read_journal(where), (Journal{JournalOp::bulk, "", ""}));
  clear_journal(where);
  EXPECT_FALSE(fs::exists(journal_path(where)));
  EXPECT_EQ(read_journal(where), std::nullopt);
  clear_journal(where);  // already gone: nothing to do
}

TEST_F(JournalFileTest, UnknownOperationIsAClearError) {
  std::ofstream(journal_path(where)) << "bahth-journal 1\nop merge\n";
  try {
    read_journal(where);
    FAIL() << "an unknown operation was accepted";
  } catch (const IndexError& e) {
    EXPECT_EQ(std::string(e.what()),
              "db: the journal " + journal_path(where) +
                  " is not one bahth wrote; nothing was changed. Check the index and its "
                  "neighbours, then remove the journal");
  }
  EXPECT_TRUE(fs::exists(journal_path(where)));  // left for the user to look at
}

TEST_F(JournalFileTest, CorruptJournalIsAClearError) {
  std::ofstream(journal_path(where), std::ios::binary) << std::string("\0\0\0\0", 4);
  EXPECT_THROW(read_journal(where), IndexError);
}

}  // namespace
}  // namespace journal_test
}  // namespace bahth::store
