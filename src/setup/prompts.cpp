#include "setup/prompts.hpp"
