// CLI11 wiring of `graphpost setup` (placeholder until the setup command lands).
#include "cli/setup_commands.hpp"

namespace graphpost::cli {

void AddSetupCommands(CLI::App&, ClientGlobal&, SetupArgs&, std::function<Status()>&) {}

}  // namespace graphpost::cli
