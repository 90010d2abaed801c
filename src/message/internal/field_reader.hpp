// message/internal/field_reader.hpp — typed reads from a JSON value that collect a FieldError (with
// the field's JSON path) for every wrong type or bad value instead of stopping at the first.
// Not thread-safe; one per parse.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "message/api_message.hpp"

namespace graphpost::message::internal {

// "a string", "a number", "an object", "an array", "true or false", "null".
std::string_view JsonTypeName(const boost::json::value& v);

// True when `text` has a control character (C0 or DEL). Tabs count unless `allow_tab`.
bool HasControl(std::string_view text, bool allow_tab);

class FieldReader {
 public:
  void Fail(std::string path, std::string detail);
  bool failed() const { return !errors_.empty(); }
  std::size_t error_count() const { return errors_.size(); }
  std::vector<FieldError> TakeErrors() { return std::move(errors_); }

  // Each records "<path> must be <type>, not <actual>" and returns nullopt/nullptr on a wrong type.
  std::optional<std::string> String(const boost::json::value& v, const std::string& path);
  std::optional<bool> Bool(const boost::json::value& v, const std::string& path);
  const boost::json::object* Object(const boost::json::value& v, const std::string& path);
  const boost::json::array* Array(const boost::json::value& v, const std::string& path);
  // A whole number in [min, max].
  std::optional<long long> Integer(const boost::json::value& v, const std::string& path,
                                   long long min, long long max);
  // A string of at most `max_bytes` with no control characters (tabs allowed when `allow_tab`).
  std::optional<std::string> Line(const boost::json::value& v, const std::string& path,
                                  std::size_t max_bytes, bool allow_tab = false);

 private:
  void WrongType(const boost::json::value& v, const std::string& path, std::string_view wanted);

  std::vector<FieldError> errors_;
};

}  // namespace graphpost::message::internal
