// warc_reader.cc: web archives (WARC/1.0 and 1.1: Common Crawl, the Internet Archive, wget
// --warc-file), one saved page per HTML response record.
//
// A WARC is a sequence of records, each a block of `Name: value` headers, a blank line, exactly
// Content-Length bytes and two CRLFs; a `.warc.gz` is one gzip member per record, which the
// input's decompressor reads as one stream. A record is read a buffer at a time: a record larger
// than max_article_bytes, or one that is not an HTML page (an image, a request, crawl metadata),
// is passed over without being held, so a WARC of many GB costs the memory of one page. A
// record not framed as it says (a bad header, a Content-Length that lies) costs itself only: it
// is reported and skipped, and the reading goes on from the next line that starts a record.
//
// The input is read as bytes, never converted as a whole (ArticleStream skips the per-file
// encoding detection for WARC): each page is in its own charset, which its HTTP Content-Type says
// (else its <meta charset>, else ICU's detector, as for a saved page).
#include <zlib.h>

#include <algorithm>  // std::min
#include <array>      // std::array
#include <cstdint>    // std::uint64_t
#include <string>     // std::string

#include "bahth/utf8.h"
#include "encoding.h"
#include "format_readers.h"
#include "html_page.h"

namespace bahth::readers {
namespace {

// Longest block of WARC or HTTP headers read: real ones are under 2 KB.
constexpr std::size_t kMaxHeaderBytes = 64u << 10;

// A record's first line, after the line end before it.
constexpr std::string_view kRecordStart = "\nWARC/1.";
// Bytes looked at after a record's block to tell that the next record starts there: the blank
// lines between the two and "WARC/1.".
constexpr std::size_t kBoundaryBytes = 16;

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

// The value of header `name` (lower case) in a block of `Name: value` lines; empty when absent.
std::string_view header_value(std::string_view block, std::string_view name) {
  while (!block.empty()) {
    const std::size_t end = std::min(block.find('\n'), block.size());
    const std::string_view line = block.substr(0, end);
    block.remove_prefix(std::min(end + 1, block.size()));
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon != name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < colon && same; ++i) same = ascii_lower(line[i]) == name[i];
    if (same) return trim(line.substr(colon + 1));
  }
  return {};
}

// A Content-Length: digits only, else nullopt.
std::optional<std::uint64_t> parse_length(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::uint64_t n = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return n;
}

// The parameter `charset` of a Content-Type (`text/html; charset="windows-1256"`), or empty.
std::string charset_of(std::string_view content_type) {
  const std::string lowered = lower(content_type);
  const std::size_t at = lowered.find("charset=");
  if (at == std::string::npos) return {};
  std::string_view value = std::string_view(content_type).substr(at + 8);
  value = value.substr(0, std::min(value.find(';'), value.size()));
  value = trim(value);
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'')) {
    value = value.substr(1, value.size() - 2);
  }
  return std::string(trim(value));
}

// True for a payload that looks like a page when the response names no type.
bool looks_like_html(std::string_view payload) {
  const std::string head = lower(trim(strip_bom(payload.substr(0, 1024))));
  return head.starts_with("<!doctype html") || head.starts_with("<html") ||
         head.find("<html") != std::string::npos || head.find("<body") != std::string::npos;
}

// HTTP's chunked transfer coding undone: hex size lines, each chunk, a last chunk of 0. Returns
// false when the framing is broken (then `out` holds the chunks read so far).
bool unchunk(std::string_view in, std::string& out) {
  out.clear();
  while (!in.empty()) {
    const std::size_t line_end = in.find('\n');
    if (line_end == std::string_view::npos) return false;
    std::string_view size_text = trim(in.substr(0, line_end));
    size_text = size_text.substr(0, std::min(size_text.find(';'), size_text.size()));  // ext.
    in.remove_prefix(line_end + 1);
    std::size_t size = 0;
    if (size_text.empty() || size_text.size() > 8) return false;
    for (const char c : size_text) {
      const int digit = c >= '0' && c <= '9'   ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                               : -1;
      if (digit < 0) return false;
      size = size * 16 + static_cast<std::size_t>(digit);
    }
    if (size == 0) return true;  // trailers, if any, follow: nothing of the page
    if (size > in.size()) {
      out.append(in);
      return false;
    }
    out.append(in.substr(0, size));
    in.remove_prefix(size);
    if (in.starts_with("\r\n")) {
      in.remove_prefix(2);
    } else if (in.starts_with('\n')) {
      in.remove_prefix(1);
    }
  }
  return false;  // no last chunk: the response was cut
}

