// One connection of http::Server, for plain TCP and TLS streams alike. Every step of a session is
// a completion handler on the connection's strand, and only one I/O operation (plus the deadline
// timer) is pending at a time, so a session needs no lock.
//
// Deadlines: one timer (deadline_) guards the phase the session is in: handshake, request head,
// body progress (re-armed every interval while the body keeps coming), keep-alive idle, linger.
// When it fires, the pending socket operation is cancelled and its completion handler sees
// timed_out_ and ends the connection (with a 408 where the client is mid-request).
#include "http/internal/http_session.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
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
#include "http/internal/discardable_string_body.hpp"
#include "http/internal/request_rules.hpp"

namespace graphpost::http::internal {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using boost::system::error_code;
using tcp = asio::ip::tcp;
using TlsStream = beast::ssl_stream<tcp::socket>;

constexpr std::uint32_t kHeaderLimit = 64 * 1024;
// A refused request's body up to this size (declared, no Expect: 100-continue) is read and
// discarded so the connection stays usable; a larger one is left unread and the connection closed.
constexpr std::uint64_t kDiscardToKeepAlive = 64 * 1024;
constexpr std::size_t kReadChunk = 16 * 1024;
constexpr std::size_t kIdleReadChunk = 1024;
constexpr auto kTlsShutdownTimeout = std::chrono::seconds(5);
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr std::string_view kRetryAfterWhenFull = "1";

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

Response StatusOnly(int status) {
  Response response;
  response.status = status;
  return response;
}

template <class SessionT>
class PendingAnswer;

template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  template <class... StreamArgs>
  explicit Session(const SessionConfig& config, ConnectionSlots::Slot slot,
                   StreamArgs&&... stream_args)
      : config_(config),
        slot_(std::move(slot)),
        stream_(std::forward<StreamArgs>(stream_args)...),
        timer_(stream_.get_executor()),
        deadline_(stream_.get_executor()) {
    error_code ec;
    auto& socket = beast::get_lowest_layer(stream_);
    socket.set_option(tcp::no_delay(true), ec);
    auto endpoint = socket.remote_endpoint(ec);
    if (!ec) remote_address_ = endpoint.address().to_string();
  }

  void Run() {
    asio::dispatch(stream_.get_executor(), [self = Self()] { self->Start(); });
  }

  // The answer to request number `turn`, from any thread (through the server's gate). Dropped
  // unless the session still waits for that very request (not timed out meanwhile).
  void Answer(std::uint64_t turn, Response response) {
    asio::post(stream_.get_executor(),
               [self = Self(), turn, response = std::move(response)]() mutable {
                 self->OnAnswer(turn, std::move(response));
               });
  }

 private:
  using Parser = bhttp::request_parser<DiscardableStringBody>;
  enum class Phase { kHandshake, kHeader, kBody, kHandler, kWrite, kIdle, kLinger };

  std::shared_ptr<Session> Self() { return this->shared_from_this(); }

  void Start() {
    if constexpr (kTls) {
      Arm(Phase::kHandshake, config_.limits.tls_handshake);
      stream_.async_handshake(asio::ssl::stream_base::server, [self = Self()](error_code ec) {
        self->Disarm();
        if (ec || self->timed_out_) return self->Abort();
        self->Begin();
      });
    } else {
      Begin();
    }
  }

  void Begin() {
    if (slot_.kind() == ConnectionSlots::Kind::kRefuse) return RefuseWhenFull();
    ReadHeader();
  }

  // Over the connection cap: answer 503 without reading the request, then close.
  void RefuseWhenFull() {
    Response response = OwnAnswer(503);
    response.headers.Set("Retry-After", std::string(kRetryAfterWhenFull));
    keep_alive_ = false;
    body_unread_ = true;
    Respond(std::move(response));
  }

  // --- Deadlines ---

  void Arm(Phase phase, std::chrono::milliseconds after) {
    phase_ = phase;
    const std::uint64_t generation = ++deadline_generation_;
    deadline_.expires_after(after);
    deadline_.async_wait([self = Self(), generation](error_code ec) {
      if (!ec && generation == self->deadline_generation_) self->OnDeadline();
    });
  }

  void Disarm() {
    ++deadline_generation_;
    deadline_.cancel();
  }

