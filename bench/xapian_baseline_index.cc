// The speed baseline that Xapian users have today: TermGenerator with Xapian's Snowball Arabic
// stemmer, one thread, default settings, title and body indexed as bahth indexes them (title
// under "S" and in the free-text field), reading the same input through bahth's readers so only
// the analysis and indexing differ. Prints one line: articles, seconds, articles/s.
//
//   xapian_baseline_index DB INPUT...
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "bahth/readers.h"

namespace {

class StderrReporter final : public bahth::ProblemReporter {
 public:
  void report(const bahth::ReadProblem& p) override {
    std::cerr << p.path << ':' << p.line << ": " << p.reason << '\n';
  }
};

}  // namespace

int main(int argc, char** argv) try {
  if (argc < 3) {
    std::cerr << "usage: xapian_baseline_index DB INPUT...\n";
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  Xapian::WritableDatabase db(argv[1], Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("arabic"));
  StderrReporter reporter;
  bahth::ArticleStream stream(std::vector<std::string>(argv + 2, argv + argc), {}, reporter);
  bahth::Article article;
  std::size_t count = 0;
  while (stream.next(article)) {
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(article.title, 1, "S");
    generator.index_text(article.title, 3);
    generator.increase_termpos();
    generator.index_text(article.body);
    doc.set_data(article.title + "\n" + article.body);
    doc.add_boolean_term("Q" + article.id.substr(0, 200));
    db.replace_document("Q" + article.id.substr(0, 200), doc);
    ++count;
  }
  db.commit();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("articles=%zu seconds=%.2f articles_per_s=%.0f\n", count, seconds, count / seconds);
  return 0;
} catch (const Xapian::Error& e) {
  std::cerr << "xapian_baseline_index: " << e.get_description() << '\n';
  return 1;
}
