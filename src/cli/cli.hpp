// cli/cli.hpp — the graphpost command line. Run() parses argv, runs the command and returns the
// process exit code (cli/exit_codes.hpp). Errors are printed to stderr as "graphpost: <message>"
// (or as JSON with --json). Not thread-safe; call once from main.
#pragma once

namespace graphpost::cli {

int Run(int argc, char** argv);

}  // namespace graphpost::cli
