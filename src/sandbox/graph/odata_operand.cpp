#include "sandbox/graph/odata_operand.hpp"

#include <string>

#include "core/ascii.hpp"
#include "core/time_format.hpp"

namespace graphpost::sandbox::graph {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

int CompareIgnoreCase(std::string_view a, std::string_view b) {
  std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    char x = Lower(a[i]);
    char y = Lower(b[i]);
    if (x != y) return static_cast<unsigned char>(x) < static_cast<unsigned char>(y) ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

// Exchange normalises "String  {GUID}  Name X"; we compare with whitespace runs collapsed.
std::string NormaliseSpaces(std::string_view text) {
  std::string out;
  for (char c : TrimAscii(text)) {
    bool space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
    if (space && !out.empty() && out.back() == ' ') continue;
    out.push_back(space ? ' ' : c);
  }
  return out;
}

template <class T>
int Sign(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

}  // namespace

Operand ToOperand(const boost::json::value* value, EdmType type) {
  Operand out;
  if (value == nullptr || value->is_null()) return out;
  if (value->is_bool()) {
    out.kind = Operand::Kind::kBoolean;
    out.boolean = value->get_bool();
  } else if (value->is_number()) {
    out.kind = Operand::Kind::kNumber;
    out.number = value->to_number<double>();
  } else if (value->is_string()) {
    std::string_view text = value->get_string();
    if (type == EdmType::kDateTimeOffset) {
      auto instant = ParseIso8601(text);
      if (!instant) return out;
      out.kind = Operand::Kind::kInstant;
      out.instant = *instant;
    } else {
      out.kind = Operand::Kind::kString;
      out.text = text;
      out.property_id = type == EdmType::kPropertyId;
    }
  } else {
    out.kind = Operand::Kind::kOther;
  }
  return out;
}

std::optional<int> CompareValues(const Operand& a, const Operand& b) {
  if (a.kind != b.kind) return std::nullopt;
  switch (a.kind) {
    case Operand::Kind::kBoolean:
      return Sign(a.boolean, b.boolean);
    case Operand::Kind::kNumber:
      return Sign(a.number, b.number);
    case Operand::Kind::kInstant:
      return Sign(a.instant, b.instant);
    case Operand::Kind::kString:
      if (a.property_id || b.property_id) {
        return CompareIgnoreCase(NormaliseSpaces(a.text), NormaliseSpaces(b.text));
      }
      return CompareIgnoreCase(a.text, b.text);
    case Operand::Kind::kNull:
    case Operand::Kind::kOther:
      return std::nullopt;
  }
  return std::nullopt;
}

int CompareForSort(const Operand& a, const Operand& b) {
  if (a.kind != b.kind) return Sign(static_cast<int>(a.kind), static_cast<int>(b.kind));
  return CompareValues(a, b).value_or(0);
}

}  // namespace graphpost::sandbox::graph
