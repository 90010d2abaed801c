// The $filter language through the public API: ParseODataQuery + MatchesFilter.
#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "core/form.hpp"
#include "sandbox/graph/odata.hpp"

namespace graphpost::sandbox::graph {
namespace {

namespace json = boost::json;

const json::object& Sample() {
  static const json::object message = json::parse(R"({
    "@odata.etag": "W/\"CQAAABYAAAA\"",
    "id": "01234567-89ab-cdef-0123-456789abcdef",
    "createdDateTime": "2024-03-01T10:00:00Z",
    "receivedDateTime": "2024-03-01T10:00:05Z",
    "sentDateTime": "2024-03-01T09:59:59Z",
    "hasAttachments": true,
    "internetMessageId": "<abc.123@contoso.com>",
    "subject": "Quarterly Report",
    "importance": "normal",
    "isRead": false,
    "isDraft": false,
    "categories": ["Red", "Blue"],
    "from": {"emailAddress": {"name": "Adele", "address": "adele@contoso.com"}},
    "toRecipients": [
      {"emailAddress": {"name": "Bob", "address": "bob@fabrikam.com"}},
      {"emailAddress": {"name": "Carol", "address": "carol@contoso.com"}}],
    "ccRecipients": [],
    "attachments": [{"id": "a1", "name": "r.pdf", "size": 1024, "isInline": false}],
    "singleValueExtendedProperties": [
      {"id": "String {00020386-0000-0000-C000-000000000046} Name X-Graphpost-Key",
       "value": "k-123"}],
    "multiValueExtendedProperties": [
      {"id": "StringArray {00020386-0000-0000-C000-000000000046} Name X-Tags",
       "value": ["alpha", "beta"]}]
  })")
                                          .as_object();
  return message;
}

// Parses `filter` as the caller would receive it (percent-encoded in the URL).
Result<ODataQuery> ParseFilterText(std::string_view filter) {
  return ParseODataQuery("$filter=" + PercentEncode(filter));
}

bool Matches(std::string_view filter) {
  auto query = ParseFilterText(filter);
  EXPECT_TRUE(query) << filter << ": " << query.error().message;
  if (!query || query->filter == nullptr) return false;
  return MatchesFilter(*query->filter, Sample());
}

std::string FilterError(std::string_view filter) {
  auto query = ParseFilterText(filter);
  EXPECT_FALSE(query) << filter;
  if (query) return "";
  EXPECT_EQ(query.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(query.error().message.rfind("Invalid filter clause: ", 0), 0u) << query.error().message;
  return query.error().message;
}

TEST(ODataFilterTest, ComparesBooleans) {
  EXPECT_TRUE(Matches("isDraft eq false"));
  EXPECT_FALSE(Matches("isDraft eq true"));
  EXPECT_TRUE(Matches("isRead ne true"));
  EXPECT_TRUE(Matches("hasAttachments eq true"));
}

TEST(ODataFilterTest, BooleanPropertyAloneIsAPredicate) {
  EXPECT_TRUE(Matches("hasAttachments"));
  EXPECT_FALSE(Matches("isRead"));
  EXPECT_TRUE(Matches("not isRead"));
  EXPECT_TRUE(Matches("true"));
}

TEST(ODataFilterTest, KeywordsAreCaseInsensitive) {
  EXPECT_TRUE(Matches("isDraft EQ FALSE AND NOT isRead Or isRead"));
}

TEST(ODataFilterTest, ComparesStringsCaseInsensitivelyAsExchangeDoes) {
  EXPECT_TRUE(Matches("internetMessageId eq '<abc.123@contoso.com>'"));
  EXPECT_TRUE(Matches("subject eq 'quarterly report'"));
  EXPECT_FALSE(Matches("subject eq 'Quarterly'"));
  EXPECT_TRUE(Matches("from/emailAddress/address eq 'ADELE@contoso.com'"));
  EXPECT_TRUE(Matches("importance eq 'normal'"));
  EXPECT_TRUE(Matches("subject gt 'Apple' and subject lt 'zebra'"));
}

TEST(ODataFilterTest, UnescapesDoubledQuotes) {
  auto query = ParseFilterText("subject eq 'it''s'");
  ASSERT_TRUE(query);
  json::object message = {{"subject", "It's"}};

  EXPECT_TRUE(MatchesFilter(*query->filter, message));
}

TEST(ODataFilterTest, StringFunctions) {
  EXPECT_TRUE(Matches("startswith(subject,'quarter')"));
  EXPECT_TRUE(Matches("endswith(subject, 'REPORT')"));
  EXPECT_TRUE(Matches("contains(subject,'ly rep')"));
  EXPECT_FALSE(Matches("contains(subject,'annual')"));
  EXPECT_TRUE(Matches("endswith(from/emailAddress/address,'@contoso.com')"));
  EXPECT_FALSE(Matches("startswith(bodyPreview,'x')"));  // missing property: no match
}

TEST(ODataFilterTest, ComparesDateTimesAsInstants) {
  EXPECT_TRUE(Matches("receivedDateTime ge 2024-03-01T10:00:05Z"));
  EXPECT_FALSE(Matches("receivedDateTime gt 2024-03-01T10:00:05Z"));
  EXPECT_TRUE(Matches("receivedDateTime eq 2024-03-01T11:00:05+01:00"));
  EXPECT_TRUE(Matches("receivedDateTime lt 2024-03-01T10:00:05.5Z"));
  EXPECT_TRUE(Matches("sentDateTime lt receivedDateTime"));
  EXPECT_TRUE(Matches("createdDateTime ge 2024-03-01 and createdDateTime le 2024-03-02"));
}

TEST(ODataFilterTest, NullMatchesMissingProperties) {
  EXPECT_TRUE(Matches("lastModifiedDateTime eq null"));
  EXPECT_FALSE(Matches("lastModifiedDateTime ne null"));
  EXPECT_TRUE(Matches("subject ne null"));
  EXPECT_FALSE(Matches("lastModifiedDateTime lt 2030-01-01T00:00:00Z"));
  EXPECT_TRUE(Matches("from ne null"));
}

TEST(ODataFilterTest, NumbersAndGuids) {
  EXPECT_TRUE(Matches("attachments/any(a: a/size gt 1000 and a/size le 1024.0)"));
  EXPECT_TRUE(Matches("id eq 01234567-89AB-CDEF-0123-456789ABCDEF"));
  EXPECT_FALSE(Matches("id eq 01234567-89ab-cdef-0123-456789abcdee"));
}

TEST(ODataFilterTest, AndBindsTighterThanOr) {
  EXPECT_FALSE(Matches("isRead eq true or isDraft eq false and subject eq 'x'"));
  EXPECT_TRUE(Matches("isRead eq true or isDraft eq false and subject eq 'quarterly report'"));
  EXPECT_FALSE(Matches("(isRead eq true or isDraft eq false) and subject eq 'x'"));
  EXPECT_TRUE(Matches("not (isRead eq true or isDraft eq true)"));
}

TEST(ODataFilterTest, RecipientLambdas) {
  EXPECT_TRUE(Matches("toRecipients/any(r: r/emailAddress/address eq 'carol@contoso.com')"));
  EXPECT_FALSE(Matches("toRecipients/any(r: r/emailAddress/address eq 'dave@contoso.com')"));
  EXPECT_TRUE(Matches("toRecipients/all(r: endswith(r/emailAddress/address, '.com'))"));
  EXPECT_FALSE(Matches("toRecipients/all(r: r/emailAddress/name eq 'Bob')"));
  EXPECT_TRUE(Matches("toRecipients/any()"));
  EXPECT_FALSE(Matches("ccRecipients/any()"));
  EXPECT_FALSE(Matches("bccRecipients/any()"));  // missing collection
  EXPECT_TRUE(Matches("ccRecipients/all(r: r/emailAddress/address eq 'x')"));
}

TEST(ODataFilterTest, ExtendedPropertyLambdaFindsTheIdempotencyKey) {
  EXPECT_TRUE(
      Matches("singleValueExtendedProperties/any(ep: ep/id eq 'String "
              "{00020386-0000-0000-C000-000000000046} "
              "Name X-Graphpost-Key' and ep/value eq 'k-123')"));
  EXPECT_FALSE(
      Matches("singleValueExtendedProperties/any(ep: ep/id eq 'String "
              "{00020386-0000-0000-C000-000000000046} "
              "Name X-Graphpost-Key' and ep/value eq 'k-124')"));
}

TEST(ODataFilterTest, ExtendedPropertyIdsIgnoreCaseAndSpacing) {
  EXPECT_TRUE(
      Matches("singleValueExtendedProperties/any(ep: ep/id eq 'string  "
              "{00020386-0000-0000-c000-000000000046}"
              " name x-graphpost-key ')"));
}

TEST(ODataFilterTest, CollectionOfStringsAndNestedLambdas) {
  EXPECT_TRUE(Matches("categories/any(c: c eq 'red')"));
  EXPECT_FALSE(Matches("categories/any(c: c eq 'green')"));
  EXPECT_TRUE(Matches("multiValueExtendedProperties/any(ep: ep/value/any(v: v eq 'beta'))"));
  EXPECT_TRUE(Matches("toRecipients/any(r: r/emailAddress/name eq 'Bob' and isDraft eq false)"));
}

TEST(ODataFilterTest, ReportsSyntaxErrors) {
  EXPECT_EQ(FilterError("isDraft eq"),
            "Invalid filter clause: Syntax error at position 10 in 'isDraft eq'.");
  FilterError("isDraft eq false)");
  FilterError("(isDraft eq false");
  FilterError("isDraft eq false and");
  FilterError("isDraft false");
  FilterError("subject eq 'unterminated");
  FilterError("subject eq \"double\"");
  FilterError("isRead eq true eq true");
  FilterError("contains(subject)");
  FilterError("toRecipients/any(r r/emailAddress/address eq 'a')");
  FilterError("receivedDateTime ge 2024-13-01T00:00:00Z");
  FilterError("");
  FilterError("   ");
}

TEST(ODataFilterTest, PropertyPathsAreCaseSensitiveAndChecked) {
  EXPECT_EQ(FilterError("IsDraft eq false"),
            "Invalid filter clause: Could not find a property named 'IsDraft' on type "
            "'microsoft.graph.message'.");
  EXPECT_EQ(FilterError("from/emailAddress/adress eq 'a'"),
            "Invalid filter clause: Could not find a property named 'adress' on type "
            "'microsoft.graph.emailAddress'.");
  FilterError("toRecipients/emailAddress/address eq 'a'");
  FilterError("r/emailAddress/address eq 'a'");  // range variable outside its lambda
}

TEST(ODataFilterTest, ReportsTypeErrors) {
  EXPECT_EQ(FilterError("receivedDateTime ge '2024-01-01'"),
            "Invalid filter clause: A binary operator with incompatible types was detected. "
            "Found operand types 'Edm.DateTimeOffset' and 'Edm.String' for operator kind "
            "'GreaterThanOrEqual'.");
  FilterError("isDraft eq 'false'");
  FilterError("subject eq 1");
  FilterError("from eq 'a'");
  FilterError("subject and isRead");
  FilterError("not subject");
  FilterError("startswith(isRead, 'x')");
  FilterError("subject/any(s: s eq 'x')");
  FilterError("toRecipients/any(r: r/emailAddress)");
  FilterError("toRecipients/any(r: toRecipients/any(r: true))");
  EXPECT_EQ(FilterError("subject"),
            "Invalid filter clause: The $filter expression must evaluate to a single boolean "
            "value.");
}

TEST(ODataFilterTest, ReportsUnknownFunctions) {
  EXPECT_NE(FilterError("substringof('a', subject)").find("unknown function"), std::string::npos);
}

TEST(ODataFilterTest, LimitsNestingDepth) {
  std::string ok = std::string(60, '(') + "isRead" + std::string(60, ')');
  std::string deep = std::string(100, '(') + "isRead" + std::string(100, ')');
  std::string nots;
  for (int i = 0; i < 100; ++i) nots += "not ";

  EXPECT_FALSE(Matches(ok));
  FilterError(deep);
  FilterError(nots + "isRead");
}

TEST(ODataFilterTest, LongFlatChainsAreFine) {
  std::string chain = "isDraft";
  for (int i = 0; i < 600; ++i) chain += " or isRead";
  std::string all = "hasAttachments";
  for (int i = 0; i < 400; ++i) all += " and not isRead";

  EXPECT_FALSE(Matches(chain));
  EXPECT_TRUE(Matches(chain + " or hasAttachments"));
  EXPECT_TRUE(Matches(all));
}

TEST(ODataFilterTest, LimitsFilterSize) {
  std::string huge = "subject eq '" + std::string(kMaxFilterBytes, 'a') + "'";

  FilterError(huge);
}

TEST(ODataFilterTest, ParsedFilterOutlivesTheQueryText) {
  std::shared_ptr<const FilterNode> filter;
  {
    std::string text = "$filter=subject%20eq%20%27Quarterly%20Report%27";
    auto query = ParseODataQuery(text);
    ASSERT_TRUE(query);
    filter = query->filter;
  }

  EXPECT_TRUE(MatchesFilter(*filter, Sample()));
}

}  // namespace
}  // namespace graphpost::sandbox::graph
