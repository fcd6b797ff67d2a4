#include "store/remote_relay.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <system_error>
#include <vector>

namespace bahth::store {
namespace {

// Per direction: the relay's whole memory.
constexpr std::size_t kRelayBufferBytes = std::size_t{64} * 1024;

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// Without Nagle's delay: the remote protocol is a conversation of small messages (Xapian sets
// the same on its own sockets), and a relay that waited for more bytes would slow every exchange.
void no_delay(int fd) {
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

// Connects to one address within `timeout_ms`; the socket (non-blocking) or -1 with errno set.
int connect_within(const addrinfo& address, unsigned timeout_ms) {
  const int fd = ::socket(address.ai_family, address.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                          address.ai_protocol);
  if (fd < 0) return -1;
  if (::connect(fd, address.ai_addr, address.ai_addrlen) == 0) return fd;
  int error = errno;
  if (error == EINPROGRESS) {
    pollfd wait{fd, POLLOUT, 0};
    int ready = 0;
    do {
      ready = ::poll(&wait, 1, static_cast<int>(timeout_ms));
    } while (ready < 0 && errno == EINTR);
    socklen_t size = sizeof error;
    if (ready == 0) {
      error = ETIMEDOUT;
    } else if (ready < 0 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) < 0) {
      error = errno;
    }
    if (error == 0) return fd;
  }
  ::close(fd);
  errno = error;
  return -1;
}

int connect_to_server(const std::string& host, unsigned port, unsigned timeout_ms) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string where = host + ":" + std::to_string(port);
  if (const int failed = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
      failed != 0) {
    throw RelayConnectError("cannot resolve " + host + ": " + ::gai_strerror(failed));
  }
  const std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, &::freeaddrinfo);
  int error = 0;
  for (const addrinfo* address = found; address != nullptr; address = address->ai_next) {
    const int fd = connect_within(*address, timeout_ms);
    if (fd >= 0) return fd;
    error = errno;
  }
  throw RelayConnectError("cannot connect to " + where + ": " +
                          (error == ETIMEDOUT ? "no answer within " + std::to_string(timeout_ms) +
                                                    " ms (--remote-timeout)"
                                              : std::system_category().message(error)));
}

// A listening socket on 127.0.0.1 and a port the kernel chose.
int listen_on_loopback(unsigned& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::system_error(errno, std::system_category(), "relay socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) < 0 ||
      ::listen(fd, 1) < 0 || ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) < 0) {
    const int error = errno;
    ::close(fd);
    throw std::system_error(error, std::system_category(), "relay listening socket");
  }
  port = ntohs(address.sin_port);
  return fd;
}

// The bytes read from one side and not yet written to the other.
struct Pending {
  std::vector<char> bytes = std::vector<char>(kRelayBufferBytes);
  std::size_t start = 0;
  std::size_t end = 0;
  bool empty() const { return start == end; }
};

