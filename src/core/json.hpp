// core/json.hpp — small helpers over Boost.JSON so callers get Results, not exceptions. Boost.JSON
// is the project's one JSON library. Pure functions.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/result.hpp"

namespace graphpost {

namespace json = boost::json;

// Parses `text`; kInvalidArgument with the parser's reason and byte offset on failure.
[[nodiscard]] Result<json::value> ParseJson(std::string_view text);

// Serialises compactly.
std::string ToJson(const json::value& value);

// Field accessors: nullopt (or nullptr) when `object` is not an object, or the field is absent or
// of another type. Each takes a json::value or a json::object without copying it; the pointers
// JsonObject and JsonArray return point into `object`, so temporaries are refused at compile time.
std::optional<std::string> JsonString(const json::value& object, std::string_view key);
std::optional<std::string> JsonString(const json::object& object, std::string_view key);
std::optional<bool> JsonBool(const json::value& object, std::string_view key);
std::optional<bool> JsonBool(const json::object& object, std::string_view key);
std::optional<long long> JsonInt(const json::value& object, std::string_view key);
std::optional<long long> JsonInt(const json::object& object, std::string_view key);
const json::object* JsonObject(const json::value& object, std::string_view key);
const json::object* JsonObject(const json::object& object, std::string_view key);
const json::object* JsonObject(json::value&& object, std::string_view key) = delete;
const json::object* JsonObject(json::object&& object, std::string_view key) = delete;
const json::array* JsonArray(const json::value& object, std::string_view key);
const json::array* JsonArray(const json::object& object, std::string_view key);
const json::array* JsonArray(json::value&& object, std::string_view key) = delete;
const json::array* JsonArray(json::object&& object, std::string_view key) = delete;

// The first key of `object` (when it is an object) that is not in `known`, in document order;
// nullopt when every key is known. For readers that refuse data they would otherwise drop.
std::optional<std::string> UnknownKey(const json::value& object,
                                      std::initializer_list<std::string_view> known);

}  // namespace graphpost
