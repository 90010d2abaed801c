// cli/stop_signals.hpp — how the long-running commands (`serve`, `sandbox serve`) wait for
// SIGINT/SIGTERM: blocked in every thread, received by sigwait in the main thread.
#pragma once

#include <csignal>

namespace graphpost::cli {

// Restores the default action of SIGINT and SIGTERM (a shell starts background jobs with SIGINT
// ignored, and an ignored signal never reaches sigwait) and blocks both in the calling thread.
// Call before any thread starts, so threads inherit the mask and only sigwait receives them.
// Returns the set to pass to sigwait.
sigset_t BlockStopSignals();

}  // namespace graphpost::cli