// gzip or deflate content coding undone, at most `max_bytes` of it. Returns "" or why not.
std::string inflate_payload(std::string_view in, std::size_t max_bytes, std::string& out) {
  out.clear();
  z_stream z{};
  // 15 + 32: gzip or zlib, by the header; a raw deflate stream (what some servers send for
  // "deflate") is tried next.
  for (const int window : {15 + 32, -15}) {
    if (inflateInit2(&z, window) != Z_OK) return "cannot start inflating (out of memory?)";
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    std::array<char, 64u << 10> chunk;
    int rc = Z_OK;
    out.clear();
    while (rc == Z_OK) {
      z.next_out = reinterpret_cast<Bytef*>(chunk.data());
      z.avail_out = static_cast<uInt>(chunk.size());
      rc = inflate(&z, Z_NO_FLUSH);
      out.append(chunk.data(), chunk.size() - z.avail_out);
      if (out.size() > max_bytes) {
        inflateEnd(&z);
        return "its page inflates to more than " + std::to_string(max_bytes) + " bytes";
      }
      if (rc == Z_BUF_ERROR && z.avail_in == 0) break;  // cut: keep what came out
    }
    inflateEnd(&z);
    if (rc == Z_STREAM_END || (rc == Z_BUF_ERROR && !out.empty())) return {};
    z = z_stream{};
  }
  return "its gzip content encoding is corrupt";
}

// Why records are passed over, for the one summary line of a file.
enum class PassedOver { request, metadata, warcinfo, revisit, other_type, not_html, not_ok };
constexpr std::array<std::string_view, 7> kPassedOverNames{
    "request",  "metadata",    "warcinfo", "revisit", "of other WARC types",
    "not HTML", "not HTTP 200"};

class WarcReader final : public RecordReader {
 public:
  WarcReader(std::unique_ptr<InputSource> source, InputContext context)
      : source_(std::move(source)), context_(std::move(context)) {
    if (context_.options->encoding != "auto") default_encoding_ = context_.options->encoding;
  }

  ~WarcReader() override {
    std::size_t total = 0;
    for (const std::size_t n : passed_over_) total += n;
    if (total == 0) return;
    std::string parts;
    for (std::size_t i = 0; i < passed_over_.size(); ++i) {
      if (passed_over_[i] == 0) continue;
      parts.append(parts.empty() ? "" : ", ")
          .append(std::to_string(passed_over_[i]))
          .append(" ")
          .append(kPassedOverNames[i]);
    }
    context_.report(0,
                    std::to_string(total) + (total == 1 ? " record" : " records") +
                        " passed over, not articles (" + parts + ")",
                    /*skipped=*/false);
  }

  bool next(Article& out) override {
    while (!done_) {
      if (read_record(out)) return true;
    }
    return false;
  }

  std::size_t stop_line() const override { return 0; }

  void end_interrupted() override {
    if (in_page_) context_.report_interrupted(0);
  }

 private:
  // At least `n` bytes buffered from `pos_` (fewer at the end of the input).
  std::string_view have(std::size_t n) {
    if (pos_ > 0 && pos_ >= buffer_.size() / 2) {
      buffer_.erase(0, pos_);
      pos_ = 0;
    }
    while (buffer_.size() - pos_ < n && !input_ended_) {
      const std::size_t old = buffer_.size();
      const std::size_t want = std::max<std::size_t>(kChunkBytes, n - (old - pos_));
      buffer_.resize(old + want);
      const std::size_t got = source_->read(buffer_.data() + old, want);
      buffer_.resize(old + got);
      if (got == 0) input_ended_ = true;
    }
    return std::string_view(buffer_).substr(pos_);
  }
  void consume(std::size_t n) {
    pos_ += n;
    offset_ += n;
  }
  // Passes over `n` bytes without keeping them; returns the bytes there were.
  std::uint64_t skip(std::uint64_t n) {
    std::uint64_t skipped = 0;
    while (skipped < n) {
      const std::string_view got = have(1);
      if (got.empty()) break;
      const std::size_t step =
          static_cast<std::size_t>(std::min<std::uint64_t>(got.size(), n - skipped));
      consume(step);
      skipped += step;
    }
    return skipped;
  }

