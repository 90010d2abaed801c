#include "cli/setup_commands.hpp"
