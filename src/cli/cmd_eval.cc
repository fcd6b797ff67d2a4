// `bahth eval` is being written.
#include "commands.h"

namespace bahth::cli {
void setup_eval(CLI::App& /*app*/) {}
}  // namespace bahth::cli
