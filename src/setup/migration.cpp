#include "setup/migration.hpp"
