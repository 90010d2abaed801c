// delivery/pause_advice.hpp — what the engine says about a lane paused because its credential was
// refused for good: the reason (the token endpoint's refusal in plain words, with its AADSTS
// code), the fix (the doctor's step, then what resumes the lanes: a new secret, through
// `graphpost connection rotate-secret` or the console's rotate form) and the alert line. Built
// from the doctor's send advice (doctor/send_advice.hpp), so the wording is written once. Never
// includes a secret. Pure functions; thread-safe.
#pragma once

#include <string>

#include "connections/connection.hpp"
#include "core/error.hpp"

namespace graphpost::delivery {

struct PauseAdvice {
  std::string reason;  // e.g. "The client secret of app … has expired (AADSTS7000222)."
  std::string fix;     // several lines: the doctor's fix, then how the lanes resume
  std::string alert;   // one line for EngineStats::alerts, naming the connection
};

// For connection `c`, whose credential's token request failed for good with `error`.
PauseAdvice AdviseOnPause(const connections::Connection& c, const Error& error);

}  // namespace graphpost::delivery
