#include "setup/answers.hpp"
