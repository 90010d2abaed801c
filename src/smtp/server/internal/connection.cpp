// Connection: the session's steps carried out on a socket. Every handler runs on the connection's
// strand; `closed_` and the timer generation turn late completions into no-ops.
#include "smtp/server/internal/connection.hpp"

#include <algorithm>
#include <utility>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/write.hpp>
#include <openssl/ssl.h>

#include "http/tls_server_context.hpp"
#include "smtp/server/internal/connection_registry.hpp"

namespace graphpost::smtp::internal {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;
using tcp = asio::ip::tcp;

// Plain reads go through one buffer per I/O thread: a connection holds none while it waits.
constexpr std::size_t kPlainReadChunk = 16 * 1024;
// The TLS handshake must finish within this (or the idle timeout, if shorter).
constexpr auto kHandshakeTimeout = std::chrono::seconds(30);
// Once Stop() began, a client gets this long to take its last reply.
constexpr auto kStopWriteTimeout = std::chrono::seconds(2);

bool IsClientGone(const error_code& ec) {
  return ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::ssl::error::stream_truncated;
}

}  // namespace

Peer PeerOf(const tcp::socket& socket) {
  Peer peer;
  error_code ec;
  const tcp::endpoint endpoint = socket.remote_endpoint(ec);
  if (ec) return peer;
  asio::ip::address address = endpoint.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
  }
  peer.address = address.to_string();
  peer.port = endpoint.port();
  peer.loopback = address.is_loopback();
  return peer;
}

std::string NewSessionId(Random& random) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (unsigned char byte : random.Bytes(6)) {
    id += kHex[byte >> 4];
    id += kHex[byte & 0xf];
  }
  return id;
}

Connection::Connection(tcp::socket socket, const ServerContext& context, bool implicit_tls,
                       Peer peer, std::string session_id)
    : context_(context),
      executor_(socket.get_executor()),
      socket_(std::move(socket)),
      timer_(executor_),
      peer_(std::move(peer)),
      session_id_(std::move(session_id)),
      implicit_tls_(implicit_tls) {}

Connection::~Connection() = default;

void Connection::Start() {
  asio::dispatch(executor_, [self = shared_from_this()] { self->Serve(); });
}

void Connection::StartRefusal() {
  asio::dispatch(executor_, [self = shared_from_this()] {
    self->refusing_ = true;
    if (self->implicit_tls_) return self->Handshake(AfterHandshake::kRefuse);
    self->Proceed({.output = "421 4.7.0 " + self->context_.config.hostname +
                             " too many connections, try again later\r\n",
                   .next = Next::kClose});
  });
}

void Connection::RequestStop() {
  asio::dispatch(executor_, [self = shared_from_this()] {
    self->stop_requested_ = true;
    if (!self->reading_ || self->closed_) return;  // Act() sees the flag after the current step
    self->reading_ = false;
    self->DisarmTimer();
    self->EndForStop();
  });
}

void Connection::Serve() {
  started_ = context_.clock.MonotonicNow();
  const ServerConfig& config = context_.config;
  SessionConfig session_config{.hostname = config.hostname,
                               .limits = config.limits,
                               .tls_available = context_.deps.tls != nullptr,
                               .tls_active = implicit_tls_,
                               .auth_without_tls = context_.deps.access.AuthWithoutTls(peer_),
                               .anonymous = context_.deps.access.Anonymous(peer_)};
  session_ = std::make_unique<Session>(std::move(session_config), peer_, session_id_);
  error_code ec;
  socket_.set_option(tcp::no_delay(true), ec);  // replies are small and awaited one by one
  socket_.non_blocking(true, ec);               // plain reads are read_some after readiness
  if (implicit_tls_) return Handshake(AfterHandshake::kGreet);
  Proceed(session_->Start());
}

// Writes the step's replies, then does what it says.
void Connection::Proceed(Step step) {
  step_ = std::move(step);
  if (step_.output.empty()) return Act();
  ArmTimer(Wait::kWrite, WriteTimeout());
  auto written = [self = shared_from_this()](error_code ec, std::size_t) {
    self->DisarmTimer();
    if (self->closed_) return;
    if (ec) return self->Close(IsClientGone(ec) ? "client_closed" : "write_failed");
    self->Act();
  };
  if (tls_) {
    asio::async_write(*tls_, asio::buffer(step_.output), std::move(written));
  } else {
    asio::async_write(socket_, asio::buffer(step_.output), std::move(written));
  }
}

