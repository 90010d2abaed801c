#include "sandbox/graph/odata_schema.hpp"

#include <string>

#include "core/ascii.hpp"

namespace graphpost::sandbox::graph {
namespace {

struct Property {
  std::string_view owner;
  std::string_view name;
  TypeRef type;
};

constexpr std::string_view kRecipient = "microsoft.graph.recipient";
constexpr std::string_view kEmailAddress = "microsoft.graph.emailAddress";
constexpr std::string_view kItemBody = "microsoft.graph.itemBody";
constexpr std::string_view kFlag = "microsoft.graph.followupFlag";
constexpr std::string_view kHeader = "microsoft.graph.internetMessageHeader";
constexpr std::string_view kAttachment = "microsoft.graph.attachment";
constexpr std::string_view kExtension = "microsoft.graph.extension";
constexpr std::string_view kSingleValue = "microsoft.graph.singleValueLegacyExtendedProperty";
constexpr std::string_view kMultiValue = "microsoft.graph.multiValueLegacyExtendedProperty";
constexpr std::string_view kEdmString = "Edm.String";

constexpr TypeRef kStr{EdmType::kString, kEdmString};
constexpr TypeRef kEnumT{EdmType::kEnum, kEdmString};
constexpr TypeRef kBool{EdmType::kBoolean, "Edm.Boolean"};
constexpr TypeRef kDate{EdmType::kDateTimeOffset, "Edm.DateTimeOffset"};
constexpr TypeRef kInt{EdmType::kNumber, "Edm.Int32"};
constexpr TypeRef kPropId{EdmType::kPropertyId, kEdmString};
constexpr TypeRef Complex(std::string_view name) { return {EdmType::kComplex, name}; }
constexpr TypeRef CollectionOf(std::string_view name) { return {EdmType::kCollection, name}; }

constexpr std::string_view kMsg = kMessageType;

// Message properties in Graph's schema order (ApplySelect relies on the store using it too).
constexpr Property kSchema[] = {
    {kMsg, "id", kStr},
    {kMsg, "createdDateTime", kDate},
    {kMsg, "lastModifiedDateTime", kDate},
    {kMsg, "changeKey", kStr},
    {kMsg, "categories", CollectionOf(kEdmString)},
    {kMsg, "receivedDateTime", kDate},
    {kMsg, "sentDateTime", kDate},
    {kMsg, "hasAttachments", kBool},
    {kMsg, "internetMessageId", kStr},
    {kMsg, "subject", kStr},
    {kMsg, "bodyPreview", kStr},
    {kMsg, "importance", kEnumT},
    {kMsg, "parentFolderId", kStr},
    {kMsg, "conversationId", kStr},
    {kMsg, "conversationIndex", kStr},
    {kMsg, "isDeliveryReceiptRequested", kBool},
    {kMsg, "isReadReceiptRequested", kBool},
    {kMsg, "isRead", kBool},
    {kMsg, "isDraft", kBool},
    {kMsg, "webLink", kStr},
    {kMsg, "inferenceClassification", kEnumT},
    {kMsg, "body", Complex(kItemBody)},
    {kMsg, "uniqueBody", Complex(kItemBody)},
    {kMsg, "sender", Complex(kRecipient)},
    {kMsg, "from", Complex(kRecipient)},
    {kMsg, "toRecipients", CollectionOf(kRecipient)},
    {kMsg, "ccRecipients", CollectionOf(kRecipient)},
    {kMsg, "bccRecipients", CollectionOf(kRecipient)},
    {kMsg, "replyTo", CollectionOf(kRecipient)},
    {kMsg, "flag", Complex(kFlag)},
    {kMsg, "internetMessageHeaders", CollectionOf(kHeader)},
    {kMsg, "attachments", CollectionOf(kAttachment)},
    {kMsg, "extensions", CollectionOf(kExtension)},
    {kMsg, "singleValueExtendedProperties", CollectionOf(kSingleValue)},
    {kMsg, "multiValueExtendedProperties", CollectionOf(kMultiValue)},
    {kRecipient, "emailAddress", Complex(kEmailAddress)},
    {kEmailAddress, "name", kStr},
    {kEmailAddress, "address", kStr},
    {kItemBody, "contentType", kEnumT},
    {kItemBody, "content", kStr},
    {kFlag, "flagStatus", kEnumT},
    {kHeader, "name", kStr},
    {kHeader, "value", kStr},
    {kAttachment, "id", kStr},
    {kAttachment, "name", kStr},
    {kAttachment, "contentType", kStr},
    {kAttachment, "size", kInt},
    {kAttachment, "isInline", kBool},
    {kAttachment, "lastModifiedDateTime", kDate},
    {kExtension, "id", kStr},
    {kSingleValue, "id", kPropId},
    {kSingleValue, "value", kStr},
    {kMultiValue, "id", kPropId},
    {kMultiValue, "value", CollectionOf(kEdmString)},
};

const Property* FindProperty(std::string_view owner, std::string_view name) {
  for (const Property& property : kSchema) {
    if (property.owner == owner && property.name == name) return &property;
  }
  return nullptr;
}

tl::unexpected<Error> PathError(std::string message) {
  return Fail(ErrorCode::kInvalidArgument, std::move(message));
}

}  // namespace

bool IsPrimitive(EdmType kind) { return kind != EdmType::kComplex && kind != EdmType::kCollection; }

bool IsStringLike(EdmType kind) {
  return kind == EdmType::kString || kind == EdmType::kEnum || kind == EdmType::kPropertyId ||
         kind == EdmType::kGuid;
}

std::string TypeName(const TypeRef& type) {
  if (type.kind == EdmType::kCollection) return "Collection(" + std::string(type.name) + ")";
  if (type.kind == EdmType::kNull) return "null";
  if (type.kind == EdmType::kGuid) return "Edm.Guid";
  return std::string(type.name);
}

TypeRef ElementType(const TypeRef& collection) {
  if (collection.name == kEdmString) return kStr;
  return Complex(collection.name);
}

Result<TypeRef> ResolvePropertyPath(const TypeRef& start,
                                    const std::vector<std::string_view>& segments) {
  TypeRef type = start;
  for (std::string_view segment : segments) {
    if (type.kind == EdmType::kCollection) {
      return PathError("The parent value for a property access of a property '" +
                       std::string(segment) +
                       "' is not a single value. Property access can only be applied to a "
                       "single value.");
    }
    const Property* property =
        type.kind == EdmType::kComplex ? FindProperty(type.name, segment) : nullptr;
    if (property == nullptr) {
      return PathError("Could not find a property named '" + std::string(segment) + "' on type '" +
                       TypeName(type) + "'.");
    }
    type = property->type;
  }
  return type;
}

Result<TypeRef> ResolvePropertyPath(std::string_view complex_type,
                                    const std::vector<std::string_view>& segments) {
  return ResolvePropertyPath(Complex(complex_type), segments);
}

std::optional<std::string_view> FindMessagePropertyIgnoreCase(std::string_view name) {
  for (const Property& property : kSchema) {
    if (property.owner == kMessageType && AsciiIEquals(property.name, name)) return property.name;
  }
  return std::nullopt;
}

bool IsMessageNavigationProperty(std::string_view name) {
  return name == "attachments" || name == "extensions" || name == "singleValueExtendedProperties" ||
         name == "multiValueExtendedProperties";
}

}  // namespace graphpost::sandbox::graph
