// console/internal/assets.hpp — the stylesheet and script compiled into the binary
// (src/console/CMakeLists.txt concatenates assets/*.css and assets/*.js, console.* first).
// Constant data; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace graphpost::console::internal {

struct Asset {
  std::string_view content;
  std::string_view content_type;
  std::string version;  // 16 hex digits of the content's SHA-256: the URL's ?v= and the ETag
};

const Asset& ConsoleCss();
const Asset& ConsoleJs();

// "/ui/assets/console.css?v=<version>" and the same for the script: what pages link to, so a
// new build's files are fetched anew while old ones may be cached for a year.
std::string CssHref();
std::string JsHref();

}  // namespace graphpost::console::internal
