// smtp/session.hpp — one SMTP submission session as a pure state machine (RFC 5321, RFC 6409 and
// the extensions in docs/smtp.md's conformance table): bytes from the client in, reply bytes and
// the next thing to do out. No sockets, threads or clocks: the listener (smtp/smtp_server.hpp)
// reads, writes, runs TLS handshakes and timers, and calls the ports (AUTH checks, submissions),
// then hands each result back. That keeps every protocol rule testable byte for byte.
//
// Pipelining: Feed() answers every complete command it holds, in order, until one needs the
// listener (kStartTls, kAuthenticate, kSubmit, kClose); what is still buffered is processed when
// the listener hands the result back. At STARTTLS every byte buffered after the command line is
// discarded (STARTTLS command injection, CVE-2011-0411) and the session goes back to before EHLO.
// Not thread-safe: one session belongs to one connection.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "smtp/smtp_ports.hpp"

namespace graphpost::smtp {

struct SessionLimits {
  std::size_t max_command_line = 2048;    // bytes, CRLF included (AUTH lines: 12288, RFC 4954)
  std::size_t max_data_line = 1000000;    // a DATA line; longer lines are refused whole (554 5.6.0)
  std::size_t max_message_bytes = 36700160;  // SIZE (35 MiB: Exchange Online's default)
  int max_recipients = 500;               // per message (Exchange: 500)
  int max_commands = 100000;              // per session
  int max_errors = 10;                    // 5xx/4xx replies to bad commands before 421 and close
  int max_messages = 10000;               // per session
  std::chrono::seconds idle_timeout{300};  // the listener's timer: no complete command this long
  std::chrono::seconds data_timeout{180};  // the listener's timer: no DATA bytes this long
};

struct SessionConfig {
  std::string hostname = "localhost";  // greeting and EHLO reply
  SessionLimits limits;
  bool tls_available = false;   // STARTTLS offered (a certificate is configured)
  bool tls_active = false;      // the connection is already TLS (implicit TLS, port 465 style)
  bool auth_without_tls = false;  // AccessPolicy::AuthWithoutTls(peer)
  bool auth_offered = true;       // AUTH PLAIN LOGIN advertised (accounts exist)
  std::optional<Principal> anonymous;  // AccessPolicy::Anonymous(peer): MAIL without AUTH
};

// What the listener does next.
enum class Next {
  kRead,          // write `output`, then read more and Feed() it
  kStartTls,      // write `output` (220), run the TLS handshake, then TlsStarted()
  kAuthenticate,  // write `output`, call Authenticator::Verify(auth_*), then Authenticated()
  kSubmit,        // write `output`, call SubmissionSink::Submit(*submission), then Submitted()
  kClose,         // write `output`, then close the connection
};

struct Step {
  std::string output;  // reply lines to write (may be empty), CRLF-terminated
  Next next = Next::kRead;
  std::string auth_username;               // with kAuthenticate
  Secret auth_password;                    // with kAuthenticate
  std::optional<Submission> submission;    // with kSubmit
};

// Counts for logs and metrics, read after the session ends.
struct SessionCounters {
  int commands = 0;
  int errors = 0;
  int messages_accepted = 0;
  int messages_refused = 0;
  std::size_t bytes_received = 0;
  bool authenticated = false;
  bool tls = false;
};

class Session {
 public:
  Session(SessionConfig config, Peer peer, std::string session_id);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  Step Start();                         // the 220 greeting
  Step Feed(std::string_view bytes);    // client bytes, any split
  Step TlsStarted();                    // handshake done: state back to before EHLO
  Step Authenticated(Result<Principal> principal);  // 235, 535 5.7.8, 454 4.7.0 or 421
  Step Submitted(Reply reply);          // the sink's reply to the message, then buffered input
  Step IdleTimeout();                   // 421 4.4.2 and kClose
  Step ShuttingDown();                  // 421 4.3.2 and kClose

  const SessionCounters& counters() const;
  // The principal after AUTH (or the anonymous one once MAIL was accepted without AUTH).
  const std::optional<Principal>& principal() const;
  bool in_data() const;  // reading DATA or BDAT content (the listener uses data_timeout)

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace graphpost::smtp
