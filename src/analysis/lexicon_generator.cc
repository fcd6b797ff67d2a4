// bahth_lexicon_generator IN OUT: builds the lexicon's hash table (lexicon_table.h) from
// data/lexicon-ar.txt at compile time, so that no bahth process parses the lexicon.
#include <string>

#include "generator_io.h"
#include "lexicon_table.h"

int main(int argc, char** argv) {
  return bahth::generator::run(
      argc, argv, "bahth_lexicon_generator LEXICON.txt OUT.table",
      [](const std::string& text) { return bahth::detail::lexicon_table::build(text); });
}
