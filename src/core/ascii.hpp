// core/ascii.hpp — ASCII case and whitespace helpers for protocol text (header names, OData
// keywords, e-mail addresses). Not Unicode-aware on purpose. Pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace graphpost {

std::string AsciiLower(std::string_view text);
bool AsciiIEquals(std::string_view a, std::string_view b);
bool AsciiIStartsWith(std::string_view text, std::string_view prefix);
std::string_view TrimAscii(std::string_view text);
// Splits on every `sep`; empty pieces are kept.
std::vector<std::string_view> Split(std::string_view text, char sep);

}  // namespace graphpost
