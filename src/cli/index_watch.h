// `bahth index --watch DIR...`: keeps an index in line with folders of dumps.
#ifndef BAHTH_CLI_INDEX_WATCH_H_
#define BAHTH_CLI_INDEX_WATCH_H_

#include <string>
#include <vector>

#include "bahth/indexer.h"
#include "bahth/readers.h"

namespace bahth::cli {

/// Brings the index in line with `dirs` (files new or changed since they were indexed are read,
/// the articles of files gone are deleted), then follows their changes until SIGINT or SIGTERM,
/// in batches each committed and followed by the end passes. Returns 128 + the signal.
int run_index_watch(const IndexOptions& index_options, const ReaderOptions& reader_options,
                    const std::vector<std::string>& dirs, bool quiet);

}  // namespace bahth::cli

#endif  // BAHTH_CLI_INDEX_WATCH_H_
