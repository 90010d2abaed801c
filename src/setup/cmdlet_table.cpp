#include "setup/cmdlet_table.hpp"
