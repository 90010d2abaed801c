// smtp/smtp_ports.hpp — what the SMTP listener needs from the rest of the gateway, as ports:
// who a client is (Authenticator, AccessPolicy) and where an accepted message goes
// (SubmissionSink). The gateway's composition root implements them over the outbox and the
// connection store; tests use small fakes. Implementations are thread-safe: the listener calls
// them from its I/O threads, and their callbacks may run on any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/secret.hpp"

namespace graphpost::smtp {

// The client end of a session.
struct Peer {
  std::string address;  // IP address as text ("127.0.0.1", "::1", "10.1.2.3")
  std::uint16_t port = 0;
  bool loopback = false;
};

// Who is sending: an SMTP account that authenticated, or an address range allowed to submit
// without AUTH. Decides which connections (and so which mailboxes) the session may send through.
struct Principal {
  enum class Kind { kAccount, kRange };
  Kind kind = Kind::kAccount;
  std::string name;                      // account name, or the range as configured ("10.0.0.0/8")
  std::vector<std::string> connections;  // connections it may send through
  // Extra sender addresses ("billing@contoso.com") or domains ("@contoso.com") it may use beyond
  // its connections' own mailboxes; empty = only those mailboxes.
  std::vector<std::string> senders;
  // "account:<name>" or "range:<name>", as logs, metrics and the outbox name it.
  std::string Label() const;
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // Checks `username` / `password` from AUTH PLAIN or LOGIN for a client at `peer`. `done` gets
  // the principal, or: kUnauthenticated (wrong name or password; the message never says which),
  // kThrottled (too many failures from this address; retry_after set), kUnavailable (the account
  // store cannot be read). Slow work (Argon2id) runs off the caller's thread.
  virtual void Verify(const Peer& peer, std::string username, Secret password,
                      std::function<void(Result<Principal>)> done) = 0;
};

class AccessPolicy {
 public:
  virtual ~AccessPolicy() = default;
  // The principal of a client that has not authenticated: set when its address is in a
  // configured range, nullopt when it must AUTH before MAIL.
  virtual std::optional<Principal> Anonymous(const Peer& peer) = 0;
  // Whether AUTH is offered to `peer` before TLS (loopback, or explicitly allowed ranges).
  virtual bool AuthWithoutTls(const Peer& peer) = 0;
};

// One message at the end of DATA / BDAT LAST.
struct Submission {
  Principal principal;
  Peer peer;
  std::string session_id;
  std::string mail_from;             // without <>; empty for the null sender
  std::vector<std::string> rcpt_to;  // without <>
  std::string mime;                  // the message as received (dot-unstuffed), CRLF line ends
  bool smtputf8 = false;             // MAIL FROM ... SMTPUTF8
  std::string body_type;             // "7BIT", "8BITMIME", "BINARYMIME" or "" (not given)
  std::string envid;                 // DSN ENVID, accepted and kept for logs
};

// The SMTP reply the client gets for a submission.
struct Reply {
  int code = 250;            // 250, 451, 452, 550, 552, 554 ...
  std::string enhanced;      // "2.0.0", "4.3.1", "5.7.1" ...
  std::string text;          // one line, no CRLF ("queued as 0c5e…", "storage full; try later")
  friend bool operator==(const Reply&, const Reply&) = default;
};

class SubmissionSink {
 public:
  virtual ~SubmissionSink() = default;
  // Chooses the sending mailbox (the From header's address, else the envelope sender, among the
  // principal's connections and senders), stores the message durably in the outbox and only then
  // calls `done` with 250. Refusals: 550 5.7.1 for a sender outside the principal's mailboxes
  // (the text says which addresses it may use), 554 5.6.0 for a message that is not RFC 5322;
  // temporary: 452 4.3.1 storage full, 451 4.3.0 store unavailable, 421 4.3.2 shutting down.
  virtual void Submit(Submission submission, std::function<void(Reply)> done) = 0;
};

}  // namespace graphpost::smtp
