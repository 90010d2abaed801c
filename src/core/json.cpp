#include "core/json.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace graphpost {

Result<json::value> ParseJson(std::string_view text) {
  boost::system::error_code ec;
  json::parse_options options;
  options.max_depth = 64;
  json::value v = json::parse(text, ec, {}, options);
  if (ec) return Fail(ErrorCode::kInvalidArgument, "invalid JSON: " + ec.message());
  return v;
}

std::string ToJson(const json::value& value) { return json::serialize(value); }

namespace {
const json::value* Field(const json::object& object, std::string_view key) {
  auto it = object.find(key);
  return it == object.end() ? nullptr : &it->value();
}
const json::value* Field(const json::value& object, std::string_view key) {
  const json::object* obj = object.if_object();
  return obj == nullptr ? nullptr : Field(*obj, key);
}

template <class Object>
std::optional<std::string> StringField(const Object& object, std::string_view key) {
  const json::value* v = Field(object, key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

template <class Object>
std::optional<bool> BoolField(const Object& object, std::string_view key) {
  const json::value* v = Field(object, key);
  if (v == nullptr || !v->is_bool()) return std::nullopt;
  return v->get_bool();
}

template <class Object>
std::optional<long long> IntField(const Object& object, std::string_view key) {
  const json::value* v = Field(object, key);
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  // Out-of-range numbers are "of another type": casting them would be undefined behaviour.
  if (v->is_uint64()) {
    if (v->get_uint64() > static_cast<std::uint64_t>(std::numeric_limits<long long>::max()))
      return std::nullopt;
    return static_cast<long long>(v->get_uint64());
  }
  if (v->is_double()) {
    const double d = v->get_double();
    if (!(d >= -9.2e18 && d <= 9.2e18)) return std::nullopt;  // also refuses NaN
    return static_cast<long long>(d);
  }
  return std::nullopt;
}

template <class Object>
const json::object* ObjectField(const Object& object, std::string_view key) {
  const json::value* v = Field(object, key);
  return v == nullptr ? nullptr : v->if_object();
}

template <class Object>
const json::array* ArrayField(const Object& object, std::string_view key) {
  const json::value* v = Field(object, key);
  return v == nullptr ? nullptr : v->if_array();
}

}  // namespace

std::optional<std::string> JsonString(const json::value& o, std::string_view k) {
  return StringField(o, k);
}
std::optional<std::string> JsonString(const json::object& o, std::string_view k) {
  return StringField(o, k);
}
std::optional<bool> JsonBool(const json::value& o, std::string_view k) { return BoolField(o, k); }
std::optional<bool> JsonBool(const json::object& o, std::string_view k) { return BoolField(o, k); }
std::optional<long long> JsonInt(const json::value& o, std::string_view k) {
  return IntField(o, k);
}
std::optional<long long> JsonInt(const json::object& o, std::string_view k) {
  return IntField(o, k);
}
const json::object* JsonObject(const json::value& o, std::string_view k) {
  return ObjectField(o, k);
}
const json::object* JsonObject(const json::object& o, std::string_view k) {
  return ObjectField(o, k);
}
const json::array* JsonArray(const json::value& o, std::string_view k) { return ArrayField(o, k); }
const json::array* JsonArray(const json::object& o, std::string_view k) { return ArrayField(o, k); }

std::optional<std::string> UnknownKey(const json::value& object,
                                      std::initializer_list<std::string_view> known) {
  const json::object* o = object.if_object();
  if (o == nullptr) return std::nullopt;
  for (const auto& [key, value] : *o) {
    if (std::find(known.begin(), known.end(), std::string_view(key)) == known.end()) {
      return std::string(key);
    }
  }
  return std::nullopt;
}

}  // namespace graphpost
