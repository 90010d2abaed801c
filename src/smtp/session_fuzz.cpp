// libFuzzer target: a whole SMTP session fed untrusted bytes in untrusted pieces must never
// crash or hang, every reply line ends with CRLF, and the listener's callbacks (TLS, AUTH,
// submission) are answered as a listener would. Input: pieces separated by 0xFF; a piece's first
// byte picks the answer to a pending AUTH or submission.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "smtp/session.hpp"

namespace {
using namespace graphpost::smtp;

void CheckOutput(const std::string& output) {
  if (!output.empty() && (output.size() < 2 || output.substr(output.size() - 2) != "\r\n")) {
    __builtin_trap();
  }
}

// Answers whatever the step asks of the listener; returns false once the session is closed.
bool Follow(Session& session, Step step, std::uint8_t choice) {
  for (int round = 0; round < 100000; ++round) {
    CheckOutput(step.output);
    switch (step.next) {
      case Next::kRead:
        return true;
      case Next::kClose:
        return false;
      case Next::kStartTls:
        step = session.TlsStarted();
        break;
      case Next::kAuthenticate:
        step = choice & 1 ? session.Authenticated(Principal{.name = "fuzz"})
                          : session.Authenticated(
                                graphpost::Fail(graphpost::ErrorCode::kUnauthenticated, "no"));
        break;
      case Next::kSubmit:
        step = session.Submitted(choice & 2 ? Reply{250, "2.0.0", "queued"}
                                            : Reply{451, "4.3.0", "try later"});
        break;
    }
  }
  __builtin_trap();  // the session kept asking without reading
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  SessionConfig config;
  config.tls_available = true;
  config.auth_without_tls = true;
  config.limits.max_command_line = 64;
  config.limits.max_data_line = 128;
  config.limits.max_message_bytes = 4096;
  config.limits.max_recipients = 5;
  if (size > 0 && (data[0] & 1)) config.anonymous = Principal{.name = "range"};
  Session session(config, Peer{"127.0.0.1", 1, true}, "fuzz");
  if (!Follow(session, session.Start(), 0)) return 0;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  while (!input.empty()) {
    const std::size_t cut = std::min(input.find('\xff'), input.size());
    const std::string_view piece = input.substr(0, cut);
    input.remove_prefix(std::min(cut + 1, input.size()));
    const std::uint8_t choice = piece.empty() ? 0 : static_cast<std::uint8_t>(piece[0]);
    if (!Follow(session, session.Feed(piece), choice)) return 0;
  }
  CheckOutput(session.IdleTimeout().output);
  return 0;
}
