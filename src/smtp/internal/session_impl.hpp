// smtp/internal/session_impl.hpp — Session's state, shared by the session_*.cpp files (commands,
// AUTH, DATA / BDAT). Input is buffered in `in` from `pos`; Run() takes complete lines (or BDAT
// bytes) until it runs out or a step needs the listener. Not thread-safe, like Session.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smtp/command.hpp"
#include "smtp/session.hpp"

namespace graphpost::smtp {

enum class Phase {
  kCommand,            // reading command lines
  kAuthPlain,          // AUTH PLAIN: waiting for the response line
  kAuthLoginUser,      // AUTH LOGIN: waiting for the user name
  kAuthLoginPassword,  // AUTH LOGIN: waiting for the password
  kData,               // reading DATA lines up to CRLF.CRLF
  kBdat,               // reading a BDAT chunk's bytes
  kWaiting,            // the listener is working on `next` (TLS, AUTH check, submission)
  kClosed,
};

enum class Hello { kNone, kHelo, kEhlo };

struct Transaction {
  bool active = false;  // MAIL accepted
  std::string mail_from;
  MailParameters params;
  std::vector<std::string> rcpt_to;
  std::string mime;
  bool chunked = false;          // BDAT was used (DATA then refused)
  std::optional<Reply> failure;  // the message will be refused with this; nothing is kept
};

struct DataState {
  std::size_t line_number = 0;
  bool discarding_line = false;  // the rest of an overlong line
  bool previous_crlf = true;     // the line before ended with CRLF (or there was none)
};

struct ChunkState {
  std::uint64_t size = 0;
  std::uint64_t remaining = 0;
  bool last = false;
  std::optional<Reply> refusal;  // the BDAT itself was out of order; its bytes are still read
};

struct LineTake {
  enum class Kind { kLine, kNeedMore, kTooLong } kind;
  std::string_view line;  // without CRLF / LF; valid until `in` changes
};

struct Session::Impl {
  Impl(SessionConfig c, Peer p, std::string id)
      : config(std::move(c)), peer(std::move(p)), session_id(std::move(id)) {
    counters.tls = config.tls_active;
  }

  // session.cpp: the input loop and replies.
  Step Run();
  Step TakeStep();
  bool Pump();
  LineTake TakeLine(std::size_t limit);
  std::size_t CommandLineLimit() const;
  void Compact();
  void Say(int code, std::string_view enhanced, std::string_view text);
  void Say(const Reply& reply) { Say(reply.code, reply.enhanced, reply.text); }
  void SayLines(int code, std::string_view enhanced, const std::vector<std::string>& lines);
  void Refuse(int code, std::string_view enhanced, std::string_view text);  // counts an error
  void CloseWith(int code, std::string_view enhanced, std::string_view text);
  void ResetTransaction() { tx = Transaction{}; }
  void Wait(Next what);

  // session_commands.cpp
  bool PumpCommand();
  void OnCommandLine(std::string_view line);
  void OnBadCommand(const CommandError& error);
  void Dispatch(const Command& command);
  void OnHello(const Command& command);
  void OnMail(const Command& command);
  void OnRcpt(const Command& command);
  void OnStartTls();
  void OnHelp();
  bool NeedHello();

  // session_auth.cpp
  void OnAuth(const Command& command);
  bool PumpAuthLine();
  void OnPlainResponse(const std::string& decoded);
  void FinishAuth(Result<Principal> result);

  // session_data.cpp
  void OnData();
  void OnBdat(const Command& command);
  bool PumpData();
  bool PumpChunk();
  void OnDataLine(std::string_view line);
  void AppendToMessage(std::string_view line);
  void RefuseBareLfEnd();
  void NoteFailure(int code, std::string_view enhanced, std::string text);
  void EndData();
  void EndChunk();
  void SubmitMessage();
  void FinishSubmission(const Reply& reply);

  SessionConfig config;
  Peer peer;
  std::string session_id;

  Phase phase = Phase::kCommand;
  Hello hello = Hello::kNone;
  bool authenticated = false;
  std::optional<Principal> principal;
  Transaction tx;
  DataState data;
  ChunkState chunk;
  std::string login_username;       // AUTH LOGIN, between its two lines
  bool discarding_command = false;  // the rest of an overlong command line

  std::string in;
  std::size_t pos = 0;
  std::string out;
  Next next = Next::kRead;
  Next waiting_for = Next::kRead;  // what kWaiting waits for
  Step pending;                    // auth_* or submission for `next`
  SessionCounters counters;
};

}  // namespace graphpost::smtp
