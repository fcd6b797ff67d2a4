// decompress.cc: streaming gzip (zlib), xz (liblzma), zstd and bzip2 (libbz2), one member, frame
// or stream after another, a chunk at a time.
#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>  // std::min
#include <climits>    // UINT_MAX
#include <string>     // std::string

#include "input_source.h"

namespace bahth::readers {

void Decompressor::corrupt(std::size_t consumed, std::string_view detail) const {
  throw SourceError("corrupt " + std::string(name_) + " data near compressed byte " +
                    std::to_string(input_.position() + consumed) + ": " + std::string(detail));
}

// The one loop every library shares: feed what is buffered, hand out what came out, and tell a
// clean end (after a whole member) from a cut one. A call that neither reads nor writes nor ends
// a member, with input left, would loop for ever: the data is corrupt.
std::size_t Decompressor::read(char* dst, std::size_t n) {
  if (n == 0) return 0;
  for (;;) {
    input_.check_stop();  // a call may inflate a few bytes of a bomb into a chunk of output
    const std::string_view in = input_.available();
    const bool at_end = in.empty();
    if (at_end && !in_member_) return 0;
    in_member_ = true;
    const Step step = decode(in, dst, n, at_end);
    input_.consume(step.consumed);
    if (step.member_ended) in_member_ = false;
    if (step.produced > 0) return step.produced;
    if (at_end && in_member_) {
      throw SourceError("truncated " + std::string(name_) + " data (unexpected end of file)");
    }
    if (!at_end && step.consumed == 0 && !step.member_ended)
      corrupt(0, "the decoder made no progress");
  }
}

namespace {

unsigned int clamp_uint(std::size_t n) {
  return static_cast<unsigned int>(std::min<std::size_t>(n, UINT_MAX));
}

// gzip members (and zlib streams): a finished member resets the stream, so that the next (as
// `cat a.gz b.gz` makes) is read too.
class GzipDecompressor final : public Decompressor {
 public:
  explicit GzipDecompressor(RawInput& input) : Decompressor(input, "gzip") {
    // 15 + 32: the largest window, with automatic gzip/zlib header detection.
    if (inflateInit2(&z_, 15 + 32) != Z_OK) {
      throw SourceError("cannot start gzip decompression (out of memory?)");
    }
  }
  ~GzipDecompressor() override { inflateEnd(&z_); }

 private:
  Step decode(std::string_view in, char* dst, std::size_t n, bool /*at_end*/) override {
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z_.avail_in = clamp_uint(in.size());
    z_.next_out = reinterpret_cast<Bytef*>(dst);
    z_.avail_out = clamp_uint(n);
    const uInt in_before = z_.avail_in;
    const uInt out_before = z_.avail_out;
    const int rc = inflate(&z_, Z_NO_FLUSH);
    const Step step{in_before - z_.avail_in, out_before - z_.avail_out, rc == Z_STREAM_END};
    if (rc == Z_STREAM_END) {
      inflateReset(&z_);
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {  // Z_BUF_ERROR: no progress, judged by read()
      corrupt(step.consumed, z_.msg != nullptr ? z_.msg : "error");
    }
    return step;
  }

  z_stream z_{};
};

// xz streams, concatenated ones and stream padding included (LZMA_CONCATENATED); the end is
// known only once the input ends (LZMA_FINISH).
class XzDecompressor final : public Decompressor {
 public:
  explicit XzDecompressor(RawInput& input) : Decompressor(input, "xz") {
    if (lzma_stream_decoder(&z_, kXzMemoryLimit, LZMA_CONCATENATED) != LZMA_OK) {
      throw SourceError("cannot start xz decompression (out of memory?)");
    }
  }
  ~XzDecompressor() override { lzma_end(&z_); }

 private:
  Step decode(std::string_view in, char* dst, std::size_t n, bool at_end) override {
    z_.next_in = reinterpret_cast<const std::uint8_t*>(in.data());
    z_.avail_in = in.size();
    z_.next_out = reinterpret_cast<std::uint8_t*>(dst);
    z_.avail_out = n;
    const lzma_ret rc = lzma_code(&z_, at_end ? LZMA_FINISH : LZMA_RUN);
    const Step step{in.size() - z_.avail_in, n - z_.avail_out, rc == LZMA_STREAM_END};
    switch (rc) {
      case LZMA_OK:
      case LZMA_STREAM_END:
      case LZMA_BUF_ERROR:  // no progress (a cut stream at LZMA_FINISH): judged by read()
        return step;
      case LZMA_MEMLIMIT_ERROR:
        corrupt(step.consumed, "needs " + std::to_string(lzma_memusage(&z_) >> 20) +
                                   " MiB to decompress, over " + "the limit of " +
                                   std::to_string(kXzMemoryLimit >> 20) + " MiB");
      case LZMA_FORMAT_ERROR:
        corrupt(step.consumed, "not an xz stream");
      case LZMA_OPTIONS_ERROR:
        corrupt(step.consumed, "unsupported options");
      case LZMA_DATA_ERROR:
        corrupt(step.consumed, "data error");
      case LZMA_MEM_ERROR:
        throw SourceError("xz decompression: out of memory");
      default:
        corrupt(step.consumed, "error " + std::to_string(static_cast<int>(rc)));
    }
  }