  void OnDeadline() {
    if (phase_ == Phase::kLinger) return Abort();
    if (phase_ == Phase::kHandler) return OnHandlerTimeout();
    if (phase_ == Phase::kBody && !progress_->StalledAt(parser_->get().body().received)) {
      return Arm(Phase::kBody, config_.limits.body_progress_interval);
    }
    if (phase_ == Phase::kWrite && !progress_->StalledAt(written_)) {
      return Arm(Phase::kWrite, config_.limits.body_progress_interval);
    }
    timed_out_ = true;
    error_code ec;
    beast::get_lowest_layer(stream_).cancel(ec);  // the pending operation completes with an error
  }

  // --- Reading a request ---

  // Between requests on a kept-alive connection: wait (idle deadline) for the first byte of the
  // next request, then give it the full head deadline.
  void WaitForRequest() {
    parser_.reset();
    if (buffer_.size() > 0) return ReadHeader();  // pipelined
    // An idle connection holds no more than a small read buffer (10,000 of them may be open).
    buffer_.shrink_to_fit();
    Arm(Phase::kIdle, config_.limits.keep_alive_idle);
    stream_.async_read_some(buffer_.prepare(kIdleReadChunk),
                            [self = Self()](error_code ec, std::size_t n) {
                              self->Disarm();
                              if (ec || self->timed_out_) return self->Abort();
                              self->buffer_.commit(n);
                              self->ReadHeader();
                            });
  }

