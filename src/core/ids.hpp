// core/ids.hpp — GUIDs as Entra and Graph print them (lower-case, 8-4-4-4-12). Pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/random.hpp"

namespace graphpost {

// A random (version 4) GUID, lower-case.
std::string NewGuid(Random& random);

// True when `text` is a GUID in 8-4-4-4-12 hex form (any case, no braces).
bool IsGuid(std::string_view text);

}  // namespace graphpost
