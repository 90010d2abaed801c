// sandbox/graph/odata_schema.hpp — the slice of the Graph v1.0 message schema that $filter,
// $orderby and $select are checked against (protocol.md §3.6): property names, their EDM kinds
// and the complex/collection types they lead to. Internal to the sandbox Graph module. Pure.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace graphpost::sandbox::graph {

enum class EdmType {
  kString,
  kEnum,        // Graph enums (importance, ...) compare with string literals
  kPropertyId,  // extended-property ids: strings compared with whitespace normalised
  kGuid,
  kBoolean,
  kNumber,
  kDateTimeOffset,
  kNull,        // the null literal
  kComplex,     // name is the complex type
  kCollection,  // name is the element type ("Edm.String" for strings)
};

struct TypeRef {
  EdmType kind;
  std::string_view name;  // OData type name, e.g. "microsoft.graph.recipient", "Edm.String"
};

inline constexpr std::string_view kMessageType = "microsoft.graph.message";

bool IsPrimitive(EdmType kind);
bool IsStringLike(EdmType kind);  // kString, kEnum, kPropertyId, kGuid

// Name for error messages, e.g. "Edm.DateTimeOffset" or "Collection(microsoft.graph.recipient)".
std::string TypeName(const TypeRef& type);

// The type of an element of `collection` (kind kCollection).
TypeRef ElementType(const TypeRef& collection);

// Resolves `segments` (case-sensitive) from a value of complex type `start`. kInvalidArgument
// "Could not find a property named 'x' on type 't'." for an unknown name, or a Graph-style
// message for property access through a collection or primitive.
[[nodiscard]] Result<TypeRef> ResolvePropertyPath(const TypeRef& start,
                                                  const std::vector<std::string_view>& segments);
[[nodiscard]] Result<TypeRef> ResolvePropertyPath(std::string_view complex_type,
                                                  const std::vector<std::string_view>& segments);

// The canonical spelling of a top-level message property matched case-insensitively ($select).
std::optional<std::string_view> FindMessagePropertyIgnoreCase(std::string_view name);

// True for the message's navigation properties (attachments, extensions, extended properties),
// which Graph omits rather than returning null when there is nothing to show.
bool IsMessageNavigationProperty(std::string_view name);

}  // namespace graphpost::sandbox::graph
