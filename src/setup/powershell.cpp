#include "setup/powershell.hpp"
