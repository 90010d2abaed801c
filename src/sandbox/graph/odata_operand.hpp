// sandbox/graph/odata_operand.hpp — values as $filter and $orderby compare them: literals, or
// message JSON read through its schema type. Strings compare case-insensitively (ASCII), as
// Exchange does; extended-property ids also ignore runs of whitespace; date-times compare as
// instants. Internal to the sandbox Graph module. Pure.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include <boost/json/value.hpp>

#include "sandbox/graph/odata_schema.hpp"

namespace graphpost::sandbox::graph {

struct Operand {
  enum class Kind { kNull, kBoolean, kNumber, kString, kInstant, kOther };
  Kind kind = Kind::kNull;
  bool boolean = false;
  double number = 0;
  std::string_view text;  // kString; points into the filter tree or the message
  std::chrono::system_clock::time_point instant;
  bool property_id = false;  // text is an extended-property id
};

// Reads `value` (nullptr when missing) as `type`: date-time strings become instants (null when
// unparseable), objects and arrays kOther.
Operand ToOperand(const boost::json::value* value, EdmType type);

// <0, 0 or >0; nullopt when the two cannot be compared (different kinds, kOther, or null).
std::optional<int> CompareValues(const Operand& a, const Operand& b);

// Total order for sorting: null first, then by kind, then by value.
int CompareForSort(const Operand& a, const Operand& b);

}  // namespace graphpost::sandbox::graph
