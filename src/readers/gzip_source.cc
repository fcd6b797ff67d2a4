// gzip_source.cc: streaming gunzip with zlib, one member after another.
#include <zlib.h>

#include <climits>  // UINT_MAX
#include <string>   // std::string

#include "input_source.h"

namespace bahth::readers {

struct GzipDecoder::Stream {
  z_stream z{};
  bool in_member = false;  // inside a member: the input must not end here
  ~Stream() { inflateEnd(&z); }
};

GzipDecoder::GzipDecoder(RawInput& input) : input_(input), stream_(std::make_unique<Stream>()) {
  // 15 + 32: the largest window, with automatic gzip/zlib header detection.
  if (inflateInit2(&stream_->z, 15 + 32) != Z_OK) {
    throw SourceError("cannot start gzip decompression (out of memory?)");
  }
}

GzipDecoder::~GzipDecoder() = default;

std::size_t GzipDecoder::read(char* dst, std::size_t n) {
  std::size_t produced = 0;
  while (produced == 0) {
    const std::size_t got = inflate_some(dst, n);
    if (got == 0 && !stream_->in_member && input_.available().empty()) return 0;
    produced = got;
  }
  return produced;
}

// One inflate() call over the buffered input. A finished member resets the stream so that a
// following member (as `cat a.gz b.gz` makes) is read too.
std::size_t GzipDecoder::inflate_some(char* dst, std::size_t n) {
  const std::string_view in = input_.available();
  if (in.empty()) {
    if (stream_->in_member) throw SourceError("truncated gzip data (unexpected end of file)");
    return 0;
  }
  z_stream& z = stream_->z;
  stream_->in_member = true;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(std::min<std::size_t>(in.size(), UINT_MAX));
  z.next_out = reinterpret_cast<Bytef*>(dst);
  z.avail_out = static_cast<uInt>(std::min<std::size_t>(n, UINT_MAX));
  const uInt in_before = z.avail_in;
  const uInt out_before = z.avail_out;
  const int rc = inflate(&z, Z_NO_FLUSH);
  input_.consume(in_before - z.avail_in);
  const std::size_t produced = out_before - z.avail_out;
  if (rc == Z_STREAM_END) {
    inflateReset(&z);
    stream_->in_member = false;
  } else if (rc != Z_OK && !(rc == Z_BUF_ERROR && (produced > 0 || z.avail_in < in_before))) {
    throw SourceError(std::string("corrupt gzip data: ") + (z.msg != nullptr ? z.msg : "error"));
  }
  return produced;
}

}  // namespace bahth::readers
