// api/content_type.hpp — which request bodies the REST API reads as JSON: the Content-Type check
// behind its 415 answers (docs/gateway.md, "Errors"). Pure function.
#pragma once

#include <string_view>

namespace graphpost::api {

// True for "application/json" or "application/<anything>+json" (any case), optionally with the
// one parameter "charset=utf-8" (quoted or not). False for anything else, including an empty value.
bool IsJsonContentType(std::string_view value);

}  // namespace graphpost::api
