// smtp/server/internal/connection.hpp — one accepted SMTP connection: runs its smtp::Session over
// the socket (TLS from the first byte on implicit-TLS listeners, or after STARTTLS), writes each
// step's replies, arms the idle / DATA timer while reading, calls the Authenticator and the
// SubmissionSink and hands their answers back on its strand, and logs one record when it ends.
// An idle plain connection holds no read buffer: it waits for readability and reads into a buffer
// of the I/O thread. Private to smtp/server. Not thread-safe: every method but RequestStop() runs
// on the connection's strand; the connection keeps itself alive through its pending handlers and
// the server's registry.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>

#include "smtp/server/internal/server_context.hpp"
#include "smtp/session.hpp"

namespace graphpost::smtp::internal {

// The client end of an accepted socket; an IPv4-mapped IPv6 address is shown as IPv4.
Peer PeerOf(const boost::asio::ip::tcp::socket& socket);

// A short random id for logs: 12 hex digits.
std::string NewSessionId(Random& random);

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  // `socket`'s executor must be a strand of its own; `context` outlives the connection.
  Connection(boost::asio::ip::tcp::socket socket, const ServerContext& context, bool implicit_tls,
             Peer peer, std::string session_id);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Serves the session (after the registry admitted the connection). Any thread.
  void Start();
  // Answers "421 4.7.0 too many connections" (after the TLS handshake on an implicit-TLS
  // listener) and closes, without a session. Any thread.
  void StartRefusal();
  // Ends the session with "421 4.3.2" at the next opportunity: at once when it waits for the
  // client, after the answer when it waits for a port. Any thread.
  void RequestStop();

  const Peer& peer() const { return peer_; }

 private:
  enum class Wait { kRead, kWrite, kHandshake };
  enum class AfterHandshake { kGreet, kTlsStarted, kRefuse };

  void Serve();
  void Proceed(Step step);
  void Act();
  void EndForStop();

  void Read();
  void WaitReadable();
  void OnReadable(boost::system::error_code ec);
  void OnRead(boost::system::error_code ec, std::string_view bytes);

  void Handshake(AfterHandshake then);
  void OnHandshake(boost::system::error_code ec, AfterHandshake then);

  void Authenticate();
  void OnAuthenticated(Result<Principal> principal);
  void Submit();
  void OnSubmitted(Reply reply);
  // Runs `then(self, value)` on the strand, from a port's callback on any thread, unless the
  // server stopped meanwhile.
  template <class Value, class Then>
  auto BackOnStrand(Then then);

  void ArmReadTimer();
  void ArmTimer(Wait wait, std::chrono::steady_clock::duration after);
  void ArmTimerUntil(Wait wait, std::chrono::steady_clock::time_point deadline);
  void WaitForDeadline();
  void DisarmTimer();
  void OnTimer();
  std::chrono::steady_clock::duration WriteTimeout() const;

  void Close(std::string_view reason);
  void LogEnd();
  boost::asio::ip::tcp::socket& Socket();

  const ServerContext& context_;
  const boost::asio::any_io_executor executor_;  // the connection's strand
  boost::asio::ip::tcp::socket socket_;          // moved into tls_ once TLS starts
  std::optional<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>> tls_;
  boost::asio::steady_timer timer_;
  const Peer peer_;
  const std::string session_id_;
  const bool implicit_tls_;
  std::unique_ptr<Session> session_;  // null while refusing
  Step step_;                         // the step being carried out; its output being written
  // TLS records are decrypted into this (allocated when TLS starts); plain reads use the
  // I/O thread's buffer instead.
  std::unique_ptr<std::array<char, 4096>> tls_read_buffer_;
  std::chrono::steady_clock::time_point deadline_;      // of the armed wait
  std::chrono::steady_clock::time_point timer_expiry_;  // of the Asio timer's pending wait
  // The idle deadline and the session's command count when it was set (-1: set it anew).
  std::chrono::steady_clock::time_point idle_deadline_;
  int idle_commands_ = -1;
  bool timer_armed_ = false;    // a wait (read, write, handshake) is bounded by deadline_
  bool timer_pending_ = false;  // the Asio timer has a wait outstanding
  Wait waiting_ = Wait::kRead;
  bool reading_ = false;
  bool refusing_ = false;
  bool stop_requested_ = false;
  bool closed_ = false;
  std::string end_reason_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace graphpost::smtp::internal
