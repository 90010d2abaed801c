// Query-option parsing ($top ... $expand), the InefficientFilter rule, $orderby and $select.
// The $filter language itself lives in odata_filter.cpp; both share the schema in
// odata_schema.hpp.
#include "sandbox/graph/odata.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <set>

#include "core/ascii.hpp"
#include "core/form.hpp"
#include "sandbox/graph/odata_filter.hpp"
#include "sandbox/graph/odata_schema.hpp"

namespace graphpost::sandbox::graph {
namespace {

namespace json = boost::json;

constexpr std::string_view kUriInvalid = "The query specified in the URI is not valid. ";
constexpr int kMaxTop = 1000;

tl::unexpected<Error> QueryError(std::string_view detail) {
  return Fail(ErrorCode::kInvalidArgument, std::string(kUriInvalid) + std::string(detail));
}

std::optional<long long> ParseNonNegative(std::string_view text) {
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 0) {
    return std::nullopt;
  }
  return value;
}

Status ParseTop(std::string_view value, ODataQuery& query) {
  auto top = ParseNonNegative(value);
  if (!top) {
    return QueryError("Invalid value '" + std::string(value) +
                      "' for $top query option found. The $top query option requires a "
                      "non-negative integer value.");
  }
  if (*top < 1 || *top > kMaxTop) {
    return QueryError("Invalid value '" + std::string(value) +
                      "' for $top query option found. The $top query option must be between 1 "
                      "and 1000.");
  }
  query.top = static_cast<int>(*top);
  return Ok();
}

Status ParseSkip(std::string_view value, ODataQuery& query) {
  auto skip = ParseNonNegative(value);
  if (!skip || *skip > std::numeric_limits<int>::max()) {
    return QueryError("Invalid value '" + std::string(value) +
                      "' for $skip query option found. The $skip query option requires a "
                      "non-negative integer value.");
  }
  query.skip = static_cast<int>(*skip);
  return Ok();
}

Status ParseCount(std::string_view value, ODataQuery& query) {
  if (!AsciiIEquals(value, "true") && !AsciiIEquals(value, "false")) {
    return QueryError("Invalid value '" + std::string(value) +
                      "' for $count query option found. Valid values are 'true' and 'false'.");
  }
  query.count = AsciiIEquals(value, "true");
  return Ok();
}

Status ParseSelect(std::string_view value, ODataQuery& query) {
  if (TrimAscii(value).empty()) return Ok();  // as ODataLib: an empty $select selects all
  for (std::string_view item : Split(value, ',')) {
    item = TrimAscii(item);
    if (item == "*") {
      query.select.emplace_back(item);
      continue;
    }
    if (!FindMessagePropertyIgnoreCase(item)) {
      return Fail(ErrorCode::kInvalidArgument, "Could not find a property named '" +
                                                   std::string(item) + "' on type '" +
                                                   std::string(kMessageType) + "'.");
    }
    query.select.emplace_back(item);
  }
  return Ok();
}

// One "$orderby" item: "path [asc|desc]".
Result<OrderBy> ParseOrderByItem(std::string_view item) {
  item = TrimAscii(item);
  std::size_t space = item.find_first_of(" \t");
  std::string_view path = item.substr(0, space);
  std::string_view direction =
      space == std::string_view::npos ? std::string_view() : TrimAscii(item.substr(space));
  if (path.empty() ||
      (!direction.empty() && !AsciiIEquals(direction, "asc") && !AsciiIEquals(direction, "desc"))) {
    return QueryError("Syntax error in $orderby at '" + std::string(item) + "'.");
  }
  auto type = ResolvePropertyPath(kMessageType, Split(path, '/'));
  if (!type) return Fail(type.error());
  if (!IsPrimitive(type->kind)) {
    return QueryError(
        "The $orderby expression must evaluate to a single value of primitive "
        "type.");
  }
  return OrderBy{std::string(path), AsciiIEquals(direction, "desc")};
}

Status ParseOrderBy(std::string_view value, ODataQuery& query) {
  if (TrimAscii(value).empty()) return Ok();
  for (std::string_view item : Split(value, ',')) {
    auto order = ParseOrderByItem(item);
    if (!order) return Fail(order.error());
    query.orderby.push_back(std::move(*order));
  }
  return Ok();
}

Status ParseFilterOption(std::string value, ODataQuery& query) {
  auto filter = ParseFilter(value);
  if (!filter) return Fail(filter.error());
  query.filter = std::move(*filter);
  query.filter_text = std::move(value);
  return Ok();
}

Status ApplyOption(std::string_view name, std::string value, ODataQuery& query) {
  if (name == "top") return ParseTop(value, query);
  if (name == "skip") return ParseSkip(value, query);
  if (name == "count") return ParseCount(value, query);
  if (name == "select") return ParseSelect(value, query);
  if (name == "orderby") return ParseOrderBy(value, query);
  if (name == "filter") return ParseFilterOption(std::move(value), query);
  if (name == "skiptoken") {
    query.skiptoken = std::move(value);
  } else {  // "expand"
    query.expand = std::move(value);
  }
  return Ok();
}

bool IsKnownOption(std::string_view name) {
  static constexpr std::string_view kOptions[] = {"top",     "skip",   "count",     "select",
                                                  "orderby", "filter", "skiptoken", "expand"};
  for (std::string_view option : kOptions) {
    if (name == option) return true;
  }
  return false;
}

// Splits "k=v" and percent-decodes both halves.
Result<std::pair<std::string, std::string>> DecodePair(std::string_view piece) {
  std::size_t eq = piece.find('=');
  auto key = PercentDecode(piece.substr(0, eq), true);
  if (!key) return QueryError(key.error().message);
  std::string_view raw_value = eq == std::string_view::npos ? "" : piece.substr(eq + 1);
  auto value = PercentDecode(raw_value, true);
  if (!value) return QueryError(value.error().message);
  return std::pair{std::move(*key), std::move(*value)};
}

// Distinct message-level property paths of `node` in textual order.
void CollectFilterPaths(const FilterNode& node, std::vector<std::string>& out) {
  auto path = MessagePropertyPath(node);
  if (path && std::find(out.begin(), out.end(), *path) == out.end()) out.push_back(*path);
  for (const auto& child : node.children) CollectFilterPaths(*child, out);
}

const json::value* ValueAtPath(const json::object& message, std::string_view path) {
  const json::object* object = &message;
  const json::value* value = nullptr;
  for (std::string_view segment : Split(path, '/')) {
    if (object == nullptr) return nullptr;
    value = object->if_contains(segment);
    if (value == nullptr) return nullptr;
    object = value->if_object();
  }
  return value;
}

int CompareOrderKey(const OrderBy& key, const json::object& a, const json::object& b) {
  auto type = ResolvePropertyPath(kMessageType, Split(key.property, '/'));
  EdmType kind = type ? type->kind : EdmType::kString;
  Operand left = ToOperand(ValueAtPath(a, key.property), kind);
  Operand right = ToOperand(ValueAtPath(b, key.property), kind);
  int order = CompareForSort(left, right);
  return key.descending ? -order : order;
}

}  // namespace

