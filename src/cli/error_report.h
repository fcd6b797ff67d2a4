// error_report.h: the file `bahth index --errors FILE` writes the unreadable records to.
//
// The report must never destroy data: FILE may not be one of the inputs (same device and inode,
// so a link to an input is caught too), and an existing regular file is overwritten only if it
// is empty or an earlier report (recognised by the header line every report starts with).
// Nothing is truncated until the run has opened its index, and a write that fails (a full disk)
// is an error of the run, not a silently shortened report.
#ifndef BAHTH_CLI_ERROR_REPORT_H_
#define BAHTH_CLI_ERROR_REPORT_H_

#include <string>
#include <string_view>
#include <vector>

#include "bahth/non_copyable.h"

namespace bahth::cli {

/// Throws UsageError (`OPTION PATH: it is the input X; ...`) when `path` names the same file as
/// one of `inputs` ("-": standard input), compared by device and inode, so through links too.
/// A path that does not exist yet is no input.
void refuse_overwriting_input(std::string_view option, const std::string& path,
                              const std::vector<std::string>& inputs);

/// The first line of every report; an existing file that starts with it may be overwritten.
inline constexpr std::string_view kErrorReportHeader =
    "# bahth index error report: records that could not be read (path:line: reason)";

class ErrorReport : NonCopyable {
 public:
  /// Checks that `path` may be written, given the command's `inputs`. Opens nothing yet.
  /// Throws UsageError naming `path` when it is an input, a directory, or an existing file that
  /// is neither empty nor an earlier report.
  ErrorReport(std::string path, const std::vector<std::string>& inputs);
  ~ErrorReport();

  /// Opens the file (checking again what was opened: it may have changed since), empties it and
  /// writes the header. Throws UsageError or Error naming the path.
  void open();

  /// Appends text; a failure is remembered and reported by finish().
  void write(std::string_view text);

  /// Writes out what is buffered and closes the file. Returns "" on success, else the message
  /// to show (`--errors PATH: cannot write the report: reason`).
  std::string finish();

  const std::string& path() const { return path_; }

 private:
  void flush();

  std::string path_;
  std::vector<std::string> inputs_;
  int fd_ = -1;
  std::string buffer_;
  int write_errno_ = 0;  // the first failed write's errno; 0 while all went well
};

}  // namespace bahth::cli

#endif  // BAHTH_CLI_ERROR_REPORT_H_
