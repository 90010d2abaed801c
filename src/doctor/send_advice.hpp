// doctor/send_advice.hpp — the doctor's fix texts for a failure met while sending (by the
// gateway's delivery engine): given the connection and the classified error, what went wrong in
// plain words and the setup-guide step or command that fixes it. Never includes a secret. Pure
// function; thread-safe.
#pragma once

#include <cstddef>
#include <string>

#include "connections/connection.hpp"
#include "core/error.hpp"

namespace graphpost::doctor {

struct SendAdvice {
  std::string cause;  // plain words, may name the AADSTS/Graph code
  std::string fix;    // the portal step or PowerShell command, filled in; empty when none helps
};

// For a token failure (remote_code "AADSTS…": expired or wrong secret, disabled or deleted app,
// unknown tenant) and for Graph's 401, 403, 404 and 400/413 answers. Others get the error's own
// words and no fix.
SendAdvice AdviseOnSendFailure(const connections::Connection& c, const Error& error);

// For a message too large for one Graph request (over `limit_bytes` as base64), which goes as a
// draft plus upload sessions, when Graph refused the draft (403): the app may send but lacks
// Mail.ReadWrite for the mailbox. The fix names both ways to grant it (the Entra application
// permission, or Exchange's "Application Mail.ReadWrite" role on the mailbox's scope).
SendAdvice AdviseOnDraftRefused(const connections::Connection& c, const Error& error,
                                std::size_t limit_bytes);

}  // namespace graphpost::doctor
