// store/remote_relay: a byte relay between Xapian's remote client and a remote shard that caps
// the size of the messages the server may send.
//
// Xapian 1.4's remote client reads a message whole before looking at it: a server announcing a
// 2 GB message makes it hold the 2 GB it streams, then copy them (4 GB before std::bad_alloc).
// So the client never talks to the server directly: it connects to a relay listening on
// 127.0.0.1 (an ephemeral port, accepted once), which connects to the server and forwards bytes
// both ways. Server to client, it follows the framing of the remote protocol as the bytes pass
// (one type byte, the payload's length in Xapian's length encoding, the payload) without holding
// a message: when a frame announces more than the cap, it closes both sides and records the
// breach; the client then sees the connection drop (Xapian::NetworkError).
//
// Plain socket code: nothing here knows Xapian's API, only its wire format.
#ifndef BAHTH_STORE_REMOTE_RELAY_H_
#define BAHTH_STORE_REMOTE_RELAY_H_

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "bahth/non_copyable.h"

namespace bahth::store {

/// The default cap on one message from a remote shard: far above the largest message a real
/// search of the bundled corpora makes (docs/reliability.md has the measurement).
inline constexpr std::uint64_t kDefaultRemoteMaxMessage = 64ull << 20;  // 64 MiB

/// A server that sent a frame announcing more than the cap.
struct RemoteBreach {
  std::uint64_t announced = 0;  // the announced length (saturated when it overflows 64 bits)
  std::uint64_t cap = 0;
};

/// The server could not be reached (resolving, connecting, or in time).
class RelayConnectError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Reads Xapian 1.4's server-to-client framing one byte at a time, keeping only a few counters:
/// a type byte; a length byte, or 0xff followed by 7-bit groups (least significant first, the
/// last one marked by its high bit) of length - 255; then the payload.
class FrameScanner {
 public:
  explicit FrameScanner(std::uint64_t cap) : cap_(cap) {}

  /// Follows `size` bytes of the stream. False (and breach() set) when a frame announces more
  /// than the cap.
  bool scan(const char* data, std::size_t size);

  const std::optional<RemoteBreach>& breach() const { return breach_; }
  /// The largest payload announced so far.
  std::uint64_t largest() const { return largest_; }

 private:
  enum class State { type, length, length_more, payload };
  bool announce(std::uint64_t length);

  std::uint64_t cap_;
  State state_ = State::type;
  std::uint64_t length_ = 0;     // the length being decoded
  unsigned shift_ = 0;           // of the next 7-bit group
  std::uint64_t remaining_ = 0;  // payload bytes still to pass
  std::uint64_t largest_ = 0;
  std::optional<RemoteBreach> breach_;
};

/// One relay: connects to HOST:PORT when constructed (RelayConnectError when it cannot within
/// `timeout_ms`), then listens on 127.0.0.1:port() for one client and forwards in a thread of
/// its own until either side closes, a frame breaks the cap, or the relay is destroyed (which
/// stops the thread and closes every socket).
class RemoteRelay : NonCopyable {
 public:
  RemoteRelay(const std::string& host, unsigned port, unsigned timeout_ms,
              std::uint64_t max_message);
  ~RemoteRelay();

  /// The loopback port the client connects to.
  unsigned port() const { return listen_port_; }

  /// Set once a frame from the server broke the cap (the relay has closed both sides).
  std::optional<RemoteBreach> breach() const;

  /// True once the server left a request of the client unanswered for the timeout (the relay
  /// then closes both sides), or for most of it: a shard that stalls in mid-search, which the
  /// client's own timer may notice first.
  bool stalled() const;

 private:
  void run();
  bool accept_client();
  void forward();

  unsigned timeout_ms_;
  std::uint64_t max_message_;
  int server_fd_ = -1;
  int listen_fd_ = -1;
  int client_fd_ = -1;
  int stop_fds_[2] = {-1, -1};  // a pipe: writing to it stops the thread
  unsigned listen_port_ = 0;
  mutable std::mutex mutex_;
  std::optional<RemoteBreach> breach_;  // guarded by mutex_
  // Since when the server owes the client an answer (steady clock, ns; 0: it owes none), and
  // whether the relay gave up waiting.
  std::atomic<std::int64_t> awaiting_since_ns_{0};
  std::atomic<bool> stalled_{false};
  std::thread thread_;
};

}  // namespace bahth::store

#endif  // BAHTH_STORE_REMOTE_RELAY_H_
