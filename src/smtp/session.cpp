// The public face of Session and its input loop. Replies carry RFC 3463 enhanced codes once the
// client said EHLO (RFC 2034), except 3xx intermediate replies and the EHLO reply itself.
#include "smtp/session.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "core/ascii.hpp"
#include "smtp/internal/session_impl.hpp"

namespace graphpost::smtp {
namespace {
// RFC 4954 §4: an AUTH command line, or a response to a 334, may be 12,288 bytes long.
constexpr std::size_t kAuthLineLimit = 12288;

// Reply text is one line whatever it holds (a sink's text included): no reply injection.
void AppendOneLine(std::string& out, std::string_view text) {
  for (char c : text) out += (c == '\r' || c == '\n') ? ' ' : c;
}
}  // namespace

Session::Session(SessionConfig config, Peer peer, std::string session_id)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(peer), std::move(session_id))) {}

Session::~Session() = default;

Step Session::Start() {
  impl_->Say(220, "", impl_->config.hostname + " ESMTP graphpost");
  return impl_->TakeStep();
}

Step Session::Feed(std::string_view bytes) {
  Impl& s = *impl_;
  s.counters.bytes_received += bytes.size();
  if (s.phase == Phase::kClosed) return Step{.next = Next::kClose};
  // Bytes that arrive before the TLS handshake are plaintext injection (CVE-2011-0411).
  if (s.phase == Phase::kWaiting && s.waiting_for == Next::kStartTls) return Step{};
  s.in.append(bytes);
  if (s.phase == Phase::kWaiting) return Step{};  // kept until the listener hands a result back
  return s.Run();
}

Step Session::TlsStarted() {
  Impl& s = *impl_;
  s.config.tls_active = true;
  s.counters.tls = true;
  // RFC 3207 §4.2: forget everything learnt from the client before the handshake.
  s.hello = Hello::kNone;
  s.authenticated = false;
  s.principal.reset();
  s.ResetTransaction();
  s.in.clear();
  s.pos = 0;
  s.discarding_command = false;
  s.phase = Phase::kCommand;
  s.next = Next::kRead;
  return s.Run();
}

Step Session::Authenticated(Result<Principal> principal) {
  if (impl_->phase == Phase::kClosed) return Step{.next = Next::kClose};
  impl_->FinishAuth(std::move(principal));
  return impl_->Run();
}

Step Session::Submitted(Reply reply) {
  if (impl_->phase == Phase::kClosed) {  // timed out or shut down while the store was working
    SessionCounters& counters = impl_->counters;
    ++(reply.code / 100 == 2 ? counters.messages_accepted : counters.messages_refused);
    return Step{.next = Next::kClose};
  }
  impl_->FinishSubmission(reply);
  return impl_->Run();
}

Step Session::IdleTimeout() {
  if (impl_->phase == Phase::kClosed) return Step{.next = Next::kClose};
  impl_->CloseWith(421, "4.4.2",
                   impl_->config.hostname + " Timeout waiting for the client; closing");
  return impl_->TakeStep();
}

Step Session::ShuttingDown() {
  if (impl_->phase == Phase::kClosed) return Step{.next = Next::kClose};
  impl_->CloseWith(421, "4.3.2", impl_->config.hostname + " Service shutting down; closing");
  return impl_->TakeStep();
}

const SessionCounters& Session::counters() const { return impl_->counters; }
const std::optional<Principal>& Session::principal() const { return impl_->principal; }
bool Session::in_data() const {
  return impl_->phase == Phase::kData || impl_->phase == Phase::kBdat;
}

Step Session::Impl::Run() {
  while (next == Next::kRead && Pump()) {
  }
  Compact();
  return TakeStep();
}

bool Session::Impl::Pump() {
  switch (phase) {
    case Phase::kCommand:
      return PumpCommand();
    case Phase::kAuthPlain:
    case Phase::kAuthLoginUser:
    case Phase::kAuthLoginPassword:
      return PumpAuthLine();
    case Phase::kData:
      return PumpData();
    case Phase::kBdat:
      return PumpChunk();
    case Phase::kWaiting:
    case Phase::kClosed:
      return false;
  }
  return false;
}

Step Session::Impl::TakeStep() {
  Step step = std::move(pending);
  pending = Step{};
  step.output = std::move(out);
  out.clear();
  step.next = next;
  if (next != Next::kClose) next = Next::kRead;
  return step;
}

void Session::Impl::Wait(Next what) {
  phase = Phase::kWaiting;
  waiting_for = what;
  next = what;
}

// Commands end at LF; a CR before it is dropped. Bare LF is tolerated in commands (as Postfix and
// Exim do by default); in DATA it is not (session_data.cpp).
LineTake Session::Impl::TakeLine(std::size_t limit) {
  using Kind = LineTake::Kind;
  if (discarding_command) {
    const std::size_t lf = in.find('\n', pos);
    if (lf == std::string::npos) {
      pos = in.size();
      return {Kind::kNeedMore, {}};
    }
    pos = lf + 1;
    discarding_command = false;
  }
  const std::size_t lf = in.find('\n', pos);
  if (lf == std::string::npos) {
    if (in.size() - pos <= limit) return {Kind::kNeedMore, {}};
    pos = in.size();
    discarding_command = true;
    return {Kind::kTooLong, {}};
  }
  std::string_view line(in.data() + pos, lf - pos);
  const std::size_t length = lf + 1 - pos;
  pos = lf + 1;
  if (length > limit) return {Kind::kTooLong, {}};
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return {Kind::kLine, line};
}

std::size_t Session::Impl::CommandLineLimit() const {
  const std::size_t base = config.limits.max_command_line;
  const bool auth =
      phase != Phase::kCommand || AsciiIStartsWith(std::string_view(in).substr(pos), "AUTH ");
  return auth ? std::max(base, kAuthLineLimit) : base;
}

void Session::Impl::Compact() {
  if (pos >= in.size()) {
    in.clear();
  } else if (pos > 0) {
    in.erase(0, pos);
  }
  pos = 0;
}

void Session::Impl::Say(int code, std::string_view enhanced, std::string_view text) {
  out += std::to_string(code);
  out += ' ';
  if (hello == Hello::kEhlo && !enhanced.empty() && code / 100 != 3) {
    out += enhanced;
    out += ' ';
  }
  AppendOneLine(out, text);
  out += "\r\n";
}

void Session::Impl::SayLines(int code, std::string_view enhanced,
                             const std::vector<std::string>& lines) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += std::to_string(code);
    out += i + 1 < lines.size() ? '-' : ' ';
    if (hello == Hello::kEhlo && !enhanced.empty()) {
      out += enhanced;
      out += ' ';
    }
    AppendOneLine(out, lines[i]);
    out += "\r\n";
  }
}

void Session::Impl::Refuse(int code, std::string_view enhanced, std::string_view text) {
  Say(code, enhanced, text);
  ++counters.errors;
  if (counters.errors >= config.limits.max_errors) {
    CloseWith(421, "4.7.0", config.hostname + " Too many errors; closing the connection");
  }
}

void Session::Impl::CloseWith(int code, std::string_view enhanced, std::string_view text) {
  Say(code, enhanced, text);
  phase = Phase::kClosed;
  next = Next::kClose;
  in.clear();
  pos = 0;
}

}  // namespace graphpost::smtp