  void ReadHeader() {
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    parser_->body_limit(boost::none);  // chosen by admission, once the head is known
    Arm(Phase::kHeader, config_.limits.request_header);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = Self()](error_code ec, std::size_t) { self->OnHeader(ec); });
  }

  void OnHeader(error_code ec) {
    Disarm();
    if (ec || timed_out_) return OnReadError(ec);
    const auto& req = parser_->get();
    keep_alive_ = req.keep_alive();
    head_request_ = req.method() == bhttp::verb::head;
    expects_continue_ =
        req.version() >= 11 && beast::iequals(req[bhttp::field::expect], "100-continue");
    if (!TransferEncodingAcceptable(TransferEncodings())) return RefuseAndClose(400);
    if (!HostFieldsAcceptable(req.version(), HostFieldCount())) return RefuseAndClose(400);
    request_ = TakeHead();
    Admission admission = Admit();
    if (admission.refusal) return Refuse(std::move(*admission.refusal));
    const auto length = parser_->content_length();
    if (length && *length > admission.body_limit) return RefuseAndClose(413);
    parser_->body_limit(admission.body_limit);
    if (parser_->is_done()) return Dispatch();
    if (expects_continue_) return SendContinue();
    ReadBody();
  }

  std::size_t HostFieldCount() const {
    auto [first, last] = parser_->get().equal_range(bhttp::field::host);
    return static_cast<std::size_t>(std::distance(first, last));
  }

  std::vector<std::string_view> TransferEncodings() const {
    std::vector<std::string_view> values;
    auto [first, last] = parser_->get().equal_range(bhttp::field::transfer_encoding);
    for (auto it = first; it != last; ++it) values.emplace_back(it->value());
    return values;
  }

  Admission Admit() {
    if (!*config_.admit) return Admission::Accept(config_.limits.max_body_bytes);
    try {
      return (*config_.admit)(request_);
    } catch (const std::exception&) {
      return Admission::Refuse(OwnAnswer(500));  // a bug in the hook; still answer
    }
  }

  // Answers a refused request without storing its body: a small declared body is read and
  // discarded (the connection stays open); otherwise the body is left unread and the connection
  // closes after the answer.
  void Refuse(Response refusal) {
    if (parser_->is_done()) return Respond(std::move(refusal));
    const auto length = parser_->content_length();
    if (!expects_continue_ && length && *length <= kDiscardToKeepAlive) {
      parser_->get().body().discard = true;
      parser_->body_limit(*length);
      refusal_ = std::move(refusal);
      return ReadBody();
    }
    keep_alive_ = false;
    body_unread_ = true;
    Respond(std::move(refusal));
  }

  void RefuseAndClose(int status) {
    keep_alive_ = false;
    body_unread_ = true;
    Respond(OwnAnswer(status));
  }

  // The path of the request being read, for an answer the server makes itself: from the parsed
  // head, else from the start line still in the buffer; "" when neither is there.
  std::string PathSoFar() const {
    std::string_view target;
    std::string raw;
    // The parser keeps the target once it has read the start line, even when a field fails.
    if (parser_) target = parser_->get().target();
    if (target.empty()) {
      const auto data = buffer_.cdata();
      raw.assign(static_cast<const char*>(data.data()), std::min<std::size_t>(data.size(), 8192));
      const std::size_t sp = raw.find(' ');
      if (sp == std::string::npos) return "";
      const std::size_t end = raw.find_first_of(" \r\n", sp + 1);
      if (end == std::string::npos) return "";
      target = std::string_view(raw).substr(sp + 1, end - sp - 1);
    }
    return std::string(target.substr(0, target.find('?')));
  }

  // An answer the server makes itself: the status, with the body of options.error_body if set.
  Response OwnAnswer(int status) const {
    Response response = StatusOnly(status);
    if (!*config_.error_body) return response;
    ErrorBody error = (*config_.error_body)(status, PathSoFar());
    for (const Header& h : error.headers.all()) {
      if (!response.headers.Get(h.name)) response.headers.Add(h.name, h.value);
    }
    if (!error.content_type.empty()) response.headers.Set("Content-Type", error.content_type);
    response.body = std::move(error.body);
    return response;
  }

  void SendContinue() {
    asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                      [self = Self()](error_code ec, std::size_t) {
                        if (ec) return self->Abort();
                        self->ReadBody();
                      });
  }

  void ReadBody() {
    progress_.emplace(config_.limits.body_min_bytes);
    Arm(Phase::kBody, config_.limits.body_progress_interval);
    bhttp::async_read(stream_, buffer_, *parser_, [self = Self()](error_code ec, std::size_t) {
      self->Disarm();
      if (ec || self->timed_out_) return self->OnReadError(ec);
      if (self->refusal_) return self->Respond(*std::exchange(self->refusal_, std::nullopt));
      self->Dispatch();
    });
  }

  void OnReadError(error_code ec) {
    if (timed_out_) return OnTimeout();
    if (ec == bhttp::error::body_limit) return RefuseAndClose(413);
    if (IsHttpParseError(ec)) return RefuseAndClose(ec == bhttp::error::header_limit ? 431 : 400);
    Abort();  // the peer went away (or the stream broke); nobody to answer
  }

  // A 408 when the client is in the middle of a request; otherwise there is nobody to answer.
  void OnTimeout() {
    const bool mid_request =
        phase_ == Phase::kBody ||
        (phase_ == Phase::kHeader && (buffer_.size() > 0 || parser_->got_some()));
    if (!mid_request) return Abort();
    timed_out_ = false;  // the 408 has its own (write) deadline
    RefuseAndClose(408);
  }

  // --- Answering ---

  // Hands the request to the handler and waits (deadline limits.handler) for its answer, which
  // may come from any thread. The session stays alive through the deadline's pending wait; the
  // handler's Respond holds only a weak reference, so an abandoned connection is not kept.
  void Dispatch() {
    request_.body = std::move(parser_->get().body().text);
    awaiting_ = ++turns_;
    Arm(Phase::kHandler, config_.limits.handler);
    http::Respond respond = PendingAnswer<Session>::Make(Self(), config_.gate, awaiting_);
    try {
      (*config_.handler)(std::exchange(request_, {}), std::move(respond));
    } catch (const std::exception&) {
      // A throwing handler is a bug elsewhere; its dropped Respond answers 500.
    }
  }

  void OnAnswer(std::uint64_t turn, Response response) {
    if (turn != awaiting_ || phase_ != Phase::kHandler) return;  // late: timed out already
    awaiting_ = 0;
    Disarm();
    Respond(std::move(response));
  }

  // The handler did not answer in time: 503 now; its answer, if it ever comes, is dropped.
  void OnHandlerTimeout() {
    awaiting_ = 0;
    Response response = OwnAnswer(503);
    response.headers.Set("Retry-After", std::string(kRetryAfterWhenFull));
    Respond(std::move(response));
  }

  Request TakeHead() {
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
    r.remote_address = remote_address_;
    return r;
  }

  void Respond(Response response) {
    phase_ = Phase::kWrite;
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

  // Writes the response piece by piece, so a client that stops reading (its window closed) is
  // caught by the same progress rule as a stalled request body.
  void Write() {
    serializer_.emplace(res_);
    written_ = 0;
    progress_.emplace(config_.limits.body_min_bytes);
    Arm(Phase::kWrite, config_.limits.body_progress_interval);
    WriteSome();
  }

  void WriteSome() {
    bhttp::async_write_some(stream_, *serializer_, [self = Self()](error_code ec, std::size_t n) {
      self->written_ += n;
      if (!ec && !self->serializer_->is_done()) {
        if (!self->timed_out_) return self->WriteSome();
        ec = asio::error::timed_out;
      }
      self->Disarm();
      self->OnWritten(ec);
    });
  }

  void OnWritten(error_code ec) {
    Complete();
    serializer_.reset();
    res_ = {};  // an idle connection keeps no response body
    if (ec) return Abort();
    if (body_unread_) return LingeringClose();
    if (!keep_alive_) return Close();
    WaitForRequest();
  }

  void Complete() {
    if (!on_complete_) return;
    auto on_complete = std::exchange(on_complete_, nullptr);
    on_complete();
  }

  // --- Closing ---

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

  // After answering a request whose body is still coming: send FIN, then read and drop what the
  // client still sends (for at most limits.linger) before closing. Closing with unread data would
  // send a TCP reset, which can destroy the answer before the client reads it. Over TLS the bytes
  // are dropped undecrypted; the answer was complete, so no close_notify is needed.
  void LingeringClose() {
    auto& socket = beast::get_lowest_layer(stream_);
    error_code ec;
    socket.shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return Abort();
    buffer_.clear();
    Arm(Phase::kLinger, config_.limits.linger);
    Drain();
  }

  void Drain() {
    beast::get_lowest_layer(stream_).async_read_some(buffer_.prepare(kReadChunk),
                                                     [self = Self()](error_code ec, std::size_t) {
                                                       if (ec) return self->Abort();
                                                       self->Drain();
                                                     });
  }

  // Ends the connection at once, without writing anything more.
  void Abort() {
    Disarm();
    error_code ec;
    beast::get_lowest_layer(stream_).close(ec);
  }

  const SessionConfig& config_;
  ConnectionSlots::Slot slot_;  // held for the session's lifetime
  Stream stream_;
  asio::steady_timer timer_;     // response delay, then the TLS shutdown deadline
  asio::steady_timer deadline_;  // the current phase's deadline
  std::uint64_t deadline_generation_ = 0;
  Phase phase_ = Phase::kHeader;
  bool timed_out_ = false;
  std::optional<BodyProgress> progress_;  // of the request body, then of the response
  std::string remote_address_;
  beast::flat_buffer buffer_;
  std::optional<Parser> parser_;
  Request request_;                  // the head, from admission to the handler
  std::optional<Response> refusal_;  // sent once the refused request's small body is discarded
  bhttp::response<bhttp::string_body> res_;
  std::optional<bhttp::response_serializer<bhttp::string_body>> serializer_;  // writing res_
  std::uint64_t written_ = 0;
  bool keep_alive_ = true;
  bool head_request_ = false;
  bool expects_continue_ = false;
  bool body_unread_ = false;    // the client may still be sending: close by lingering
  std::uint64_t turns_ = 0;     // requests handed to the handler so far
  std::uint64_t awaiting_ = 0;  // the turn whose answer is awaited; 0 = none
  std::function<void()> on_complete_;
  std::chrono::system_clock::time_point date_second_{};
  std::string date_text_;
};

