// One connection of http::Server, for plain TCP and TLS streams alike. Every step of a session is
// a completion handler on the connection's strand, and only one I/O operation is pending at a
// time, so a session needs no lock.
#include "http/internal/http_session.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "core/ascii.hpp"
#include "core/time_format.hpp"
#include "http/internal/capped_string_body.hpp"

namespace graphpost::http::internal {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using boost::system::error_code;
using tcp = asio::ip::tcp;
using TlsStream = beast::ssl_stream<tcp::socket>;

constexpr std::uint32_t kHeaderLimit = 64 * 1024;
// A body this far past max_body_bytes is still read (and discarded) so the client sees the 413;
// beyond it the connection is closed right after the 413.
constexpr std::uint64_t kDrainAllowance = 64ull * 1024 * 1024;
constexpr auto kTlsShutdownTimeout = std::chrono::seconds(5);
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

bool IsHttpParseError(error_code ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
         ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
}

// RFC 9110 §8.6: no Content-Length (and no body) on 1xx, 204 and 304.
bool MayHaveBody(int status) { return status >= 200 && status != 204 && status != 304; }

bool SaysClose(std::string_view connection_header) {
  for (std::string_view token : Split(connection_header, ',')) {
    if (AsciiIEquals(TrimAscii(token), "close")) return true;
  }
  return false;
}

template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  template <class... StreamArgs>
  explicit Session(const SessionConfig& config, StreamArgs&&... stream_args)
      : config_(config),
        stream_(std::forward<StreamArgs>(stream_args)...),
        timer_(stream_.get_executor()) {
    error_code ec;
    auto& socket = beast::get_lowest_layer(stream_);
    socket.set_option(tcp::no_delay(true), ec);
    auto endpoint = socket.remote_endpoint(ec);
    if (!ec) remote_address_ = endpoint.address().to_string();
  }

  void Run() {
    asio::dispatch(stream_.get_executor(), [self = Self()] { self->Start(); });
  }

 private:
  using Parser = bhttp::request_parser<CappedStringBody>;

  std::shared_ptr<Session> Self() { return this->shared_from_this(); }

  void Start() {
    if constexpr (kTls) {
      stream_.async_handshake(asio::ssl::stream_base::server, [self = Self()](error_code ec) {
        if (ec) return self->Abort();
        self->ReadHeader();
      });
    } else {
      ReadHeader();
    }
  }

