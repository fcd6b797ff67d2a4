// `bahth show`: whole stored articles, as text or JSON.
#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bahth/error.h"
#include "bahth/searcher.h"
#include "commands.h"
#include "options.h"
#include "render/article_view.h"
#include "render/inert.h"
#include "render/search_json.h"
#include "terminal.h"

namespace bahth::cli {
namespace {

struct ShowOptions {
  std::string db_path;
  OutputOptions output;
  std::vector<std::string> ids;
};

// Prints every article found, in the order asked, and names on stderr each one whose stored
// article is damaged; then fails naming the first id not found (exit 1, as for a damaged one).
void run_show(const ShowOptions& options) {
  const Searcher searcher({options.db_path});
  const render::TextStyle style = text_style(options.output, 0);
  std::optional<std::string> missing;
  bool damaged = false;
  bool first = true;
  for (const std::string& id : options.ids) {
    std::optional<Article> article;
    try {
      article = searcher.article(id);
    } catch (const DamagedArticleError& e) {
      // The id comes from the command line and the reason from the index: shown inert.
      std::cerr << "bahth: " << render::inert_text(e.what()) << '\n';
      damaged = true;
      continue;
    }
    if (!article) {
      if (!missing) missing = id;
      continue;
    }
    if (options.output.json) {
      std::cout << render::json_text(render::article_json(*article)) << '\n';
    } else {
      if (!first)
        std::cout << "\n" << std::string(std::min<std::size_t>(style.width, 40), '-') << "\n\n";
      std::cout.flush();
      render::print_article_text(*article, style);
    }
    first = false;
  }
  std::cout.flush();
  if (missing) throw Error("no article with id '" + *missing + "' in " + options.db_path);
  if (damaged) throw ExitCode{1};
}

}  // namespace

void setup_show(CLI::App& app) {
  auto options = std::make_shared<ShowOptions>();
  CLI::App* cmd = app.add_subcommand("show", "Show whole articles by id, as search names them");
  add_db_option(*cmd, options->db_path);
  add_output_options(
      *cmd, options->output,
      {.json = "Print one JSON object per article, one per line",
       .color = "Bold titles with ANSI: auto, always, never",
       .bidi = "Arabic on the terminal: isolate, visual, none, auto (as for search)"});
  cmd->add_option("id", options->ids, "Article ids")->required();
  cmd->callback([options] { run_show(*options); });
}

}  // namespace bahth::cli