void Connection::Act() {
  switch (step_.next) {
    case Next::kRead:
      return stop_requested_ ? EndForStop() : Read();
    case Next::kStartTls:
      return stop_requested_ ? Close("shutdown") : Handshake(AfterHandshake::kTlsStarted);
    case Next::kAuthenticate:
      return stop_requested_ ? EndForStop() : Authenticate();
    case Next::kSubmit:
      // A message that was not handed over yet is not accepted after Stop(); the client
      // keeps it and retries.
      return stop_requested_ ? EndForStop() : Submit();
    case Next::kClose:
      if (!refusing_ && step_.output.rfind("221", 0) == 0) return Close("quit");
      return Close(refusing_ ? "refused" : "session_ended");
  }
}

void Connection::EndForStop() {
  end_reason_ = "shutdown";
  Proceed(session_->ShuttingDown());
}

// --- Reading ---

void Connection::Read() {
  reading_ = true;
  ArmReadTimer();
  if (!tls_) return WaitReadable();
  if (!tls_read_buffer_) tls_read_buffer_ = std::make_unique<std::array<char, 4096>>();
  tls_->async_read_some(asio::buffer(*tls_read_buffer_),
                        [self = shared_from_this()](error_code ec, std::size_t n) {
                          self->OnRead(ec, std::string_view(self->tls_read_buffer_->data(), n));
                        });
}

// The DATA deadline moves on every read (any content byte is progress). The idle deadline moves
// only once the session completed a command or answered (the step just carried out wrote a
// reply): bytes without a line end do not keep a session open (slowloris).
void Connection::ArmReadTimer() {
  const SessionLimits& limits = context_.config.limits;
  if (session_->in_data()) {
    idle_commands_ = -1;  // after the message the idle wait starts afresh
    return ArmTimer(Wait::kRead, limits.data_timeout);
  }
  const int commands = session_->counters().commands;
  if (commands != idle_commands_ || !step_.output.empty()) {
    idle_commands_ = commands;
    idle_deadline_ = context_.clock.MonotonicNow() + limits.idle_timeout;
  }
  ArmTimerUntil(Wait::kRead, idle_deadline_);
}

void Connection::WaitReadable() {
  socket_.async_wait(tcp::socket::wait_read,
                     [self = shared_from_this()](error_code ec) { self->OnReadable(ec); });
}

void Connection::OnReadable(error_code ec) {
  if (!reading_ || closed_) return;
  if (ec) return OnRead(ec, {});
  thread_local std::array<char, kPlainReadChunk> chunk;
  const std::size_t n = socket_.read_some(asio::buffer(chunk), ec);
  if (ec == asio::error::would_block || ec == asio::error::try_again) return WaitReadable();
  OnRead(ec, std::string_view(chunk.data(), n));
}

void Connection::OnRead(error_code ec, std::string_view bytes) {
  if (!reading_ || closed_) return;  // timed out or stopped meanwhile
  reading_ = false;
  DisarmTimer();
  if (ec) return Close(IsClientGone(ec) ? "client_closed" : "read_failed");
  Proceed(session_->Feed(bytes));
}

// --- TLS ---

void Connection::Handshake(AfterHandshake then) {
  tls_.emplace(std::move(socket_), context_.deps.tls->native());
  // Idle TLS connections give OpenSSL's record buffers back between reads.
  SSL_set_mode(tls_->native_handle(), SSL_MODE_RELEASE_BUFFERS);
  ArmTimer(Wait::kHandshake, std::min<std::chrono::steady_clock::duration>(
                                 kHandshakeTimeout, context_.config.limits.idle_timeout));
  tls_->async_handshake(
      asio::ssl::stream_base::server,
      [self = shared_from_this(), then](error_code ec) { self->OnHandshake(ec, then); });
}

void Connection::OnHandshake(error_code ec, AfterHandshake then) {
  DisarmTimer();
  if (closed_) return;
  idle_commands_ = -1;  // the session starts afresh over TLS
  if (ec) {
    ++context_.stats.tls_handshakes_failed;
    return Close("tls_handshake_failed");
  }
  switch (then) {
    case AfterHandshake::kGreet:
      return Proceed(session_->Start());
    case AfterHandshake::kTlsStarted:
      return Proceed(session_->TlsStarted());
    case AfterHandshake::kRefuse:
      return Proceed({.output = "421 4.7.0 " + context_.config.hostname +
                                " too many connections, try again later\r\n",
                      .next = Next::kClose});
  }
}

// --- Ports ---

template <class Value, class Then>
auto Connection::BackOnStrand(Then then) {
  return [gate = context_.gate, weak = weak_from_this(), then](Value value) mutable {
    gate->RunIfOpen([&] {
      auto self = weak.lock();
      if (!self) return;
      asio::post(self->executor_, [self, then, value = std::move(value)]() mutable {
        then(*self, std::move(value));
      });
    });
  };
}

