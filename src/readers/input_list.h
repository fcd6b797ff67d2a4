// input_list.h: the command line's inputs expanded into the files to read, in order.
#ifndef BAHTH_READERS_INPUT_LIST_H_
#define BAHTH_READERS_INPUT_LIST_H_

#include <cstdint>      // std::uint64_t
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "bahth/readers.h"

namespace bahth::readers {

/// One file to read, or one that could not be listed (then `problem` says why).
struct InputFile {
  std::string path;        // to open ("-" for standard input); derived ids are built from it
  std::uint64_t size = 0;  // on disk; 0 when unknown
  std::string problem;     // non-empty: report it instead of reading
};

/// Expands files, directories (recursively, entries sorted by name, hidden ones and files of
/// unknown extension skipped, but for .zip and .7z archives and office documents and PDFs
/// (unread_document), listed to be reported; symlinked
/// directories followed once so loops end) and "-".
/// `excluded` files (ReaderOptions::excluded_files) are left out.
std::vector<InputFile> expand_inputs(const std::vector<std::string>& inputs,
                                     const std::vector<std::string>& excluded = {});

/// Why a file named `name` is not read when it is an office document or a PDF, with what to do
/// instead (save a spreadsheet as CSV, a document as text); empty for any other name.
std::string unread_document(std::string_view name);

/// The format a file name implies, after stripping ".gz", ".xz", ".zst" or ".bz2"; automatic
/// when it implies none.
InputFormat format_from_name(std::string_view name);

}  // namespace bahth::readers

#endif  // BAHTH_READERS_INPUT_LIST_H_
