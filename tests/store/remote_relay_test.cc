// The relay's reading of Xapian 1.4's server-to-client framing (store/remote_relay.h): lengths
// in each of their encodings, frames split anywhere between reads, and announcements over the cap
// or past 64 bits.
#include "store/remote_relay.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace bahth::store {
namespace remote_relay_test {
namespace {

// A frame as Xapian 1.4 writes it: type, length (a byte below 255, else 0xff and length - 255
// in 7-bit groups, least significant first, the last with its high bit), payload.
std::string frame(char type, const std::string& payload) {
  std::string out(1, type);
  if (payload.size() < 255) {
    out += static_cast<char>(payload.size());
  } else {
    out += static_cast<char>(0xff);
    std::uint64_t rest = payload.size() - 255;
    while (rest >= 0x80) {
      out += static_cast<char>(rest & 0x7f);
      rest >>= 7;
    }
    out += static_cast<char>(rest | 0x80);
  }
  return out + payload;
}

TEST(FrameScanner, FollowsFramesOfEveryLengthEncodingSplitAnywhere) {
  std::string stream;
  for (const std::size_t size : {0u, 1u, 254u, 255u, 256u, 382u, 383u, 20000u}) {
    stream += frame(static_cast<char>(size % 7), std::string(size, 'x'));
  }
  for (const std::size_t piece : {std::size_t{1}, std::size_t{3}, std::size_t{4096}}) {
    FrameScanner scanner(20000);
    for (std::size_t at = 0; at < stream.size(); at += piece) {
      ASSERT_TRUE(scanner.scan(stream.data() + at, std::min(piece, stream.size() - at)));
    }
    EXPECT_EQ(scanner.largest(), 20000u);
    EXPECT_FALSE(scanner.breach());
    // Still in step: a frame over the cap right after is seen as one.
    EXPECT_FALSE(scanner.scan(frame(1, std::string(20001, 'y')).data(), 8));
    ASSERT_TRUE(scanner.breach());
    EXPECT_EQ(scanner.breach()->announced, 20001u);
    EXPECT_EQ(scanner.breach()->cap, 20000u);
  }
}

TEST(FrameScanner, ALengthPastSixtyFourBitsIsOverAnyCap) {
  std::string header{'\0', static_cast<char>(0xff)};
  header.append(12, '\x7f');  // 84 bits of ones, no end mark yet
  header += static_cast<char>(0x81);
  FrameScanner scanner(std::numeric_limits<std::uint64_t>::max() - 1);
  EXPECT_FALSE(scanner.scan(header.data(), header.size()));
  ASSERT_TRUE(scanner.breach());
  EXPECT_EQ(scanner.breach()->announced, std::numeric_limits<std::uint64_t>::max());
}

}  // namespace
}  // namespace remote_relay_test
}  // namespace bahth::store
