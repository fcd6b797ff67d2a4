// reader_test_support.cc: temporary files, gzip and a collecting reporter for the tests.
#include "reader_test_support.h"

#include <bzlib.h>
#include <gtest/gtest.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include <filesystem>  // std::filesystem
#include <fstream>     // std::ofstream
#include <stdexcept>   // std::runtime_error

namespace bahth::testing {

ReadResult read_content(const std::string& name, const std::string& content,
                        const ReaderOptions& options) {
  const std::string path = fresh_test_dir() + "/" + name;
  write_file(path, content);
  return read_inputs({path}, options);
}

ReadResult read_inputs(const std::vector<std::string>& inputs, const ReaderOptions& options) {
  CollectingReporter reporter;
  ArticleStream stream(inputs, options, reporter);
  ReadResult result;
  result.bytes_total = stream.bytes_total();
  Article article;
  while (stream.next(article)) result.articles.push_back(article);
  result.problems = reporter.problems;
  result.records_seen = stream.records_seen();
  result.bytes_read = stream.bytes_read();
  return result;
}

std::string fresh_test_dir() {
  const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "bahth_readers" /
                                    test->test_suite_name() / test->name();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

void write_file(const std::string& path, std::string_view bytes) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string gzip(std::string_view data) {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
  return out;
}

std::string xz(std::string_view data, int level) {
  std::string out(lzma_stream_buffer_bound(data.size()), '\0');
  std::size_t written = 0;
  if (lzma_easy_buffer_encode(static_cast<std::uint32_t>(level), LZMA_CHECK_CRC64, nullptr,
                              reinterpret_cast<const std::uint8_t*>(data.data()), data.size(),
                              reinterpret_cast<std::uint8_t*>(out.data()), &written,
                              out.size()) != LZMA_OK) {
    throw std::runtime_error("xz encoding failed");
  }
  out.resize(written);
  return out;
}

std::string zstd(std::string_view data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const std::size_t written = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
  if (ZSTD_isError(written) != 0) throw std::runtime_error("zstd encoding failed");
  out.resize(written);
  return out;
}

std::string bzip2(std::string_view data) {
  std::string out(data.size() + data.size() / 100 + 600, '\0');
  auto written = static_cast<unsigned int>(out.size());
  if (BZ2_bzBuffToBuffCompress(out.data(), &written, const_cast<char*>(data.data()),
                               static_cast<unsigned int>(data.size()), 9, 0, 0) != BZ_OK) {
    throw std::runtime_error("bzip2 encoding failed");
  }
  out.resize(written);
  return out;
}

std::string describe(const std::vector<ReadProblem>& problems) {
  std::string text;
  for (const ReadProblem& p : problems) {
    text += p.path + ":" + std::to_string(p.line) + ": " + p.reason +
            (p.skipped ? " (skipped)\n" : " (kept)\n");
  }
  return text;
}

}  // namespace bahth::testing
