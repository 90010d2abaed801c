// core/html_escape.hpp — the one HTML escaper of the client side (the console's pages, the mail
// merge's HTML bodies). The sandbox keeps its own, as an independent oracle. Pure function.
#pragma once

#include <string>
#include <string_view>

namespace graphpost {

// `text` with & < > " ' replaced by their character references: safe in element text and in
// single- or double-quoted attribute values.
std::string EscapeHtml(std::string_view text);

}  // namespace graphpost
