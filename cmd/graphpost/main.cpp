// graphpost: one binary, many commands. Everything happens in cli::Run.
#include "cli/cli.hpp"

int main(int argc, char** argv) { return graphpost::cli::Run(argc, argv); }