  std::string where(std::uint64_t at, std::string_view uri = {}) const {
    std::string text = "record at byte " + std::to_string(at);
    if (!uri.empty()) text.append(" (").append(uri.substr(0, 200)).append(")");
    return text;
  }

  // Reads one record; true when it gave an article.
  bool read_record(Article& out) {
    // Records are separated by CRLF CRLF; tolerate any number of blank lines.
    for (;;) {
      const std::string_view head = have(2);
      if (head.empty()) {
        done_ = true;
        return false;
      }
      if (head.front() == '\r' || head.front() == '\n') {
        consume(1);
        continue;
      }
      break;
    }
    const std::uint64_t start = offset_;
    std::string_view block = have(kMaxHeaderBytes);
    std::size_t header_end = block.find("\r\n\r\n");
    std::size_t separator = 4;
    if (header_end == std::string_view::npos) {
      header_end = block.find("\n\n");
      separator = 2;
    }
    if (!block.starts_with("WARC/1.") || header_end == std::string_view::npos) {
      const std::string what =
          !block.starts_with("WARC/")       ? "not a WARC record header"
          : !block.starts_with("WARC/1.")   ? "a WARC version this reader does not know"
          : block.size() >= kMaxHeaderBytes ? "a WARC header longer than 64 KB"
                                            : "a WARC header cut off by the end of the file";
      return resync(start, where(start) + ": " + what);
    }
    const std::string headers(block.substr(0, header_end));
    consume(header_end + separator);
    const std::string type = lower(header_value(headers, "warc-type"));
    const std::string uri(header_value(headers, "warc-target-uri"));
    const std::optional<std::uint64_t> length =
        parse_length(header_value(headers, "content-length"));
    if (!length) {
      context_.report(
          0, where(start, uri) + ": no readable Content-Length; the rest of the file is not read");
      done_ = true;
      return false;
    }
    const bool response = type == "response";
    if (!response) {
      const PassedOver why = type == "request"    ? PassedOver::request
                             : type == "metadata" ? PassedOver::metadata
                             : type == "warcinfo" ? PassedOver::warcinfo
                             : type == "revisit"  ? PassedOver::revisit
                                                  : PassedOver::other_type;
      ++passed_over_[static_cast<std::size_t>(why)];
      return skip_block(*length, start, uri, false);
    }
    // The HTTP headers decide whether the record is a page before its body is read.
    const std::string_view content =
        have(static_cast<std::size_t>(std::min<std::uint64_t>(*length, kMaxHeaderBytes)));
    const std::string_view http = content.substr(
        0, static_cast<std::size_t>(std::min<std::uint64_t>(content.size(), *length)));
    std::size_t http_end = http.find("\r\n\r\n");
    std::size_t http_separator = 4;
    if (http_end == std::string_view::npos) {
      http_end = http.find("\n\n");
      http_separator = 2;
    }
    if (!http.starts_with("HTTP/") || http_end == std::string_view::npos) {
      if (content.size() < *length && http.size() < kMaxHeaderBytes) {
        return cut_off(start, uri, *length, false);
      }
      ++passed_over_[static_cast<std::size_t>(PassedOver::not_html)];
      return skip_block(*length, start, uri, false);
    }
    const std::string http_headers(http.substr(0, http_end));
    const std::string_view status_line =
        std::string_view(http_headers).substr(0, http_headers.find('\n'));
    const std::size_t code_at = status_line.find(' ');
    const std::string_view code =
        code_at == std::string_view::npos ? std::string_view() : status_line.substr(code_at + 1, 3);
    const std::string content_type(header_value(http_headers, "content-type"));
    const std::string media = lower(trim(content_type.substr(0, content_type.find(';'))));
    const bool html_type = media == "text/html" || media == "application/xhtml+xml";
    if (code != "200") {
      ++passed_over_[static_cast<std::size_t>(PassedOver::not_ok)];
      return skip_block(*length, start, uri, false);
    }
    if (!media.empty() && !html_type) {
      ++passed_over_[static_cast<std::size_t>(PassedOver::not_html)];
      return skip_block(*length, start, uri, false);
    }
    // A page, or (no type named) perhaps one: a record of the count from here on.
    context_.count_record();
    const std::size_t max_bytes = context_.options->max_article_bytes;
    if (*length > max_bytes + kMaxHeaderBytes) {
      context_.report(0, where(start, uri) + ": " + too_large_reason("record", max_bytes));
      return skip_block(*length, start, uri, true);
    }
    in_page_ = true;
    const std::string_view whole = have(static_cast<std::size_t>(*length) + kBoundaryBytes);
    if (whole.size() < *length) return cut_off(start, uri, *length, true);
    if (!at_record_boundary(whole.substr(static_cast<std::size_t>(*length)))) {
      // The Content-Length lied: the page holds a part of the next record, or lacks its end.
      // Both are skipped; the reading goes on from the next record header after this one's.
      in_page_ = false;
      return resync(start,
                    where(start, uri) + ": its Content-Length (" + std::to_string(*length) +
                        " bytes) does not end at a record's end",
                    /*counted=*/true);
    }
    std::string record(whole.substr(0, static_cast<std::size_t>(*length)));
    consume(record.size());
    in_page_ = false;
    std::string_view payload = std::string_view(record).substr(http_end + http_separator);
    std::string unchunked;
    if (lower(header_value(http_headers, "transfer-encoding")).find("chunked") !=
        std::string::npos) {
      if (!unchunk(payload, unchunked) && unchunked.empty()) {
        context_.report(0, where(start, uri) + ": broken chunked transfer encoding");
        return false;
      }
      payload = unchunked;
    }
    std::string inflated;
    const std::string coding = lower(header_value(http_headers, "content-encoding"));
    if (coding == "gzip" || coding == "x-gzip" || coding == "deflate") {
      if (std::string why = inflate_payload(payload, max_bytes, inflated); !why.empty()) {
        context_.report(0, where(start, uri) + ": " + why);
        return false;
      }
      payload = inflated;
    } else if (!coding.empty() && coding != "identity") {
      context_.report(0, where(start, uri) + ": content encoding '" + coding.substr(0, 32) +
                             "' not read (gzip and deflate are)");
      return false;
    }
    if (payload.size() > max_bytes) {
      context_.report(0, where(start, uri) + ": " + too_large_reason("page", max_bytes));
      return false;
    }
    if (media.empty() && !looks_like_html(payload)) {
      ++passed_over_[static_cast<std::size_t>(PassedOver::not_html)];
      --*context_.records_seen;  // counted above as a page it turned out not to be
      return false;
    }
    const std::string page = to_utf8(payload, charset_of(content_type), start, uri);
    if (std::string why_not = read_html_page(strip_bom(page), out); !why_not.empty()) {
      context_.report(0, where(start, uri) + ": " + why_not);
      return false;
    }
    if (out.url.empty()) out.url = uri;
    if (out.id.empty()) out.id = out.url;
    if (out.date.empty()) out.date = header_value(headers, "warc-date");
    ++pages_;
    return finish_article(out, context_, out.id.empty() ? pages_ : 0);
  }

