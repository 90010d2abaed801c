// Session: the message content, by DATA (dot-stuffed lines up to CRLF.CRLF, RFC 5321 §4.1.1.4)
// or BDAT (counted binary chunks, RFC 3030). A message that is refused (too big, a bare LF, an
// overlong line) is still read to its end, then discarded: nothing of it reaches a Submission.
#include <algorithm>
#include <string>

#include "smtp/internal/session_impl.hpp"

namespace graphpost::smtp {

void Session::Impl::OnData() {
  if (NeedHello()) return;
  if (!tx.active) return Refuse(503, "5.5.1", "Send MAIL first");
  if (tx.chunked) return Refuse(503, "5.5.1", "DATA cannot follow BDAT in one message");
  if (tx.rcpt_to.empty()) return Refuse(554, "5.5.1", "No valid recipients");
  if (tx.params.body == "BINARYMIME") {
    return Refuse(503, "5.5.1", "BODY=BINARYMIME needs BDAT, not DATA");
  }
  data = DataState{};
  phase = Phase::kData;
  Say(354, "", "End data with <CR><LF>.<CR><LF>");
}

bool Session::Impl::PumpData() {
  const std::size_t lf = in.find('\n', pos);
  if (lf == std::string::npos) {
    if (in.size() - pos > config.limits.max_data_line) {
      if (!data.discarding_line) ++data.line_number;
      NoteFailure(554, "5.6.0",
                  "Message refused: line " + std::to_string(data.line_number) + " is longer than " +
                      std::to_string(config.limits.max_data_line) + " bytes; nothing was stored");
      data.discarding_line = true;
      pos = in.size();
    }
    return false;
  }
  std::string_view line(in.data() + pos, lf - pos);
  pos = lf + 1;
  if (data.discarding_line) {
    data.discarding_line = false;  // the overlong line ends here; it was never a "." line
    return true;
  }
  ++data.line_number;
  OnDataLine(line);
  return true;
}

void Session::Impl::OnDataLine(std::string_view line) {
  const bool crlf = !line.empty() && line.back() == '\r';
  if (crlf) line.remove_suffix(1);
  // Only CRLF "." CRLF ends DATA: "\n.\r\n" is content, so a message cannot smuggle a second
  // one past a relay that reads it differently (RFC 5321 §2.3.8, "SMTP smuggling").
  const bool line_start = data.previous_crlf;
  data.previous_crlf = crlf;
  if (line == "." && !crlf) return RefuseBareLfEnd();
  if (line == "." && line_start) return EndData();
  const std::string where = "line " + std::to_string(data.line_number);
  if (!crlf) {
    NoteFailure(554, "5.6.0",
                "Message refused: " + where +
                    " ends with a bare LF; SMTP needs CRLF "
                    "line ends (RFC 5321 section 2.3.8); nothing was stored");
  }
  if (line.size() + 2 > config.limits.max_data_line) {
    NoteFailure(554, "5.6.0",
                "Message refused: " + where + " is longer than " +
                    std::to_string(config.limits.max_data_line) + " bytes; nothing was stored");
  }
  if (!line.empty() && line.front() == '.') line.remove_prefix(1);
  AppendToMessage(line);
}

// "\n.\n": the client ends the message with bare LFs. Refuse and hang up rather than wait for a
// CRLF.CRLF this client will not send, and read nothing after it as a command.
void Session::Impl::RefuseBareLfEnd() {
  ++counters.messages_refused;
  ResetTransaction();
  CloseWith(554, "5.6.0",
            "Message refused: it ends with a bare LF; SMTP needs CRLF line ends (RFC 5321 "
            "section 2.3.8); nothing was stored");
}

void Session::Impl::AppendToMessage(std::string_view line) {
  if (tx.failure) return;
  if (tx.mime.size() + line.size() + 2 > config.limits.max_message_bytes) {
    NoteFailure(552, "5.3.4",
                "Message refused: it is larger than the limit of " +
                    std::to_string(config.limits.max_message_bytes) + " bytes; nothing was stored");
    return;
  }
  tx.mime += line;
  tx.mime += "\r\n";
}

// The first reason wins; the content read so far is dropped at once.
void Session::Impl::NoteFailure(int code, std::string_view enhanced, std::string text) {
  if (!tx.failure) tx.failure = Reply{code, std::string(enhanced), std::move(text)};
  std::string().swap(tx.mime);
}

void Session::Impl::EndData() {
  phase = Phase::kCommand;
  if (!tx.failure) return SubmitMessage();
  ++counters.messages_refused;
  Say(*tx.failure);
  ResetTransaction();
}

void Session::Impl::OnBdat(const Command& command) {
  chunk = ChunkState{command.chunk_size, command.chunk_size, command.last_chunk, std::nullopt};
  if (hello == Hello::kNone) {
    chunk.refusal = Reply{503, "5.5.1", "Send EHLO or HELO first"};
  } else if (!tx.active) {
    chunk.refusal = Reply{503, "5.5.1", "Send MAIL first"};
  } else if (tx.rcpt_to.empty()) {
    chunk.refusal = Reply{554, "5.5.1", "No valid recipients"};
  } else {
    tx.chunked = true;
    const std::uint64_t max = config.limits.max_message_bytes;
    if (command.chunk_size > max || tx.mime.size() + command.chunk_size > max) {
      NoteFailure(552, "5.3.4",
                  "Message refused: it is larger than the limit of " + std::to_string(max) +
                      " bytes; nothing was stored");
    }
  }
  phase = Phase::kBdat;
  if (chunk.remaining == 0) EndChunk();
}

bool Session::Impl::PumpChunk() {
  const std::uint64_t take = std::min<std::uint64_t>(chunk.remaining, in.size() - pos);
  if (take == 0) return false;
  if (!chunk.refusal && !tx.failure) tx.mime.append(in, pos, take);
  pos += take;
  chunk.remaining -= take;
  if (chunk.remaining == 0) EndChunk();
  return true;
}

void Session::Impl::EndChunk() {
  phase = Phase::kCommand;
  if (chunk.refusal)
    return Refuse(chunk.refusal->code, chunk.refusal->enhanced, chunk.refusal->text);
  if (tx.failure) {
    // RFC 3030 §4.2: every later chunk of a failed message is read and refused too.
    Say(*tx.failure);
    if (chunk.last) {
      ++counters.messages_refused;
      ResetTransaction();
    }
    return;
  }
  if (chunk.last) return SubmitMessage();
  Say(250, "2.0.0", std::to_string(chunk.size) + " octets received");
}

void Session::Impl::SubmitMessage() {
  Submission submission{
      .principal = principal.value_or(Principal{}),
      .peer = peer,
      .session_id = session_id,
      .mail_from = tx.mail_from,
      .rcpt_to = tx.rcpt_to,
      .mime = std::move(tx.mime),
      .smtputf8 = tx.params.smtputf8,
      .body_type = tx.params.body,
      .envid = tx.params.envid,
  };
  pending.submission = std::move(submission);
  Wait(Next::kSubmit);
}

void Session::Impl::FinishSubmission(const Reply& reply) {
  phase = Phase::kCommand;
  next = Next::kRead;
  ResetTransaction();
  if (reply.code / 100 == 2) {
    ++counters.messages_accepted;
  } else {
    ++counters.messages_refused;
  }
  if (reply.code == 421) return CloseWith(reply.code, reply.enhanced, reply.text);
  Say(reply);
}

}  // namespace graphpost::smtp
