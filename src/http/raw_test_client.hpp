// http/raw_test_client.hpp — test-only: a blocking loopback TCP client for driving the server
// byte by byte (slow, partial or malformed requests) and reading with deadlines. Reads wait on the
// socket (poll) and never sleep; kGuard bounds every wait as a failure guard. Not thread-safe.
#pragma once

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include <netinet/in.h>
#include <sys/socket.h>

namespace graphpost::http::testing {

inline constexpr auto kGuard = std::chrono::seconds(10);

class RawClient {
 public:
  explicit RawClient(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawClient() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawClient(RawClient&& other) noexcept
      : fd_(std::exchange(other.fd_, -1)), connected_(other.connected_), closed_(other.closed_) {}
  RawClient& operator=(RawClient&&) = delete;

  bool connected() const { return connected_; }
  int fd() const { return fd_; }
  bool closed() const { return closed_; }

  // False once the peer is gone.
  bool Send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // Returns what arrives first within `wait` (or nothing); sets closed() on EOF or reset.
  std::string ReadFor(std::chrono::milliseconds wait) {
    std::string out;
    const auto end = std::chrono::steady_clock::now() + wait;
    while (!closed_) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          end - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      ReadAvailable(out);
      if (!out.empty()) break;
    }
    return out;
  }

  // Reads until `needle` has arrived, the peer closed, or the guard ran out.
  std::string ReadUntil(std::string_view needle) {
    std::string out;
    const auto end = std::chrono::steady_clock::now() + kGuard;
    while (!closed_ && out.find(needle) == std::string::npos &&
           std::chrono::steady_clock::now() < end) {
      out += ReadFor(std::chrono::milliseconds(50));
    }
    return out;
  }

  // Reads until the peer closes (or the guard runs out).
  std::string ReadUntilClosed() {
    std::string out;
    const auto end = std::chrono::steady_clock::now() + kGuard;
    while (!closed_ && std::chrono::steady_clock::now() < end)
      out += ReadFor(std::chrono::milliseconds(50));
    return out;
  }

  // Reads without blocking; for poll loops that watch many clients.
  void ReadAvailable(std::string& out) {
    char buf[4096];
    ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
    if (n > 0) {
      out.append(buf, static_cast<std::size_t>(n));
    } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
      closed_ = true;
    }
  }

 private:
  int fd_;
  bool connected_ = false;
  bool closed_ = false;
};

}  // namespace graphpost::http::testing
