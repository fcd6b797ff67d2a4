// The lexicon's compiled form (src/analysis/lexicon_table.h): built at compile time, read in
// place, and equal, word for word, to data/lexicon-ar.txt.
#include "analysis/lexicon.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <new>
#include <sstream>
#include <stdexcept>
#include <string>

#include "analysis/lexicon_table.h"

// Counts the program's allocations while `g_counting` is set: the compiled-in lexicon must cost
// none when a process first uses it.
namespace {
std::atomic<bool> g_counting{false};
std::atomic<int> g_allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
// GCC (from -O1, where `new TestClass` is inlined) takes the replaced operator new for the
// library's and warns that free() does not match it: a false positive, since both are ours.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace bahth::detail {
namespace {

TEST(Lexicon, CompiledInLexiconNeedsNoParsingNorAllocation) {
  g_counting = true;
  const Lexicon& lexicon = Lexicon::instance();
  const LexiconEntry syria = lexicon.find("سوريا");
  const LexiconEntry absent = lexicon.find("qqqq");
  g_counting = false;
  EXPECT_EQ(g_allocations.load(), 0);
  EXPECT_EQ(lexicon.size(), 171349u);
  EXPECT_GT(syria.count, 1000u);
  EXPECT_EQ(absent.count, 0u);
  EXPECT_FALSE(absent.base_word);
}

// Each line of the data file, read here with a parser of its own, is found with its count and
// flags; a word one letter longer than a line's is not, unless the file holds it.
TEST(Lexicon, CompiledInTableHoldsEveryLineOfTheDataFile) {
  std::ifstream in(BAHTH_SOURCE_DIR "/data/lexicon-ar.txt", std::ios::binary);
  ASSERT_TRUE(in);
  const Lexicon& lexicon = Lexicon::instance();
  std::string line;
  std::size_t lines = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    ++lines;
    std::istringstream fields(line);
    std::string word, count, flags;
    std::getline(fields, word, '\t');
    std::getline(fields, count, '\t');
    std::getline(fields, flags, '\t');
    const LexiconEntry e = lexicon.find(word);
    ASSERT_EQ(e.count, std::stoul(count)) << word;
    ASSERT_EQ(e.base_word, flags.find('d') != std::string::npos) << word;
    ASSERT_EQ(e.final_maqsura, flags.find('y') != std::string::npos) << word;
    ASSERT_EQ(e.place_name, flags.find('p') != std::string::npos) << word;
    ASSERT_EQ(e.name, flags.find('n') != std::string::npos) << word;
  }
  EXPECT_EQ(lines, lexicon.size());
  EXPECT_EQ(lexicon.find("").count, 0u);
  EXPECT_EQ(lexicon.find(std::string(300, 'a')).count, 0u);
}

// The light stemmer's name (light4+lex3) is what an index records of its lexicon: a new data
// file must come with a new kLexiconVersion, and with its SHA-256 beside it.
TEST(Lexicon, DataFileIsTheOneItsVersionNames) {
  EXPECT_EQ(kLexiconSha256, BAHTH_LEXICON_SHA256)
      << "data/lexicon-ar.txt changed: give it a new kLexiconVersion and its SHA-256 (lexicon.h)";
}

TEST(LexiconTable, SmallTableFindsEveryWordThroughCollisions) {
  std::string text = "# a comment\n\n";
  for (int i = 0; i < 200; ++i) text += "w" + std::to_string(i) + "\t" + std::to_string(i) + "\n";
  text += "base\t7\td\nmaqsura\t0\tdy\nplace\t3\tdp\nname\t0\tn\n";
  const std::string table = lexicon_table::build(text);
  const Lexicon lexicon(table);
  EXPECT_EQ(lexicon.size(), 204u);
  for (int i = 0; i < 200; ++i) {
    EXPECT_EQ(lexicon.find("w" + std::to_string(i)).count, static_cast<std::uint32_t>(i));
  }
  EXPECT_EQ(lexicon.find("w200").count, 0u);
  EXPECT_TRUE(lexicon.find("base").base_word);
  EXPECT_EQ(lexicon.find("base").count, 7u);
  EXPECT_FALSE(lexicon.find("base").final_maqsura);
  EXPECT_TRUE(lexicon.find("maqsura").final_maqsura);
  EXPECT_TRUE(lexicon.find("maqsura").base_word);
  EXPECT_FALSE(lexicon.find("maqsura").place_name);
  EXPECT_TRUE(lexicon.find("place").place_name);
  EXPECT_TRUE(lexicon.find("place").base_word);
  EXPECT_FALSE(lexicon.find("place").name);
  EXPECT_TRUE(lexicon.find("name").name);
  EXPECT_FALSE(lexicon.find("name").place_name);
  EXPECT_FALSE(lexicon.find("name").base_word);
}

TEST(LexiconTable, BuildNamesTheLineOfABadOrRepeatedWord) {
  const auto message_of = [](const std::string& text) {
    try {
      lexicon_table::build(text);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message_of("a\t1\nb\n"), "line 2: expected word TAB count");
  EXPECT_EQ(message_of("a\tx\n"), "line 1: expected a count after the word");
  EXPECT_EQ(message_of("a\t1\tq\n"), "line 1: unknown flag (expected d, y, p or n)");
  EXPECT_EQ(message_of("a\t1\n#\nb\t2\na\t3\n"), "line 4: word repeated: a");
  EXPECT_EQ(message_of("a\t99999999999\n"), "line 1: count too large");
}

TEST(LexiconTable, ViewRefusesWhatIsNotATable) {
  EXPECT_THROW(Lexicon("not a table"), std::invalid_argument);
  std::string table = lexicon_table::build("a\t1\n");
  table.pop_back();
  EXPECT_THROW((Lexicon(table)), std::invalid_argument);
}

}  // namespace
}  // namespace bahth::detail