// The Respond a DeferredHandler gets: every copy shares one PendingAnswer. The first call
// delivers; destroying the last copy without a call delivers a 500. Thread-safe.
template <class SessionT>
class PendingAnswer {
 public:
  static Respond Make(const std::shared_ptr<SessionT>& session, std::shared_ptr<ServerGate> gate,
                      std::uint64_t turn) {
    auto pending = std::make_shared<PendingAnswer>(session, std::move(gate), turn);
    return [pending](Response response) { pending->Deliver(std::move(response)); };
  }

  PendingAnswer(const std::shared_ptr<SessionT>& session, std::shared_ptr<ServerGate> gate,
                std::uint64_t turn)
      : session_(session), gate_(std::move(gate)), turn_(turn) {}
  ~PendingAnswer() { Deliver(StatusOnly(500)); }
  PendingAnswer(const PendingAnswer&) = delete;
  PendingAnswer& operator=(const PendingAnswer&) = delete;

  void Deliver(Response response) {
    if (answered_.exchange(true)) return;
    gate_->RunIfOpen([&] {
      if (auto session = session_.lock()) session->Answer(turn_, std::move(response));
    });
  }

 private:
  std::weak_ptr<SessionT> session_;
  std::shared_ptr<ServerGate> gate_;
  std::uint64_t turn_;
  std::atomic<bool> answered_{false};
};

}  // namespace

void ServePlain(tcp::socket socket, const SessionConfig& config, ConnectionSlots::Slot slot) {
  std::make_shared<Session<tcp::socket>>(config, std::move(slot), std::move(socket))->Run();
}

void ServeTls(tcp::socket socket, asio::ssl::context& tls, const SessionConfig& config,
              ConnectionSlots::Slot slot) {
  std::make_shared<Session<TlsStream>>(config, std::move(slot), std::move(socket), tls)->Run();
}

}  // namespace graphpost::http::internal
