// `graphpost setup migrate`: RunSetupMigrate.
#include "cli/setup_commands.hpp"