void Connection::Authenticate() {
  auto done = BackOnStrand<Result<Principal>>([](Connection& self, Result<Principal> principal) {
    self.OnAuthenticated(std::move(principal));
  });
  context_.deps.authenticator.Verify(peer_, std::move(step_.auth_username),
                                     std::move(step_.auth_password), std::move(done));
}

void Connection::OnAuthenticated(Result<Principal> principal) {
  if (closed_) return;
  if (!principal && principal.error().code != ErrorCode::kUnavailable) {
    ++context_.stats.auth_failures;
  }
  Proceed(session_->Authenticated(std::move(principal)));
}

void Connection::Submit() {
  auto done = BackOnStrand<Reply>(
      [](Connection& self, Reply reply) { self.OnSubmitted(std::move(reply)); });
  context_.deps.sink.Submit(std::move(*step_.submission), std::move(done));
}

void Connection::OnSubmitted(Reply reply) {
  if (closed_) return;
  Proceed(session_->Submitted(std::move(reply)));
}

// --- Timer ---

// One timer wait serves many steps: arming moves the deadline, disarming clears a flag, and a
// wait that fires early re-waits for the deadline. Cancelling and re-arming the Asio timer on
// every command would cost two extra handler runs per reply.
void Connection::ArmTimer(Wait wait, std::chrono::steady_clock::duration after) {
  ArmTimerUntil(wait, context_.clock.MonotonicNow() + after);
}

void Connection::ArmTimerUntil(Wait wait, std::chrono::steady_clock::time_point deadline) {
  waiting_ = wait;
  timer_armed_ = true;
  deadline_ = deadline;
  if (timer_pending_ && timer_expiry_ <= deadline_) return;  // it fires first and re-waits
  WaitForDeadline();
}

void Connection::WaitForDeadline() {
  timer_pending_ = true;
  timer_expiry_ = deadline_;
  timer_.expires_at(deadline_);  // a wait still pending completes with operation_aborted
  timer_.async_wait([self = shared_from_this()](error_code ec) {
    if (ec == boost::asio::error::operation_aborted) return;  // replaced, or closed
    self->timer_pending_ = false;
    if (self->closed_ || !self->timer_armed_) return;
    if (self->context_.clock.MonotonicNow() < self->deadline_) return self->WaitForDeadline();
    self->timer_armed_ = false;
    self->OnTimer();
  });
}

void Connection::DisarmTimer() { timer_armed_ = false; }

void Connection::OnTimer() {
  if (closed_) return;
  if (waiting_ == Wait::kHandshake) {
    // A handshake that never finished failed, as one the client broke off.
    ++context_.stats.tls_handshakes_failed;
    return Close("tls_handshake_timeout");
  }
  if (waiting_ == Wait::kWrite) return Close("write_timeout");
  if (!reading_) return;
  // The read stays pending while the 421 is written; closing the socket ends it.
  reading_ = false;
  ++context_.stats.sessions_timed_out;
  end_reason_ = session_->in_data() ? "data_timeout" : "idle_timeout";
  Proceed(session_->IdleTimeout());
}

std::chrono::steady_clock::duration Connection::WriteTimeout() const {
  if (stop_requested_ || refusing_) return kStopWriteTimeout;
  return context_.config.limits.idle_timeout;
}

// --- End ---

void Connection::Close(std::string_view reason) {
  if (closed_) return;
  auto self = shared_from_this();  // the registry may hold the last reference
  closed_ = true;
  reading_ = false;
  if (end_reason_.empty()) end_reason_ = reason;
  DisarmTimer();
  timer_.cancel();  // its pending wait holds this connection
  // The place is given back before the client sees the close, so it can connect again at once.
  if (refusing_) {
    context_.registry.EndRefusal();
  } else {
    LogEnd();
    context_.registry.Remove(this, peer_.address);
  }
  error_code ec;
  Socket().shutdown(tcp::socket::shutdown_both, ec);
  Socket().close(ec);
}

void Connection::LogEnd() {
  if (context_.deps.log == nullptr || session_ == nullptr) return;
  const SessionCounters& counters = session_->counters();
  const auto& principal = session_->principal();
  context_.deps.log->Info("smtp session ended",
                          {{"session_id", session_id_},
                           {"client", peer_.address},
                           {"client_port", peer_.port},
                           {"principal", principal ? principal->Label() : std::string()},
                           {"tls", tls_.has_value()},
                           {"messages", counters.messages_accepted},
                           {"messages_refused", counters.messages_refused},
                           {"commands", counters.commands},
                           {"errors", counters.errors},
                           {"bytes_received", counters.bytes_received},
                           {"duration_ms", context_.clock.MonotonicNow() - started_},
                           {"reason", end_reason_}});
}

tcp::socket& Connection::Socket() { return tls_ ? tls_->next_layer() : socket_; }

}  // namespace graphpost::smtp::internal
