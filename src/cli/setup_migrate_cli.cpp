// CLI11 wiring of `graphpost setup migrate`.
#include "cli/setup_commands.hpp"
