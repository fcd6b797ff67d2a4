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
#include "render/search_json.h"
#include "terminal.h"

namespace bahth::cli {
namespace {

struct ShowOptions {
  std::string db_path;
  OutputOptions output;
  std::vector<std::string> ids;
};

// Prints every article found, in the order asked; then fails naming the first id not found.
void run_show(const ShowOptions& options) {
  const Searcher searcher({options.db_path});
  const render::TextStyle style = text_style(options.output, 0);
  std::optional<std::string> missing;
  bool first = true;
  for (const std::string& id : options.ids) {
    const std::optional<Article> article = searcher.article(id);
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
