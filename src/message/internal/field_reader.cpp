#include "message/internal/field_reader.hpp"

#include <cstdint>
#include <limits>

namespace graphpost::message::internal {
namespace json = boost::json;

std::string_view JsonTypeName(const json::value& v) {
  switch (v.kind()) {
    case json::kind::string:
      return "a string";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return "a number";
    case json::kind::object:
      return "an object";
    case json::kind::array:
      return "an array";
    case json::kind::bool_:
      return "true or false";
    case json::kind::null:
      return "null";
  }
  return "a value";
}

bool HasControl(std::string_view text, bool allow_tab) {
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && !(allow_tab && c == '\t')) || u == 0x7f) return true;
  }
  return false;
}

void FieldReader::Fail(std::string path, std::string detail) {
  errors_.push_back(FieldError{std::move(path), std::move(detail)});
}

void FieldReader::WrongType(const json::value& v, const std::string& path,
                            std::string_view wanted) {
  Fail(path, "must be " + std::string(wanted) + ", not " + std::string(JsonTypeName(v)));
}

std::optional<std::string> FieldReader::String(const json::value& v, const std::string& path) {
  if (!v.is_string()) {
    WrongType(v, path, "a string");
    return std::nullopt;
  }
  return std::string(v.get_string());
}

std::optional<bool> FieldReader::Bool(const json::value& v, const std::string& path) {
  if (!v.is_bool()) {
    WrongType(v, path, "true or false");
    return std::nullopt;
  }
  return v.get_bool();
}

const json::object* FieldReader::Object(const json::value& v, const std::string& path) {
  if (!v.is_object()) WrongType(v, path, "an object");
  return v.if_object();
}

const json::array* FieldReader::Array(const json::value& v, const std::string& path) {
  if (!v.is_array()) WrongType(v, path, "an array");
  return v.if_array();
}

std::optional<long long> FieldReader::Integer(const json::value& v, const std::string& path,
                                              long long min, long long max) {
  std::optional<long long> n;
  if (v.is_int64()) n = v.get_int64();
  if (v.is_uint64()) {
    n = v.get_uint64() > static_cast<std::uint64_t>(std::numeric_limits<long long>::max())
            ? std::numeric_limits<long long>::max()
            : static_cast<long long>(v.get_uint64());
  }
  if (!n && v.is_double()) {
    Fail(path, "must be a whole number (no decimal point or exponent)");
    return std::nullopt;
  }
  if (!n) {
    WrongType(v, path, "a number");
    return std::nullopt;
  }
  if (*n < min || *n > max) {
    Fail(path, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::optional<std::string> FieldReader::Line(const json::value& v, const std::string& path,
                                             std::size_t max_bytes, bool allow_tab) {
  auto text = String(v, path);
  if (!text) return std::nullopt;
  if (text->size() > max_bytes) {
    Fail(path, "is longer than " + std::to_string(max_bytes) + " bytes");
    return std::nullopt;
  }
  if (HasControl(*text, allow_tab)) {
    Fail(path, "must be one line without control characters");
    return std::nullopt;
  }
  return text;
}

}  // namespace graphpost::message::internal
