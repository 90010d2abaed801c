#include "core/json.hpp"

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
const json::value* Field(const json::value& object, std::string_view key) {
  const json::object* obj = object.if_object();
  if (obj == nullptr) return nullptr;
  auto it = obj->find(key);
  return it == obj->end() ? nullptr : &it->value();
}
}  // namespace

std::optional<std::string> JsonString(const json::value& object, std::string_view key) {
  const json::value* v = Field(object, key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

std::optional<bool> JsonBool(const json::value& object, std::string_view key) {
  const json::value* v = Field(object, key);
  if (v == nullptr || !v->is_bool()) return std::nullopt;
  return v->get_bool();
}

std::optional<long long> JsonInt(const json::value& object, std::string_view key) {
  const json::value* v = Field(object, key);
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<long long>(v->get_uint64());
  if (v->is_double()) return static_cast<long long>(v->get_double());
  return std::nullopt;
}

const json::object* JsonObject(const json::value& object, std::string_view key) {
  const json::value* v = Field(object, key);
  return v == nullptr ? nullptr : v->if_object();
}

const json::array* JsonArray(const json::value& object, std::string_view key) {
  const json::value* v = Field(object, key);
  return v == nullptr ? nullptr : v->if_array();
}

}  // namespace graphpost