  void ReadHeader() {
    const std::uint64_t max = config_.max_body_bytes;
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    parser_->body_limit(max > std::numeric_limits<std::uint64_t>::max() - kDrainAllowance
                            ? std::numeric_limits<std::uint64_t>::max()
                            : max + kDrainAllowance);
    parser_->get().body().limit = config_.max_body_bytes;
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = Self()](error_code ec, std::size_t) { self->OnHeader(ec); });
  }

  void OnHeader(error_code ec) {
    if (ec) return OnReadError(ec);
    const auto& req = parser_->get();
    keep_alive_ = req.keep_alive();
    head_request_ = req.method() == bhttp::verb::head;
    const auto length = parser_->content_length();
    const bool over_limit = length && *length > config_.max_body_bytes;
    const bool expects_continue =
        req.version() >= 11 && beast::iequals(req[bhttp::field::expect], "100-continue");
    if (over_limit && expects_continue) {
      keep_alive_ = false;  // the client may or may not send the body now; start afresh
      return SendStatus(413);
    }
    if (parser_->is_done()) return Dispatch();
    if (expects_continue) return SendContinue();
    ReadBody();
  }

  void SendContinue() {
    asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                      [self = Self()](error_code ec, std::size_t) {
                        if (ec) return self->Abort();
                        self->ReadBody();
                      });
  }

  void ReadBody() {
    bhttp::async_read(stream_, buffer_, *parser_, [self = Self()](error_code ec, std::size_t) {
      if (ec) return self->OnReadError(ec);
      self->Dispatch();
    });
  }

  void OnReadError(error_code ec) {
    if (ec == bhttp::error::body_limit) {
      keep_alive_ = false;
      return SendStatus(413);
    }
    if (IsHttpParseError(ec)) {
      keep_alive_ = false;
      return SendStatus(ec == bhttp::error::header_limit ? 431 : 400);
    }
    Abort();  // the peer went away (or the stream broke); nobody to answer
  }

  void Dispatch() {
    if (parser_->get().body().over_limit) return SendStatus(413);  // whole body read: keep alive
    Response response = CallHandler(TakeRequest());
    on_complete_ = std::move(response.on_complete);
    if (response.drop_connection) {
      Abort();
      return Complete();
    }
    const auto delay = response.delay;
    BuildResponse(std::move(response));
    if (delay <= std::chrono::milliseconds::zero()) return Write();
    timer_.expires_after(delay);
    timer_.async_wait([self = Self()](error_code ec) {
      if (!ec) self->Write();
    });
  }

  Request TakeRequest() {
    auto& req = parser_->get();
    Request r;
    r.method = std::string(req.method_string());
    std::transform(r.method.begin(), r.method.end(), r.method.begin(),
                   [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; });
    r.target = std::string(req.target());
    const auto question = r.target.find('?');
    r.path = r.target.substr(0, question);
    if (question != std::string::npos) r.query = r.target.substr(question + 1);
    for (const auto& field : req) {
      r.headers.Add(std::string(field.name_string()), std::string(field.value()));
    }
    r.body = std::move(req.body().text);
    r.remote_address = remote_address_;
    return r;
  }

  Response CallHandler(const Request& request) {
    try {
      return (*config_.handler)(request);
    } catch (const std::exception&) {
      // A throwing handler is a bug elsewhere; the client still deserves an answer.
      return MakeResponse(500, "", "");
    }
  }

  void SendStatus(int status) {
    Response response;
    response.status = status;
    BuildResponse(std::move(response));
    Write();
  }

  void BuildResponse(Response response) {
    const int status = response.status >= 100 && response.status <= 999 ? response.status : 500;
    res_ = {};
    res_.version(11);
    res_.result(static_cast<unsigned>(status));
    for (const Header& h : response.headers.all()) {
      if (AsciiIEquals(h.name, "Content-Length")) continue;
      if (AsciiIEquals(h.name, "Connection")) {
        if (SaysClose(h.value)) keep_alive_ = false;
        continue;
      }
      res_.insert(h.name, h.value);
    }
    if (res_.find(bhttp::field::date) == res_.end()) res_.set(bhttp::field::date, HttpDate());
    if (MayHaveBody(status)) {
      res_.content_length(response.body.size());
      // A HEAD response announces the length of the body it leaves out.
      if (!head_request_) res_.body() = std::move(response.body);
    }
    res_.keep_alive(keep_alive_);
  }

  // The Date header changes once a second; format it once per second per connection.
  std::string_view HttpDate() {
    const auto now = config_.clock->WallNow();
    const auto second = std::chrono::floor<std::chrono::seconds>(now);
    if (second != date_second_) {
      date_text_ = FormatHttpDate(now);
      date_second_ = second;
    }
    return date_text_;
  }

  void Write() {
    bhttp::async_write(stream_, res_,
                       [self = Self()](error_code ec, std::size_t) { self->OnWritten(ec); });
  }

  void OnWritten(error_code ec) {
    Complete();
    if (ec) return Abort();
    if (!keep_alive_) return Close();
    ReadHeader();
  }

  void Complete() {
    if (!on_complete_) return;
    auto on_complete = std::exchange(on_complete_, nullptr);
    on_complete();
  }

  // Ends the connection politely: TLS close_notify (bounded in time), then TCP close.
  void Close() {
    if constexpr (kTls) {
      timer_.expires_after(kTlsShutdownTimeout);
      timer_.async_wait([self = Self()](error_code ec) {
        if (!ec) self->Abort();
      });
      stream_.async_shutdown([self = Self()](error_code) {
        self->timer_.cancel();
        self->Abort();
      });
    } else {
      error_code ec;
      beast::get_lowest_layer(stream_).shutdown(tcp::socket::shutdown_send, ec);
      beast::get_lowest_layer(stream_).close(ec);
    }
  }

  // Ends the connection at once, without writing anything more.
  void Abort() {
    error_code ec;
    beast::get_lowest_layer(stream_).close(ec);
  }

  const SessionConfig& config_;
  Stream stream_;
  asio::steady_timer timer_;  // response delay, then the TLS shutdown deadline
  std::string remote_address_;
  beast::flat_buffer buffer_;
  std::optional<Parser> parser_;
  bhttp::response<bhttp::string_body> res_;
  bool keep_alive_ = true;
  bool head_request_ = false;
  std::function<void()> on_complete_;
  std::chrono::system_clock::time_point date_second_{};
  std::string date_text_;
};

}  // namespace

void ServePlain(tcp::socket socket, const SessionConfig& config) {
  std::make_shared<Session<tcp::socket>>(config, std::move(socket))->Run();
}

void ServeTls(tcp::socket socket, asio::ssl::context& tls, const SessionConfig& config) {
  std::make_shared<Session<TlsStream>>(config, std::move(socket), tls)->Run();
}

}  // namespace graphpost::http::internal
