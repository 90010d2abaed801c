// smtp/server/smtp_test_client.hpp — test-only: a blocking SMTP client on a loopback socket that
// reads whole replies, and switches to TLS (OpenSSL, trusting the committed test CA) for STARTTLS
// or implicit TLS. Every read and write is bounded by kGuard (poll and socket timeouts), a failure
// guard, never a pause. Not thread-safe.
#pragma once

#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <netinet/in.h>
#include <openssl/ssl.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "http/tls_test_files.hpp"

namespace graphpost::smtp::testing {

inline constexpr auto kGuard = std::chrono::seconds(10);

class SmtpTestClient {
 public:
  explicit SmtpTestClient(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    timeval guard{.tv_sec = kGuard.count(), .tv_usec = 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &guard, sizeof guard);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &guard, sizeof guard);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~SmtpTestClient() {
    if (ssl_ != nullptr) SSL_free(ssl_);
    if (ctx_ != nullptr) SSL_CTX_free(ctx_);
    if (fd_ >= 0) ::close(fd_);
  }
  SmtpTestClient(const SmtpTestClient&) = delete;
  SmtpTestClient& operator=(const SmtpTestClient&) = delete;

  bool connected() const { return connected_; }
  bool closed() const { return closed_; }
  bool tls() const { return ssl_ != nullptr; }

  // False once the peer is gone.
  bool Send(std::string_view data) {
    while (!data.empty()) {
      const int n = ssl_ != nullptr ? SSL_write(ssl_, data.data(), static_cast<int>(data.size()))
                                    : static_cast<int>(::send(fd_, data.data(), data.size(),
                                                              MSG_NOSIGNAL));
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // One complete reply (every line up to the one whose code is followed by a space), or what
  // arrived before the peer closed or the guard ran out.
  std::string ReadReply() {
    const auto end = std::chrono::steady_clock::now() + kGuard;
    while (true) {
      if (std::size_t reply_end = CompleteReply(); reply_end != 0) {
        std::string reply = buffer_.substr(0, reply_end);
        buffer_.erase(0, reply_end);
        return reply;
      }
      if (closed_ || std::chrono::steady_clock::now() >= end) return std::exchange(buffer_, {});
      ReadSome(std::chrono::milliseconds(100));
    }
  }

  // Sends `line` + CRLF and reads the reply.
  std::string Command(std::string_view line) {
    Send(std::string(line) + "\r\n");
    return ReadReply();
  }

  // Everything until the peer closes (or the guard runs out).
  std::string ReadUntilClosed() {
    const auto end = std::chrono::steady_clock::now() + kGuard;
    while (!closed_ && std::chrono::steady_clock::now() < end) {
      ReadSome(std::chrono::milliseconds(100));
    }
    return std::exchange(buffer_, {});
  }

  // True when nothing arrives within `wait` (the connection stays quiet and open).
  bool QuietFor(std::chrono::milliseconds wait) {
    ReadSome(wait);
    return buffer_.empty() && !closed_;
  }

  // The TLS handshake on this connection, verifying the server's certificate against the test
  // CA for "localhost". False when it fails.
  bool StartTls() {
    ctx_ = SSL_CTX_new(TLS_client_method());
    const std::string ca = http::testing::TestDataPath("tls_ca.pem");
    if (SSL_CTX_load_verify_locations(ctx_, ca.c_str(), nullptr) != 1) return false;
    SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
    ssl_ = SSL_new(ctx_);
    SSL_set1_host(ssl_, "localhost");
    SSL_set_fd(ssl_, fd_);
    return SSL_connect(ssl_) == 1;
  }

 private:
  // The end of the first complete reply in buffer_, or 0.
  std::size_t CompleteReply() const {
    std::size_t start = 0;
    while (true) {
      const std::size_t eol = buffer_.find("\r\n", start);
      if (eol == std::string::npos) return 0;
      if (eol - start >= 4 && buffer_[start + 3] == ' ') return eol + 2;
      if (eol - start == 3) return eol + 2;  // a bare code
      start = eol + 2;
    }
  }

  void ReadSome(std::chrono::milliseconds wait) {
    if (closed_) return;
    if (ssl_ == nullptr || SSL_pending(ssl_) == 0) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(wait.count())) <= 0) return;
    }
    char chunk[4096];
    const int n = ssl_ != nullptr ? SSL_read(ssl_, chunk, sizeof chunk)
                                  : static_cast<int>(::recv(fd_, chunk, sizeof chunk, 0));
    if (n <= 0) {
      closed_ = true;
      return;
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }

  int fd_;
  bool connected_ = false;
  bool closed_ = false;
  std::string buffer_;
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
};

}  // namespace graphpost::smtp::testing