Result<ODataQuery> ParseODataQuery(std::string_view raw_query) {
  ODataQuery query;
  std::set<std::string> seen;
  if (!raw_query.empty() && raw_query.front() == '?') raw_query.remove_prefix(1);
  for (std::string_view piece : Split(raw_query, '&')) {
    if (piece.empty()) continue;
    auto pair = DecodePair(piece);
    if (!pair) return Fail(pair.error());
    auto& [key, value] = *pair;
    bool dollar = !key.empty() && key.front() == '$';
    std::string name = AsciiLower(dollar ? std::string_view(key).substr(1) : key);
    if (!IsKnownOption(name)) {
      if (dollar) return QueryError("Query option '" + key + "' is not supported.");
      continue;  // not an OData option
    }
    if (!seen.insert(name).second) {
      return QueryError("Query option '$" + name +
                        "' was specified more than once, but it must be specified at most once.");
    }
    auto applied = ApplyOption(name, std::move(value), query);
    if (!applied) return Fail(applied.error());
  }
  return query;
}

Status CheckFilterOrderBy(const ODataQuery& query) {
  if (query.orderby.empty() || query.filter == nullptr) return Ok();
  std::vector<std::string> filter_paths;
  CollectFilterPaths(*query.filter, filter_paths);
  for (std::size_t i = 0; i < query.orderby.size(); ++i) {
    if (i >= filter_paths.size() || filter_paths[i] != query.orderby[i].property) {
      return Fail(ErrorCode::kInvalidArgument,
                  "The restriction or sort order is too complex for this operation.");
    }
  }
  return Ok();
}

bool OrderBefore(const std::vector<OrderBy>& orderby, const json::object& a,
                 const json::object& b) {
  for (const OrderBy& key : orderby) {
    int order = CompareOrderKey(key, a, b);
    if (order != 0) return order < 0;
  }
  return false;
}

json::object ApplySelect(const std::vector<std::string>& select, const json::object& message) {
  bool all = select.empty() || std::find(select.begin(), select.end(), "*") != select.end();
  if (all) return message;
  auto selected = [&](std::string_view key) {
    if (key == "@odata.etag" || key == "id") return true;
    return std::any_of(select.begin(), select.end(),
                       [&](const std::string& name) { return AsciiIEquals(name, key); });
  };
  json::object out;
  if (const auto* etag = message.if_contains("@odata.etag")) out["@odata.etag"] = *etag;
  if (const auto* id = message.if_contains("id")) out["id"] = *id;
  for (const auto& [key, value] : message) {
    if (selected(key) && !out.contains(key)) out[key] = value;
  }
  for (const std::string& name : select) {  // selected but unset: Graph returns null
    auto canonical = FindMessagePropertyIgnoreCase(name);
    if (canonical && !out.contains(*canonical) && !IsMessageNavigationProperty(*canonical)) {
      out[*canonical] = nullptr;
    }
  }
  return out;
}

}  // namespace graphpost::sandbox::graph