// Reads what `from` has into an empty `pending`. False when the side closed or failed.
bool fill(int from, Pending& pending) {
  const ssize_t got = ::recv(from, pending.bytes.data(), pending.bytes.size(), MSG_DONTWAIT);
  if (got == 0) return false;
  if (got < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
  pending.start = 0;
  pending.end = static_cast<std::size_t>(got);
  return true;
}

// Writes what it can of `pending` to `to`. False when that side failed.
bool drain(int to, Pending& pending) {
  const ssize_t sent = ::send(to, pending.bytes.data() + pending.start, pending.end - pending.start,
                              MSG_DONTWAIT | MSG_NOSIGNAL);
  if (sent < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
  pending.start += static_cast<std::size_t>(sent);
  return true;
}

}  // namespace

bool FrameScanner::announce(std::uint64_t length) {
  largest_ = std::max(largest_, length);
  if (length > cap_) {
    breach_ = RemoteBreach{length, cap_};
    return false;
  }
  remaining_ = length;
  state_ = length == 0 ? State::type : State::payload;
  return true;
}

bool FrameScanner::scan(const char* data, std::size_t size) {
  if (breach_) return false;
  std::size_t at = 0;
  while (at < size) {
    const auto byte = static_cast<unsigned char>(data[at]);
    switch (state_) {
      case State::type:
        state_ = State::length;
        ++at;
        break;
      case State::length:
        ++at;
        if (byte != 0xff) {
          if (!announce(byte)) return false;
        } else {
          length_ = 0;
          shift_ = 0;
          state_ = State::length_more;
        }
        break;
      case State::length_more: {
        ++at;
        const std::uint64_t group = byte & 0x7f;
        // A length past 64 bits is over any cap: saturate rather than wrap.
        if (shift_ >= 64 || (shift_ > 0 && group >> (64 - shift_)) != 0) {
          length_ = std::numeric_limits<std::uint64_t>::max();
        } else if (length_ != std::numeric_limits<std::uint64_t>::max()) {
          length_ |= group << shift_;
        }
        shift_ += 7;
        if ((byte & 0x80) != 0) {
          const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
          if (!announce(length_ > max - 255 ? max : length_ + 255)) return false;
        }
        break;
      }
      case State::payload: {
        const std::uint64_t here = std::min<std::uint64_t>(remaining_, size - at);
        remaining_ -= here;
        at += static_cast<std::size_t>(here);
        if (remaining_ == 0) state_ = State::type;
        break;
      }
    }
  }
  return true;
}

RemoteRelay::RemoteRelay(const std::string& host, unsigned port, unsigned timeout_ms,
                         std::uint64_t max_message)
    : timeout_ms_(timeout_ms), max_message_(max_message) {
  server_fd_ = connect_to_server(host, port, timeout_ms);
  no_delay(server_fd_);
  try {
    listen_fd_ = listen_on_loopback(listen_port_);
    if (::pipe2(stop_fds_, O_CLOEXEC) < 0) {
      throw std::system_error(errno, std::system_category(), "relay pipe");
    }
    thread_ = std::thread([this] { run(); });
  } catch (...) {
    close_fd(server_fd_);
    close_fd(listen_fd_);
    close_fd(stop_fds_[0]);
    close_fd(stop_fds_[1]);
    throw;
  }
}

RemoteRelay::~RemoteRelay() {
  const char stop = 's';
  [[maybe_unused]] const ssize_t written = ::write(stop_fds_[1], &stop, 1);
  thread_.join();
  close_fd(server_fd_);
  close_fd(listen_fd_);
  close_fd(client_fd_);
  close_fd(stop_fds_[0]);
  close_fd(stop_fds_[1]);
}

std::optional<RemoteBreach> RemoteRelay::breach() const {
  const std::lock_guard lock(mutex_);
  return breach_;
}

namespace {

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

bool RemoteRelay::stalled() const {
  if (stalled_) return true;
  const std::int64_t since = awaiting_since_ns_;
  const auto most_of_timeout = static_cast<std::int64_t>(timeout_ms_) * 750'000;  // 3/4, in ns
  return since != 0 && now_ns() - since >= most_of_timeout;
}

void RemoteRelay::run() {
  if (accept_client()) forward();
  // Either side gone, a breach, or stopped: the other side learns it at once.
  close_fd(client_fd_);
  close_fd(server_fd_);
}

// Waits (up to the timeout) for the one client: the Xapian connection opened right after the
// relay started.
bool RemoteRelay::accept_client() {
  pollfd waits[2] = {{stop_fds_[0], POLLIN, 0}, {listen_fd_, POLLIN, 0}};
  int ready = 0;
  do {
    ready = ::poll(waits, 2, static_cast<int>(timeout_ms_));
  } while (ready < 0 && errno == EINTR);
  if (ready <= 0 || waits[0].revents != 0) return false;
  client_fd_ = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
  close_fd(listen_fd_);  // accepted once: nobody else may join the conversation
  if (client_fd_ < 0) return false;
  no_delay(client_fd_);
  return true;
}

// Forwards until a side closes or fails, the server breaks the cap or leaves a request
// unanswered for the timeout (--remote-timeout: a shard stalled in mid-search, named then rather
// than after the client's retries), or the relay is stopped.
void RemoteRelay::forward() {
  Pending to_server;
  Pending to_client;
  FrameScanner scanner(max_message_);
  while (true) {
    const auto want = [](bool read, bool write) {
      return static_cast<short>((read ? POLLIN : 0) | (write ? POLLOUT : 0));
    };
    pollfd waits[3] = {
        {stop_fds_[0], POLLIN, 0},
        {client_fd_, want(to_server.empty(), !to_client.empty()), 0},
        {server_fd_, want(to_client.empty(), !to_server.empty()), 0},
    };
    int wait_ms = -1;
    if (const std::int64_t since = awaiting_since_ns_; since != 0) {
      const std::int64_t left_ns =
          static_cast<std::int64_t>(timeout_ms_) * 1'000'000 - (now_ns() - since);
      if (left_ns <= 0) {
        stalled_ = true;
        return;
      }
      wait_ms = static_cast<int>(left_ns / 1'000'000) + 1;
    }
    const int ready = ::poll(waits, 3, wait_ms);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (ready == 0) continue;  // the timeout is checked above
    if (waits[0].revents != 0) return;
    const short client = waits[1].revents;
    const short server = waits[2].revents;
    if ((client & POLLOUT) != 0 && !drain(client_fd_, to_client)) return;
    if ((server & POLLOUT) != 0 && !drain(server_fd_, to_server)) return;
    if ((client & (POLLIN | POLLHUP | POLLERR)) != 0) {
      if (!to_server.empty() || !fill(client_fd_, to_server)) return;
      if (awaiting_since_ns_ == 0) awaiting_since_ns_ = now_ns();
    }
    if ((server & (POLLIN | POLLHUP | POLLERR)) != 0) {
      if (!to_client.empty() || !fill(server_fd_, to_client)) return;
      awaiting_since_ns_ = 0;  // the server answers
      if (!scanner.scan(to_client.bytes.data() + to_client.start,
                        to_client.end - to_client.start)) {
        const std::lock_guard lock(mutex_);
        breach_ = scanner.breach();
        return;
      }
    }
  }
}

}  // namespace bahth::store
