#include "setup/plan.hpp"
