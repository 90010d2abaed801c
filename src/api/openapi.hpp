// api/openapi.hpp — the OpenAPI 3.1 document of the REST API. docs/openapi.json is the source; the
// build compiles it into the binary (src/api/CMakeLists.txt), so the served document and the
// documented one are the same file. Pure function.
#pragma once

#include <string_view>

namespace graphpost::api {

// The document's JSON text; valid for the life of the program.
std::string_view OpenApiDocument();

}  // namespace graphpost::api