  // Passes over a record's block (and counts a cut one). Returns false: no article.
  bool skip_block(std::uint64_t length, std::uint64_t start, std::string_view uri, bool counted) {
    if (skip(length) < length) return cut_off(start, uri, length, counted);
    if (!at_record_boundary(have(kBoundaryBytes))) {
      return resync(start,
                    where(start, uri) + ": its Content-Length (" + std::to_string(length) +
                        " bytes) does not end at a record's end",
                    counted);
    }
    return false;
  }

  // True when `after` (the bytes after a record's block) is where the record ends: the two line
  // ends the format writes (what follows them is the next record's to answer for), or the end of
  // the file, or blank lines of any other number and "WARC/1." (sloppy writers).
  static bool at_record_boundary(std::string_view after) {
    if (after.starts_with("\r\n\r\n") || after.starts_with("\n\n")) return true;
    const std::size_t text = std::min(after.find_first_not_of("\r\n"), after.size());
    const std::string_view next = after.substr(text);
    return kRecordStart.substr(1).starts_with(next) || next.starts_with(kRecordStart.substr(1));
  }

  // The record at `start` is not framed as it says (a bad header, or a Content-Length that
  // lies): it is reported and counted as skipped, and the reading goes on from the next line
  // that starts a record ("WARC/1." after a line end), a buffer at a time. Returns false.
  bool resync(std::uint64_t start, std::string reason, bool counted = false) {
    if (!counted) context_.count_record();
    const std::uint64_t passed_from = offset_;
    for (std::size_t from = 1;; from = 0) {  // the first byte is where the bad record is
      const std::string_view buffered = have(kChunkBytes);
      const std::size_t found = buffered.find(kRecordStart, std::min(from, buffered.size()));
      if (found != std::string_view::npos) {
        consume(found + 1);
        break;
      }
      if (buffered.size() < kRecordStart.size()) {
        consume(buffered.size());
        done_ = true;
        break;
      }
      // Kept: the bytes a record start cut between two reads may begin in.
      consume(buffered.size() - (kRecordStart.size() - 1));
    }
    reason +=
        done_ ? "; no record follows it (" + std::to_string(offset_ - start) + " bytes passed over)"
              : "; skipped, read on from the next record, at byte " + std::to_string(offset_) +
                    " (" + std::to_string(offset_ - passed_from) + " bytes passed over)";
    context_.report(0, std::move(reason));
    return false;
  }

