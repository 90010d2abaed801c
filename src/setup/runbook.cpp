#include "setup/runbook.hpp"
