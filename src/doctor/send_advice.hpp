// doctor/send_advice.hpp — the doctor's fix texts for a failure met while sending (by the
// gateway's delivery engine): given the connection and the classified error, what went wrong in
// plain words and the setup-guide step or command that fixes it. Never includes a secret. Pure
// function; thread-safe.
#pragma once

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

}  // namespace graphpost::doctor