  // The file ends inside the record that starts at `start`: reported and counted as skipped.
  bool cut_off(std::uint64_t start, std::string_view uri, std::uint64_t length, bool counted) {
    if (!counted) context_.count_record();
    in_page_ = false;
    context_.report(0, where(start, uri) + ": cut off: its Content-Length (" +
                           std::to_string(length) + " bytes) runs past the end of the file");
    done_ = true;
    return false;
  }

  // The page in UTF-8: from the charset its HTTP header names, else --encoding, else as a saved
  // page's (its <meta charset>, ICU's detector). Invalid bytes become U+FFFD, counted.
  std::string to_utf8(std::string_view payload, std::string charset, std::uint64_t start,
                      std::string_view uri) {
    if (charset.empty()) charset = default_encoding_;
    if (charset.empty()) {
      const DetectedEncoding detected = detect_encoding(payload, /*whole=*/true);
      if (detected.sure) charset = detected.name;
    }
    std::string text;
    if (!charset.empty() && !is_utf8_name(charset)) {
      try {
        Transcoder transcoder(charset);
        std::string_view in = payload;
        std::array<char, 64u << 10> chunk;
        while (!in.empty()) {
          text.append(chunk.data(), transcoder.convert(in, chunk.data(), chunk.size(), true));
        }
        for (std::size_t n = 1; n > 0;) {
          n = transcoder.convert(in, chunk.data(), chunk.size(), true);
          text.append(chunk.data(), n);
        }
        if (transcoder.replaced() > 0) {
          context_.report(0,
                          where(start, uri) + ": " + std::to_string(transcoder.replaced()) +
                              " bytes not valid in " + charset.substr(0, 40) +
                              ", replaced with U+FFFD",
                          /*skipped=*/false);
        }
        return text;
      } catch (const SourceError&) {
        // A charset ICU does not know (a typo in a server's header): read as UTF-8 below.
      }
    }
    std::size_t replaced = 0;
    text = is_valid_utf8(payload) ? std::string(payload) : replace_invalid_utf8(payload, replaced);
    if (replaced > 0) {
      context_.report(0,
                      where(start, uri) + ": " + std::to_string(replaced) +
                          " invalid UTF-8 bytes replaced with U+FFFD",
                      /*skipped=*/false);
    }
    return text;
  }

  std::unique_ptr<InputSource> source_;
  InputContext context_;
  std::string default_encoding_;  // --encoding, for pages whose response names none
  std::string buffer_;
  std::size_t pos_ = 0;
  std::uint64_t offset_ = 0;  // of buffer_[pos_] in the (decompressed) WARC
  bool input_ended_ = false;
  bool done_ = false;
  bool in_page_ = false;  // a page record is being read (for an interruption's report)
  std::size_t pages_ = 0;
  std::array<std::size_t, kPassedOverNames.size()> passed_over_{};
};

}  // namespace

std::unique_ptr<RecordReader> make_warc_reader(std::unique_ptr<InputSource> source,
                                               InputContext context) {
  return std::make_unique<WarcReader>(std::move(source), std::move(context));
}

bool starts_warc(std::string_view head) { return head.starts_with("WARC/1."); }

}  // namespace bahth::readers
