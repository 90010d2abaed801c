// cli/exit_codes.hpp — the process exit codes of every graphpost command, from one table.
// Documented in docs/cli.md; scripts rely on them, so they never change meaning.
#pragma once

#include "core/error.hpp"

namespace graphpost::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;    // the operation failed (internal or unclassified)
inline constexpr int kExitUsage = 2;     // bad command line
inline constexpr int kExitNotFound = 3;  // a named thing does not exist
inline constexpr int kExitDenied = 4;    // authentication or permission failure
inline constexpr int kExitUnavailable =
    5;  // a service is not running or not reachable; retry later
inline constexpr int kExitInvalidInput = 6;  // input data rejected (file, JSON, value)
inline constexpr int kExitConflict = 7;      // already exists, or not in a state that allows it
// `send`: delivery unknown — the message may or may not have been sent, and graphpost could not
// find out; look for its id before sending it again.
inline constexpr int kExitDeliveryUnknown = 8;

inline int ExitCodeFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return kExitInvalidInput;
    case ErrorCode::kNotFound:
      return kExitNotFound;
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kFailedPrecondition:
      return kExitConflict;
    case ErrorCode::kUnauthenticated:
    case ErrorCode::kPermissionDenied:
      return kExitDenied;
    case ErrorCode::kThrottled:
    case ErrorCode::kUnavailable:
    case ErrorCode::kDeadlineExceeded:
      return kExitUnavailable;
    case ErrorCode::kInternal:
      return kExitFailed;
  }
  return kExitFailed;
}

}  // namespace graphpost::cli