  lzma_stream z_ = LZMA_STREAM_INIT;
};

// zstd frames, one after another (and skippable frames); ZSTD_decompressStream returns 0 exactly
// when a frame is whole and flushed. The window is capped at zstd's default (2^27 bytes): a frame
// that needs more (--long=31) is refused, not allocated.
class ZstdDecompressor final : public Decompressor {
 public:
  explicit ZstdDecompressor(RawInput& input) : Decompressor(input, "zstd") {
    if (stream_ == nullptr) throw SourceError("cannot start zstd decompression (out of memory?)");
  }
  ~ZstdDecompressor() override { ZSTD_freeDStream(stream_); }

 private:
  // On an error zstd says nothing of where it was: it is given a slice at a time, and the end
  // of the slice is named (zstd stops at the block that is bad, within a slice of it).
  static constexpr std::size_t kSliceBytes = 32u << 10;

  Step decode(std::string_view in, char* dst, std::size_t n, bool /*at_end*/) override {
    ZSTD_inBuffer source{in.data(), std::min(in.size(), kSliceBytes), 0};
    ZSTD_outBuffer target{dst, n, 0};
    const std::size_t rc = ZSTD_decompressStream(stream_, &target, &source);
    if (ZSTD_isError(rc) != 0) corrupt(source.size, ZSTD_getErrorName(rc));
    return Step{source.pos, target.pos, rc == 0};
  }

  ZSTD_DStream* stream_ = ZSTD_createDStream();
};

// bzip2 streams; a finished one starts the decoder again for the next (pbzip2 writes many).
class Bzip2Decompressor final : public Decompressor {
 public:
  explicit Bzip2Decompressor(RawInput& input) : Decompressor(input, "bzip2") { start(); }
  ~Bzip2Decompressor() override { BZ2_bzDecompressEnd(&z_); }

 private:
  void start() {
    if (BZ2_bzDecompressInit(&z_, 0, 0) != BZ_OK) {
      throw SourceError("cannot start bzip2 decompression (out of memory?)");
    }
  }

  Step decode(std::string_view in, char* dst, std::size_t n, bool /*at_end*/) override {
    z_.next_in = const_cast<char*>(in.data());
    z_.avail_in = clamp_uint(in.size());
    z_.next_out = dst;
    z_.avail_out = clamp_uint(n);
    const unsigned int in_before = z_.avail_in;
    const unsigned int out_before = z_.avail_out;
    const int rc = BZ2_bzDecompress(&z_);
    const Step step{in_before - z_.avail_in, out_before - z_.avail_out, rc == BZ_STREAM_END};
    if (rc == BZ_STREAM_END) {
      BZ2_bzDecompressEnd(&z_);
      z_ = bz_stream{};
      start();
    } else if (rc == BZ_DATA_ERROR_MAGIC) {
      corrupt(step.consumed, "not a bzip2 stream");
    } else if (rc == BZ_MEM_ERROR) {
      throw SourceError("bzip2 decompression: out of memory");
    } else if (rc != BZ_OK) {
      corrupt(step.consumed, "data error");
    }
    return step;
  }

  bz_stream z_{};
};

bool has_xz_magic(std::string_view head) {
  return head.starts_with(
      std::string_view("\xfd"
                       "7zXZ\x00",
                       6));
}

bool has_zstd_magic(std::string_view head) { return head.starts_with("\x28\xb5\x2f\xfd"); }

// "BZh", the block size digit, then the first block's magic (or, for an empty stream, the end of
// stream magic): ten bytes, so that a text starting with "BZh" stays a text.
bool has_bzip2_magic(std::string_view head) {
  return head.size() >= 10 && head.starts_with("BZh") && head[3] >= '1' && head[3] <= '9' &&
         (head.substr(4, 6) == "\x31\x41\x59\x26\x53\x59" ||
          head.substr(4, 6) == "\x17\x72\x45\x38\x50\x90");
}

}  // namespace

bool has_gzip_magic(std::string_view head) {
  return head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
         static_cast<unsigned char>(head[1]) == 0x8b;
}

std::unique_ptr<Decompressor> make_decompressor(std::string_view head, RawInput& input) {
  if (has_gzip_magic(head)) return std::make_unique<GzipDecompressor>(input);
  if (has_xz_magic(head)) return std::make_unique<XzDecompressor>(input);
  if (has_zstd_magic(head)) return std::make_unique<ZstdDecompressor>(input);
  if (has_bzip2_magic(head)) return std::make_unique<Bzip2Decompressor>(input);
  return nullptr;
}

}  // namespace bahth::readers
