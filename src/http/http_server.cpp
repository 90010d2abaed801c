// http::Server on Boost.Asio: one io_context run by `threads` threads, one acceptor, and a
// session per connection (internal/http_session.cpp) on its own strand. The accept loop never
// stops: past the connection cap, connections are refused (503) or closed, not left queued.
#include "http/http_server.hpp"

#include <atomic>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "core/clock.hpp"
#include "http/internal/connection_slots.hpp"
#include "http/internal/http_session.hpp"
#include "http/tls_server_context.hpp"

namespace graphpost::http {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;
using tcp = asio::ip::tcp;

// After a failed accept (e.g. out of file descriptors) wait a little instead of spinning.
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(50);

Result<tcp::endpoint> ResolveListenEndpoint(asio::io_context& ioc, const ServerOptions& options) {
  error_code ec;
  const auto address = asio::ip::make_address(options.host, ec);
  if (!ec) return tcp::endpoint(address, options.port);
  tcp::resolver resolver(ioc);
  auto results =
      resolver.resolve(options.host, std::to_string(options.port), tcp::resolver::passive, ec);
  if (ec || results.empty()) {
    return Fail(ErrorCode::kUnavailable, "http server: cannot resolve " + options.host);
  }
  return results.begin()->endpoint();
}

// A zero deadline would close every connection at once; a zero cap would refuse them all.
Status CheckLimits(const ServerLimits& limits) {
  const std::pair<const char*, std::chrono::milliseconds> deadlines[] = {
      {"tls_handshake", limits.tls_handshake},
      {"request_header", limits.request_header},
      {"body_progress_interval", limits.body_progress_interval},
      {"keep_alive_idle", limits.keep_alive_idle},
      {"linger", limits.linger},
      {"handler", limits.handler}};
  for (const auto& [name, value] : deadlines) {
    if (value.count() <= 0) {
      return Fail(ErrorCode::kInvalidArgument,
                  std::string("http server: limits.") + name + " must be positive");
    }
  }
  if (limits.max_connections == 0) {
    return Fail(ErrorCode::kInvalidArgument,
                "http server: limits.max_connections must be positive");
  }
  return Ok();
}

class AsioServer final : public Server {
 public:
  AsioServer(ServerOptions options, DeferredHandler handler)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        slots_(options_.limits.max_connections, options_.limits.max_refusing) {
    config_ = {.handler = &handler_,
               .gate = gate_,
               .admit = &options_.admit,
               .error_body = &options_.error_body,
               .limits = options_.limits,
               .clock = &clock_};
  }
  ~AsioServer() override { Stop(); }

  AsioServer(const AsioServer&) = delete;
  AsioServer& operator=(const AsioServer&) = delete;

  Status Listen() {
    if (!options_.cert_pem.empty()) {
      auto tls = TlsServerContext::Create({.cert_chain_pem = options_.cert_pem,
                                           .key_pem = options_.key_pem,
                                           .min_version = options_.tls_min_version});
      if (!tls) return Fail(tls.error().code, "http server: " + tls.error().message);
      tls_ = std::move(*tls);
    }
    auto endpoint = ResolveListenEndpoint(*ioc_, options_);
    if (!endpoint) return Fail(endpoint.error());
    error_code ec;
    acceptor_->open(endpoint->protocol(), ec);
    if (!ec) acceptor_->set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_->bind(*endpoint, ec);
    if (!ec) acceptor_->listen(asio::socket_base::max_listen_connections, ec);
    if (!ec) port_ = acceptor_->local_endpoint(ec).port();
    if (ec) {
      return Fail(ErrorCode::kUnavailable, "http server: cannot listen on " + options_.host + ":" +
                                               std::to_string(options_.port) + ": " + ec.message());
    }
    return Ok();
  }

  void Run() {
    Accept();
    const int threads = options_.threads > 0 ? options_.threads : 1;
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { ioc_->run(); });
  }

  std::uint16_t port() const override { return port_; }

  void Stop() override {
    if (stopped_.exchange(true)) return;
    gate_->Close();
    work_.reset();
    ioc_->stop();
    for (auto& t : threads_) t.join();
    threads_.clear();
    // Destroying the io_context destroys every pending handler and with it every session,
    // which closes the connections.
    retry_timer_.reset();
    acceptor_.reset();
    ioc_.reset();
  }

 private:
  void Accept() {
    acceptor_->async_accept(asio::make_strand(*ioc_), [this](error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (ec) return RetryAcceptLater();
      Serve(std::move(socket));
      Accept();
    });
  }

  void Serve(tcp::socket socket) {
    auto slot = slots_.Acquire();
    if (slot.kind() == internal::ConnectionSlots::Kind::kNone) {
      error_code ec;
      socket.close(ec);  // past the refusal budget too: no answer is affordable
      return;
    }
    if (tls_) {
      internal::ServeTls(std::move(socket), tls_->native(), config_, std::move(slot));
    } else {
      internal::ServePlain(std::move(socket), config_, std::move(slot));
    }
  }

  void RetryAcceptLater() {
    retry_timer_->expires_after(kAcceptRetryDelay);
    retry_timer_->async_wait([this](error_code ec) {
      if (!ec) Accept();
    });
  }

  // Members are destroyed bottom-up: sessions (inside ioc_) go before what they reference.
  const ServerOptions options_;
  const DeferredHandler handler_;
  // Shared with deferred answers still held by handlers (they may outlive the server).
  std::shared_ptr<internal::ServerGate> gate_ = std::make_shared<internal::ServerGate>();
  SystemClock clock_;
  internal::ConnectionSlots slots_;
  internal::SessionConfig config_;
  std::unique_ptr<TlsServerContext> tls_;
  std::optional<asio::io_context> ioc_{std::in_place, options_.threads > 0 ? options_.threads : 1};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_{
      std::in_place, ioc_->get_executor()};
  std::optional<tcp::acceptor> acceptor_{std::in_place, *ioc_};
  std::optional<asio::steady_timer> retry_timer_{std::in_place, *ioc_};
  std::vector<std::thread> threads_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopped_{false};
};

}  // namespace

Result<std::unique_ptr<Server>> Server::Start(ServerOptions options, Handler handler) {
  return Start(std::move(options),
               DeferredHandler([handler = std::move(handler)](Request request, Respond respond) {
                 respond(handler(request));
               }));
}

Result<std::unique_ptr<Server>> Server::Start(ServerOptions options, DeferredHandler handler) {
  if (auto valid = CheckLimits(options.limits); !valid) return Fail(valid.error());
  auto server = std::make_unique<AsioServer>(std::move(options), std::move(handler));
  if (auto listening = server->Listen(); !listening) return Fail(listening.error());
  server->Run();
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace graphpost::http
