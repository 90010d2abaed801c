// core/form.hpp — application/x-www-form-urlencoded and percent-encoding (RFC 3986, WHATWG form
// rules: '+' is a space in forms). Pure functions.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace graphpost {

using FormFields = std::vector<std::pair<std::string, std::string>>;

// Decodes %XX escapes; with `plus_is_space`, '+' becomes ' '. kInvalidArgument on a bad escape,
// naming its byte offset.
[[nodiscard]] Result<std::string> PercentDecode(std::string_view text, bool plus_is_space);

// Encodes every byte except unreserved characters (A-Z a-z 0-9 - . _ ~).
std::string PercentEncode(std::string_view text);

// Parses "a=1&b=2". Keys without '=' get an empty value; empty pieces are skipped. Fails with
// kInvalidArgument on a bad escape, naming the field.
[[nodiscard]] Result<FormFields> ParseForm(std::string_view body);

// Builds a form body from fields, in order.
std::string EncodeForm(const FormFields& fields);

// The first value of `key`, or nullptr.
const std::string* FindField(const FormFields& fields, std::string_view key);

}  // namespace graphpost
