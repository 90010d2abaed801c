#include "setup/sandbox_runner.hpp"
