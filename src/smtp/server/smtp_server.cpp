// SmtpServer on Boost.Asio: one io_context run by `threads` threads, an acceptor per listener on
// its own strand, and a Connection per socket on a strand of its own. No thread per connection:
// an idle one costs its socket, its timer and its session.
#include "smtp/server/smtp_server.hpp"

#include <atomic>
#include <latch>
#include <optional>
#include <thread>
#include <utility>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "http/tls_server_context.hpp"
#include "smtp/server/internal/connection.hpp"
#include "smtp/server/internal/connection_registry.hpp"
#include "smtp/server/internal/server_context.hpp"

namespace graphpost::smtp {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;
using tcp = asio::ip::tcp;
using internal::ConnectionRegistry;

// After a failed accept (e.g. out of file descriptors) wait a little instead of spinning.
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(50);
// How long Stop() lets open sessions take their 421 (and a pending submission its answer).
constexpr auto kStopGrace = std::chrono::seconds(5);

Status CheckConfig(const ServerConfig& config, const ServerDeps& deps) {
  for (const ListenerConfig& listener : config.listeners) {
    if (listener.implicit_tls && deps.tls == nullptr) {
      return Fail(ErrorCode::kInvalidArgument,
                  "smtp listener " + listener.host + ":" + std::to_string(listener.port) +
                      ": implicit TLS needs a certificate and key");
    }
  }
  if (config.max_connections == 0 || config.max_connections_per_address == 0) {
    return Fail(ErrorCode::kInvalidArgument, "smtp server: connection limits must be positive");
  }
  if (config.limits.idle_timeout.count() <= 0 || config.limits.data_timeout.count() <= 0) {
    return Fail(ErrorCode::kInvalidArgument, "smtp server: timeouts must be positive");
  }
  return Ok();
}

Result<tcp::endpoint> ResolveListenEndpoint(asio::io_context& ioc, const ListenerConfig& config) {
  error_code ec;
  const auto address = asio::ip::make_address(config.host, ec);
  if (!ec) return tcp::endpoint(address, config.port);
  tcp::resolver resolver(ioc);
  auto results =
      resolver.resolve(config.host, std::to_string(config.port), tcp::resolver::passive, ec);
  if (ec || results.empty()) {
    return Fail(ErrorCode::kUnavailable, "smtp listener: cannot resolve " + config.host);
  }
  return results.begin()->endpoint();
}

}  // namespace

struct SmtpServer::Impl {
  struct Listener {
    tcp::acceptor acceptor;
    asio::steady_timer retry;
    bool implicit_tls;
  };

  Impl(ServerConfig server_config, ServerDeps server_deps)
      : config(std::move(server_config)),
        deps(server_deps),
        registry(config.max_connections, config.max_connections_per_address),
        context{.config = config,
                .deps = deps,
                .registry = registry,
                .stats = stats,
                .gate = gate,
                .clock = clock} {}

  Status Listen() {
    for (const ListenerConfig& listener_config : config.listeners) {
      auto strand = asio::make_strand(*ioc);
      auto listener = std::make_unique<Listener>(
          Listener{tcp::acceptor(strand), asio::steady_timer(strand), listener_config.implicit_tls});
      auto endpoint = ResolveListenEndpoint(*ioc, listener_config);
      if (!endpoint) return Fail(endpoint.error());
      tcp::acceptor& acceptor = listener->acceptor;
      error_code ec;
      acceptor.open(endpoint->protocol(), ec);
      if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
      if (!ec) acceptor.bind(*endpoint, ec);
      if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
      if (!ec) ports.push_back(acceptor.local_endpoint(ec).port());
      if (ec) {
        return Fail(ErrorCode::kUnavailable, "smtp listener: cannot listen on " +
                                                 listener_config.host + ":" +
                                                 std::to_string(listener_config.port) + ": " +
                                                 ec.message());
      }
      listeners.push_back(std::move(listener));
    }
    return Ok();
  }

  void Run() {
    for (auto& listener : listeners) Accept(*listener);
    const int count = config.threads > 0 ? config.threads : 1;
    for (int i = 0; i < count; ++i) threads.emplace_back([this] { ioc->run(); });
  }

