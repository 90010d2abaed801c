// core/json.hpp — small helpers over Boost.JSON so callers get Results, not exceptions. Boost.JSON
// is the project's one JSON library. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "core/result.hpp"

namespace graphpost {

namespace json = boost::json;

// Parses `text`; kInvalidArgument with the parser's reason and byte offset on failure.
[[nodiscard]] Result<json::value> ParseJson(std::string_view text);

// Serialises compactly.
std::string ToJson(const json::value& value);

// Field accessors on an object value: nullopt when absent or of another type.
std::optional<std::string> JsonString(const json::value& object, std::string_view key);
std::optional<bool> JsonBool(const json::value& object, std::string_view key);
std::optional<long long> JsonInt(const json::value& object, std::string_view key);
const json::object* JsonObject(const json::value& object, std::string_view key);
const json::array* JsonArray(const json::value& object, std::string_view key);

}  // namespace graphpost
