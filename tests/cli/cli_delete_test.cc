// End-to-end: `bahth delete` takes an article out of every view — search, show, related, facets,
// its near-duplicate group, the learned spelling variants and "Did you mean" — reports ids that
// are not there, reads ids from a file or standard input, and writes only through the store's
// single writer.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "cli/bahth_process.h"
#include "cli/run_bahth.h"
#include "dedup_articles.h"
#include "schema/schema.h"
#include "store/store.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_delete_test {
namespace {

using testing::contains;
using testing::run_bahth;
using testing::TempDir;

void write_jsonl(const std::filesystem::path& file, const std::vector<Article>& articles) {
  std::ofstream out(file);
  for (const Article& a : articles) {
    out << nlohmann::json{{"id", a.id},
                          {"title", a.title},
                          {"date", a.date},
                          {"body", a.body},
                          {"section", a.section}}
               .dump()
        << '\n';
  }
}

class CliDelete : public ::testing::Test {
 protected:
  void SetUp() override {
    write_jsonl(dir_ / "stories.jsonl", testing::dedup_articles());
    const auto r = run_bahth({"index", "--quiet", "--db", db(), dir_ / "stories.jsonl"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  std::string db() const { return dir_ / "db"; }

  testing::RunResult remove(std::vector<std::string> ids, const std::string& input = "") {
    ids.insert(ids.begin(), {"delete", "--db", db()});
    return run_bahth(ids, input);
  }

  nlohmann::json search(std::vector<std::string> args) {
    args.insert(args.begin(), {"search", "--db", db(), "--json"});
    const auto r = run_bahth(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
  }

  std::set<std::string> ids_found(std::vector<std::string> args) {
    std::set<std::string> ids;
    const nlohmann::json found = search(std::move(args));
    for (const auto& hit : found["results"]) ids.insert(hit["id"]);
    return ids;
  }

  TempDir dir_;
};

TEST_F(CliDelete, TheArticleIsGoneFromSearchShowAndRelated) {
  ASSERT_TRUE(ids_found({"--duplicates", "مباراة"}).contains("football"));
  const auto r = remove({"football"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "1 deleted, 0 not found; the index holds 4 documents\n");
  EXPECT_EQ(r.err, "");
  EXPECT_FALSE(ids_found({"--duplicates", "مباراة"}).contains("football"));
  EXPECT_EQ(run_bahth({"show", "--db", db(), "football"}).exit_code, 1);
  EXPECT_EQ(run_bahth({"related", "--db", db(), "football"}).exit_code, 1);
  const auto related = run_bahth({"related", "--db", db(), "--json", "--duplicates", "flood-aid"});
  EXPECT_FALSE(contains(related.out, "\"football\"")) << related.out;
  EXPECT_EQ(run_bahth({"stats", "--db", db()}).out.find("documents  4") != std::string::npos, true);
}

TEST_F(CliDelete, FacetsNoLongerCountIt) {
  auto sections = [&] {
    std::map<std::string, int> counts;
    const nlohmann::json found = search({"--facets", "--duplicates", "الوادي"});
    for (const auto& c : found["facets"]["section"]) {
      counts[c["value"]] = c["count"];
    }
    return counts;
  };
  EXPECT_EQ(sections()["middleEast"], 4);
  ASSERT_EQ(remove({"flood-aid"}).exit_code, 0);
  EXPECT_EQ(sections()["middleEast"], 3);
}

// The flood report has three copies folded into one result: deleting the one shown shows the
// next, still folding the third; deleting that leaves one copy, alone.
TEST_F(CliDelete, TheNextCopyOfANearDuplicateGroupBecomesTheVisibleOne) {
  const std::set<std::string> copies{"flood", "flood-repost", "flood-update"};
  auto shown_copy = [&](int& similar) {
    const nlohmann::json found = search({"فيضانات"});
    for (const auto& hit : found["results"]) {
      if (copies.contains(hit["id"])) {
        similar = hit["similar"];
        return hit["id"].get<std::string>();
      }
    }
    return std::string();
  };
  int similar = 0;
  const std::string first = shown_copy(similar);
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(similar, 2);
  ASSERT_EQ(remove({first}).exit_code, 0);
  const std::string second = shown_copy(similar);
  ASSERT_FALSE(second.empty()) << "the group vanished with its shown copy";
  EXPECT_NE(second, first);
  EXPECT_EQ(similar, 1);
  ASSERT_EQ(remove({second}).exit_code, 0);
  const std::string third = shown_copy(similar);
  EXPECT_FALSE(third.empty());
  EXPECT_EQ(similar, 0);
  EXPECT_EQ(search({"فيضانات"})["results"].size(), 2u);  // the last copy and flood-aid
}

// With the last article naming الاخضر deleted, "Did you mean" offers it no more.
TEST_F(CliDelete, DidYouMeanForgetsAWordNoArticleHoldsAnyMore) {
  EXPECT_EQ(search({"--no-correct", "الاخظر"})["suggestion"], "الاخضر");
  auto r = remove({"flood", "flood-repost", "flood-update"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(search({"--no-correct", "الاخظر"})["suggestion"],
            "الاخضر");  // flood-aid still holds it
  r = remove({"flood-aid"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(search({"--no-correct", "الاخظر"})["suggestion"].is_null())
      << search({"--no-correct", "الاخظر"}).dump();
}

TEST_F(CliDelete, MissingIdsAreReportedAndFailOnlyWhenNoneWasThere) {
  const auto some = remove({"football", "no-such-id", "football"});
  EXPECT_EQ(some.exit_code, 0) << some.err;
  EXPECT_EQ(some.err, "bahth: no article with id 'no-such-id'\n");
  EXPECT_EQ(some.out, "1 deleted, 1 not found; the index holds 4 documents\n");
  const auto none = remove({"football", "no-such-id"});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_TRUE(contains(none.err, "no article with id 'football'")) << none.err;
  EXPECT_EQ(none.out, "0 deleted, 2 not found; the index holds 4 documents\n");
  EXPECT_EQ(remove({}).exit_code, 2);  // no id at all is a usage error
}

TEST_F(CliDelete, IdsComeFromAFileOrStandardInput) {
  const auto piped = remove({"--ids-from", "-"}, "football\r\n\n  flood-aid  \nnope\n");
  EXPECT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(piped.out, "2 deleted, 1 not found; the index holds 3 documents\n");
  std::ofstream(dir_ / "ids.txt") << "flood\nflood-repost";  // no newline at the end
  const auto listed = remove({"-q", "--ids-from", dir_ / "ids.txt", "flood-update"});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(listed.out, "");
  EXPECT_EQ(Xapian::Database(db()).get_doccount(), 0u);
  const auto missing_file = remove({"--ids-from", dir_ / "nope.txt"});
  EXPECT_EQ(missing_file.exit_code, 1);
  EXPECT_TRUE(contains(missing_file.err, "nope.txt: cannot open")) << missing_file.err;
}

// Ids read from a pipe nobody writes to: Ctrl-C ends the wait, commits what was read, and exits
// 130 (a read restarted after the signal would wait for the pipe's end instead). The signal
// goes once bahth has read the id and waits in its next read (sooner, it could land before
// bahth catches it); its end is awaited as long as a hang allows, whatever the machine's load.
TEST_F(CliDelete, CtrlCWhileWaitingForIdsCommitsThoseReadAndExits) {
  int pipe_ends[2];
  ASSERT_EQ(::pipe2(pipe_ends, O_CLOEXEC), 0);
  const int read_end = pipe_ends[0];
  const pid_t pid =
      testing::spawn_bahth({"delete", "--db", db(), "--ids-from", "-"}, dir_ / "out.txt",
                           dir_ / "err.txt", [read_end] { ::dup2(read_end, STDIN_FILENO); });
  ::close(read_end);
  const std::string ids = "football\n";
  ASSERT_EQ(::write(pipe_ends[1], ids.data(), ids.size()), static_cast<ssize_t>(ids.size()));
  testing::ChildEnd end;
  bool ended = false;
  const bool waiting = testing::wait_until_reading_silent_writer(
      pipe_ends[1], pid, [] { return STDIN_FILENO; }, end, ended);
  if (!ended) end = testing::stop_child(pid, SIGINT);
  ::close(pipe_ends[1]);  // the writer stayed silent with its end open until now
  const std::string err = testing::read_file(dir_ / "err.txt");
  ASSERT_TRUE(waiting && !ended) << err;
  EXPECT_EQ(end.exit_code, 130) << err;
  EXPECT_TRUE(contains(err, "interrupted; committed 1 deleted, 0 not found")) << err;
  EXPECT_EQ(Xapian::Database(db()).get_doccount(), 4u);  // football deleted
}

// The same through a FIFO named with --ids-from (its reads restarted after the signal, bahth
// waited on), with a line begun but not ended: "flood" may be the start of "flood-repost", so
// it is reported and nothing but the whole line before it is deleted. The writer keeps its end
// open throughout, and only bahth is signalled. About 0.3 s.
TEST_F(CliDelete, CtrlCWhileAFifoWriterIsSilentCommitsOnlyTheWholeLines) {
  const std::string fifo = dir_ / "ids.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const pid_t pid = testing::spawn_bahth({"delete", "--db", db(), "--ids-from", fifo},
                                         dir_ / "out.txt", dir_ / "err.txt");
  // Opened once bahth has opened its end (ENXIO until then), without blocking the test.
  int writer = -1;
  testing::ChildEnd end;
  bool ended = false;
  testing::wait_until(
      [&] {
        writer = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        return writer >= 0;
      },
      pid, end, ended);
  ASSERT_GE(writer, 0) << testing::read_file(dir_ / "err.txt");
  const std::string ids = "football\nflood";
  ASSERT_EQ(::write(writer, ids.data(), ids.size()), static_cast<ssize_t>(ids.size()));
  const bool waiting = testing::wait_until_reading_silent_writer(
      writer, pid, [&] { return testing::fd_open_for_reading(pid, fifo); }, end, ended);
  if (!ended) end = testing::stop_child(pid, SIGINT);
  ::close(writer);
  const std::string err = testing::read_file(dir_ / "err.txt");
  ASSERT_TRUE(waiting && !ended) << err;
  EXPECT_EQ(end.exit_code, 130) << err;
  EXPECT_TRUE(contains(err, fifo + ":2: interrupted before the line ended; not deleted (skipped)"))
      << err;
  EXPECT_TRUE(contains(err, "interrupted; committed 1 deleted, 0 not found, 1 lines skipped"))
      << err;
  const Xapian::Database after(db());
  EXPECT_EQ(after.get_doccount(), 4u);
  EXPECT_EQ(testing::ids_in(after).count("football"), 0u);
  EXPECT_EQ(testing::ids_in(after).count("flood"), 1u);
  EXPECT_TRUE(testing::xapian_check_passes(db()));
}

// Lines are split as read, in chunks: CRLF and spaces trimmed, the last line without its newline
// taken, a line over 64 KiB (across chunks) or holding a NUL byte (a binary file) named and
// skipped, never cut to an id; a folder is refused before the index is touched.
TEST_F(CliDelete, IdLinesAreCheckedWhole) {
  const std::string list = dir_ / "ids.txt";
  std::ofstream(list, std::ios::binary) << "football\r\n"
                                        << std::string(70'000, 'f') << "\n"
                                        << std::string("flood\0-aid\n", 11) << "  flood-aid\t\r\n\n"
                                        << "flood-update";
  const auto r = remove({"--ids-from", list});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "3 deleted, 0 not found, 2 lines skipped; the index holds 2 documents\n");
  EXPECT_EQ(r.err, list + ":2: longer than 65536 bytes, not an id (skipped)\n" + list +
                       ":3: holds a NUL byte, not an id (skipped)\n")
      << r.err;
  const auto folder = remove({"--ids-from", dir_.path().string()});
  EXPECT_EQ(folder.exit_code, 1);
  EXPECT_TRUE(contains(folder.err, "cannot open the list of ids (a directory)")) << folder.err;
}

TEST_F(CliDelete, ASecondWriterIsRefusedAndNoIndexIsCreated) {
  {
    const store::Writer writer(db());  // as a running `bahth index` holds it
    const auto r = remove({"football"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(contains(r.err, "being written by another process")) << r.err;
  }
  EXPECT_EQ(Xapian::Database(db()).get_doccount(), 5u);
  const auto r = run_bahth({"delete", "--db", dir_ / "none", "football"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "no bahth index here")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "none"));
}

// ترامب and ترمب are learned as one name from twelve articles each (variants are learned from
// stems of at least ten articles): with three of the ترمب articles deleted, the pair goes at
// once. Two leave it (ten articles still hold ترمب, in contexts as alike), and a search
// behaves as before; --rebuild-passes learns them anew, and does not bring the pair back.
TEST(CliDeleteVariants, APairGoesOnceTooFewArticlesHoldAStemOfIt) {
  TempDir dir;
  {
    // As cli_variants_test: one outlet's spelling an article, on one subject; others on football.
    const char* const kTopics[] = {"الضرائب",  "الهجرة",  "الصين",      "ايران",
                                   "الجدار",   "التجارة", "الانتخابات", "المحكمة",
                                   "الكونغرس", "النفط",   "الصحة",      "المناخ"};
    std::ofstream out(dir / "articles.jsonl");
    for (int i = 0; i < 12; ++i) {
      for (const std::string name : {"ترامب", "ترمب"}) {
        out << nlohmann::json{{"id", (name == "ترامب" ? "long" : "short") + std::to_string(i)},
                              {"title", "الرئيس " + name + " و" + kTopics[i]},
                              {"body", "قال الرئيس " + name +
                                           " في البيت الابيض إن ادارته الجمهورية ستعلن قرارا "
                                           "بشأن " +
                                           kTopics[i] + " في العدد " + std::to_string(i) +
                                           " امام الصحفيين في واشنطن"}}
                   .dump()
            << '\n';
      }
      out << nlohmann::json{{"id", "ball" + std::to_string(i)},
                            {"title", "مباراة الدوري " + std::to_string(i)},
                            {"body", "سجل المهاجم هدفا في المباراة امام الفريق المنافس في الملعب"}}
                 .dump()
          << '\n';
    }
  }
  ASSERT_EQ(run_bahth({"index", "-q", "--db", dir / "db", dir / "articles.jsonl"}).exit_code, 0);
  const auto before = run_bahth({"analyze", "--variants", "--db", dir / "db", "ترمب"});
  ASSERT_EQ(before.out, "ترمب ترمب: ترامب\n") << before.err;
  // Two of the twelve deleted: the pair stays.
  ASSERT_EQ(run_bahth({"delete", "--db", dir / "db", "short0", "short1"}).exit_code, 0);
  const auto kept = run_bahth({"analyze", "--variants", "--db", dir / "db", "ترمب"});
  EXPECT_EQ(kept.out, "ترمب ترمب: ترامب\n") << kept.err;
  const auto search = run_bahth({"search", "--db", dir / "db", "--json", "--limit", "30", "ترمب"});
  EXPECT_EQ(search.exit_code, 0) << search.err;
  EXPECT_EQ(search.out.find("\"short0\""), std::string::npos) << search.out;
  EXPECT_NE(search.out.find("\"long1\""), std::string::npos) << search.out;
  // A third: ترمب is left in 9 articles, too few to pair (kMinVariantDocs), and the pair goes
  // at once, as a learn over the whole index would drop it.
  ASSERT_EQ(run_bahth({"delete", "--db", dir / "db", "short2"}).exit_code, 0);
  const auto dropped = run_bahth({"analyze", "--variants", "--db", dir / "db", "ترمب"});
  EXPECT_EQ(dropped.out, "ترمب ترمب:\n") << dropped.err;
  ASSERT_EQ(run_bahth({"index", "-q", "--db", dir / "db", "--rebuild-passes"}).exit_code, 0);
  const auto after = run_bahth({"analyze", "--variants", "--db", dir / "db", "ترمب"});
  EXPECT_EQ(after.out, "ترمب ترمب:\n") << after.err;
}

// `bahth`'s Xapian splices a deleted article's posting out of each chunk of a posting list, and
// merges a spelling fragment's word list as bytes around its changes (two changes to Xapian's
// source, cmake/bahth_static_xapian.cmake). 1,200 articles give the common word's list two
// chunks; deletes take the first docid, the last, a chunk's first and last entries (a chunk
// holds 1,001 postings of two bytes), neighbours in one run, and words of two articles out of
// the spelling table. Everything is read back with the tests' own (unchanged) Xapian: the
// index passes xapian-check, each term's postings equal those of a copy whose documents that
// Xapian deleted, and "did you mean" over the table equals that of a table it wrote afresh.
TEST(CliDeleteSplice, PostingsAndSpellingEqualXapiansOwnAfterDeletesAcrossChunks) {
  TempDir dir;
  const int kArticles = 1200;
  auto letters = [](int n) {  // a number in letters, a digit a letter
    static const char* const kDigits[] = {"ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز"};
    std::string out;
    do {
      out.insert(0, kDigits[n % 10]);
      n /= 10;
    } while (n > 0);
    return out;
  };
  {
    std::ofstream out(dir / "articles.jsonl");
    for (int i = 0; i < kArticles; ++i) {
      // سXل is in two articles (the spelling table), the others in one.
      std::string body = "الحكومة س" + letters(i / 2) + "ل";
      for (int k = 1; k <= 6; ++k) body += " ك" + letters(i * 7 + k * 10007) + "ر";
      out << nlohmann::json{{"id", "a" + std::to_string(i)},
                            {"title", "خبر م" + letters(i) + "ن"},
                            {"body", body}}
                 .dump()
          << '\n';
    }
  }
  const std::filesystem::path db = dir / "db";
  ASSERT_EQ(run_bahth({"index", "-q", "--db", db, dir / "articles.jsonl"}).exit_code, 0);
  std::filesystem::copy(db, dir / "ref", std::filesystem::copy_options::recursive);
  const std::vector<std::vector<std::string>> runs = {
      {"a0"}, {"a1199"}, {"a1000"}, {"a1001"}, {"a1100", "a1101", "a1103", "a600", "a601"}};
  for (const auto& ids : runs) {
    std::vector<std::string> args{"delete", "-q", "--db", db};
    args.insert(args.end(), ids.begin(), ids.end());
    const auto r = run_bahth(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  {
    Xapian::WritableDatabase ref(dir / "ref", Xapian::DB_OPEN);
    for (const auto& ids : runs) {
      for (const std::string& id : ids) ref.delete_document(schema::id_term(id));
      ref.commit();
    }
  }
  // xapian-check, a process of its own: Database::check() in-process trips ASan inside Debian's
  // libxapian (a delete of the wrong size).
  EXPECT_TRUE(testing::xapian_check_passes(db));
  const Xapian::Database got(db.string());
  const Xapian::Database want(dir / "ref");
  ASSERT_EQ(got.get_doccount(), static_cast<Xapian::doccount>(kArticles - 9));
  std::size_t terms = 0;
  Xapian::doccount most = 0;  // the common word's articles: all of them
  auto t = got.allterms_begin();
  auto u = want.allterms_begin();
  for (; t != got.allterms_end() && u != want.allterms_end(); ++t, ++u, ++terms) {
    ASSERT_EQ(*t, *u);
    ASSERT_EQ(t.get_termfreq(), u.get_termfreq()) << *t;
    most = std::max(most, t.get_termfreq());
    ASSERT_EQ(got.get_collection_freq(*t), want.get_collection_freq(*u)) << *t;
    auto p = got.postlist_begin(*t);
    auto q = want.postlist_begin(*u);
    for (; p != got.postlist_end(*t) && q != want.postlist_end(*u); ++p, ++q) {
      ASSERT_EQ(*p, *q) << *t;
      ASSERT_EQ(p.get_wdf(), q.get_wdf()) << *t;
    }
    ASSERT_TRUE(p == got.postlist_end(*t) && q == want.postlist_end(*u)) << *t;
  }
  EXPECT_TRUE(t == got.allterms_end() && u == want.allterms_end());
  EXPECT_GT(terms, 10000u);
  EXPECT_EQ(most, got.get_doccount());
  for (auto d = got.postlist_begin(""); d != got.postlist_end(""); ++d) {
    ASSERT_EQ(got.get_doclength(*d), want.get_doclength(*d));
  }

  // The spelling table: the words of the deleted articles' pairs left it.
  Xapian::Database spelling(db.string());
  if (std::filesystem::exists(db / "bahth-spelling")) {
    spelling.add_database(Xapian::Database((db / "bahth-spelling").string()));
  }
  Xapian::WritableDatabase fresh(dir / "fresh", Xapian::DB_CREATE);
  std::vector<std::string> words;
  for (auto w = spelling.spellings_begin(); w != spelling.spellings_end(); ++w) {
    fresh.add_spelling(*w, w.get_termfreq());
    words.push_back(*w);
  }
  fresh.commit();
  EXPECT_EQ(words.size(), static_cast<std::size_t>(kArticles / 2 - 6 + 2));  // pairs, two common
  std::size_t asked = 0;
  for (std::size_t i = 0; i < words.size(); i += 2) {
    const std::string& w = words[i];
    for (std::size_t at = 0; at < w.size(); ++at) {
      std::string slip = w;
      slip.erase(at, 1);
      ASSERT_EQ(spelling.get_spelling_suggestion(slip, 2), fresh.get_spelling_suggestion(slip, 2))
          << w;
      ++asked;
    }
  }
  EXPECT_GT(asked, 1000u);
}

TEST(CliDeleteShards, DeletesFromWhicheverShardHoldsTheId) {
  TempDir dir;
  write_jsonl(dir / "stories.jsonl", testing::dedup_articles());
  ASSERT_EQ(run_bahth({"index", "-q", "--db", dir / "db", "--shards", "2", dir / "stories.jsonl"})
                .exit_code,
            0);
  const auto r = run_bahth({"delete", "--db", dir / "db", "flood", "flood-aid", "football"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "3 deleted, 0 not found; the index holds 2 documents\n");
  const auto left = run_bahth({"search", "--db", dir / "db", "--json", "--duplicates", "الوادي"});
  const auto json = nlohmann::json::parse(left.out);
  std::set<std::string> ids;
  for (const auto& hit : json["results"]) ids.insert(hit["id"]);
  EXPECT_EQ(ids, (std::set<std::string>{"flood-repost", "flood-update"}));
}

}  // namespace
}  // namespace cli_delete_test
}  // namespace bahth