  void Accept(Listener& listener) {
    listener.acceptor.async_accept(
        asio::make_strand(*ioc), [this, &listener](error_code ec, tcp::socket socket) {
          if (ec == asio::error::operation_aborted || !listener.acceptor.is_open()) return;
          if (ec) return RetryAcceptLater(listener);
          Admit(std::move(socket), listener.implicit_tls);
          Accept(listener);
        });
  }

  void RetryAcceptLater(Listener& listener) {
    listener.retry.expires_after(kAcceptRetryDelay);
    listener.retry.async_wait([this, &listener](error_code ec) {
      if (!ec && listener.acceptor.is_open()) Accept(listener);
    });
  }

  void Admit(tcp::socket socket, bool implicit_tls) {
    Peer peer = internal::PeerOf(socket);
    auto connection = std::make_shared<internal::Connection>(
        std::move(socket), context, implicit_tls, std::move(peer),
        internal::NewSessionId(deps.random));
    switch (registry.Add(connection, connection->peer().address)) {
      case ConnectionRegistry::Admission::kAdmitted:
        ++stats.connections_total;
        return connection->Start();
      case ConnectionRegistry::Admission::kStopping:
        return;  // dropping the connection closes its socket
      case ConnectionRegistry::Admission::kServerFull:
      case ConnectionRegistry::Admission::kAddressFull:
        ++stats.connections_refused;
        if (registry.TryStartRefusal()) connection->StartRefusal();
        return;
    }
  }

  void CloseAcceptors() {
    if (threads.empty()) return;  // never ran: nothing is pending on them
    std::latch closed(static_cast<std::ptrdiff_t>(listeners.size()));
    for (auto& listener : listeners) {
      asio::post(listener->acceptor.get_executor(), [&listener, &closed] {
        error_code ec;
        listener->acceptor.close(ec);
        listener->retry.cancel();
        closed.count_down();
      });
    }
    closed.wait();
  }

  void Stop() {
    if (stopped.exchange(true)) return;
    CloseAcceptors();
    for (const auto& connection : registry.BeginStop()) connection->RequestStop();
    registry.WaitEmpty(kStopGrace);
    // From here no port answer reaches a connection; then the threads go, then the connections
    // (the registry's, then those held by pending handlers, destroyed with the io_context).
    gate->Close();
    work.reset();
    ioc->stop();
    for (auto& thread : threads) thread.join();
    threads.clear();
    registry.Clear();
    listeners.clear();
    ioc.reset();
  }

  // Members are destroyed bottom-up: the io_context (and the connections in its handlers) goes
  // before what the connections reference.
  const ServerConfig config;
  const ServerDeps deps;
  SystemClock clock;
  internal::LiveStats stats;
  ConnectionRegistry registry;
  std::shared_ptr<internal::ServerGate> gate = std::make_shared<internal::ServerGate>();
  const internal::ServerContext context;
  std::optional<asio::io_context> ioc{std::in_place, config.threads > 0 ? config.threads : 1};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work{
      std::in_place, ioc->get_executor()};
  std::vector<std::unique_ptr<Listener>> listeners;
  std::vector<std::uint16_t> ports;
  std::vector<std::thread> threads;
  std::atomic<bool> stopped{false};
};

Result<std::unique_ptr<SmtpServer>> SmtpServer::Start(ServerConfig config, ServerDeps deps) {
  if (auto valid = CheckConfig(config, deps); !valid) return Fail(valid.error());
  auto impl = std::make_unique<Impl>(std::move(config), deps);
  if (auto listening = impl->Listen(); !listening) return Fail(listening.error());
  impl->Run();
  return std::unique_ptr<SmtpServer>(new SmtpServer(std::move(impl)));
}

SmtpServer::SmtpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

SmtpServer::~SmtpServer() { Stop(); }

const std::vector<std::uint16_t>& SmtpServer::ports() const { return impl_->ports; }

void SmtpServer::Stop() { impl_->Stop(); }

ServerStats SmtpServer::Stats() const {
  const internal::LiveStats& stats = impl_->stats;
  return {.connections_open = static_cast<std::int64_t>(impl_->registry.open()),
          .connections_total = stats.connections_total.load(),
          .connections_refused = stats.connections_refused.load(),
          .tls_handshakes_failed = stats.tls_handshakes_failed.load(),
          .auth_failures = stats.auth_failures.load(),
          .sessions_timed_out = stats.sessions_timed_out.load()};
}

}  // namespace graphpost::smtp
