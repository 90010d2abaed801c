// core/error.hpp — the closed set of failures graphpost reports, and the Error value that carries
// one. Callers decide on `code`, never on `message`. Plain value type; thread-compatible.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace graphpost {

enum class ErrorCode {
  kInvalidArgument,     // the caller's input is malformed; retrying the same input fails again
  kNotFound,            // the named thing does not exist
  kAlreadyExists,       // a create collided with an existing thing
  kFailedPrecondition,  // the system is not in a state where the operation can run
  kUnauthenticated,     // credentials missing, wrong or expired
  kPermissionDenied,    // authenticated, but not allowed
  kThrottled,           // slow down; see retry_after
  kUnavailable,         // transient failure of a remote or local resource
  kDeadlineExceeded,    // ran out of time
  kInternal,            // a bug or an unexpected state
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;                              // for humans and logs; never parsed
  std::optional<std::chrono::seconds> retry_after;  // from Retry-After on 429/503
  // The remote service's own code when the failure came from one, e.g. "AADSTS7000215" or the
  // Graph code "ErrorInvalidUser". For diagnosis (the doctor names causes from it); retry and
  // control flow still decide on `code`.
  std::string remote_code;
};

// True for kThrottled, kUnavailable and kDeadlineExceeded.
bool IsRetryable(const Error& e);

// Stable lower-case name of a code, e.g. "invalid_argument". Used in --json output.
std::string_view ErrorCodeName(ErrorCode code);

}  // namespace graphpost
