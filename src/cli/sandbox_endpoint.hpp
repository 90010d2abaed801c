// cli/sandbox_endpoint.hpp — connections made with `connection add --sandbox` follow the sandbox
// when it restarts on another port. Such a connection trusts the sandbox's CA in the sandbox's
// state directory (<dir>/ca.pem); the running sandbox writes its current URLs to
// <dir>/endpoint.json, so they are read at use time instead of trusting the port saved at `add`.
// Not thread-safe (reads files).
#pragma once

#include <filesystem>
#include <optional>

#include "connections/connection.hpp"
#include "sandbox/server/state_dir.hpp"

namespace graphpost::cli {

// `c` pointed at the sandbox of `endpoint`, as `connection add --sandbox` saves it: cloud
// "custom", the sandbox's login and Graph URLs, and its CA.
void PointAtSandbox(connections::Connection& c, const sandbox::Endpoint& endpoint);

// The state directory of the sandbox `c` was added with: the folder of its CA file when that is
// <dir>/ca.pem with an endpoint.json beside it; nullopt for any other connection.
std::optional<std::filesystem::path> SandboxStateDirOf(const connections::Connection& c);

// `c` with its login and Graph URLs replaced by those of the sandbox now running from the state
// directory its CA file lives in; `c` unchanged when it is not a sandbox connection or no sandbox
// runs there (the saved URLs then stand, and the connection error names them).
connections::Connection WithRunningSandboxEndpoints(connections::Connection c);

}  // namespace graphpost::cli
