#include "api/content_type.hpp"

#include <vector>

#include "core/ascii.hpp"

namespace graphpost::api {
namespace {

bool IsJsonMediaType(std::string_view type) {
  const std::string lower = AsciiLower(TrimAscii(type));
  constexpr std::string_view kPrefix = "application/";
  if (!lower.starts_with(kPrefix)) return false;
  const std::string_view subtype = std::string_view(lower).substr(kPrefix.size());
  if (subtype == "json") return true;
  return subtype.size() > 5 && subtype.ends_with("+json") &&
         subtype.find_first_of(" \t/") == std::string_view::npos;
}

bool IsUtf8Charset(std::string_view parameter) {
  const std::string lower = AsciiLower(TrimAscii(parameter));
  return lower == "charset=utf-8" || lower == "charset=\"utf-8\"";
}

}  // namespace

bool IsJsonContentType(std::string_view value) {
  const std::vector<std::string_view> parts = Split(value, ';');
  if (parts.size() > 2 || !IsJsonMediaType(parts[0])) return false;
  return parts.size() == 1 || IsUtf8Charset(parts[1]);
}

}  // namespace graphpost::api
