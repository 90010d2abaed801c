// Fuzzes ParseODataQuery with arbitrary bytes and, when a query parses, applies its filter,
// ordering and selection to one fixed sample message. Every input must yield a Result: no crash,
// leak, UB or stack exhaustion (filters are bounded in size and depth).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <boost/json/parse.hpp>

#include "sandbox/graph/odata.hpp"

namespace {

namespace graph = graphpost::sandbox::graph;

const boost::json::object& SampleMessage() {
  static const boost::json::object message = boost::json::parse(R"({
    "@odata.etag": "W/\"CQAAABYAAAA\"",
    "id": "AAMkADAwATM0MDAAMS1iNTcwLWI2NTEtMDACLTAwCgBGAAAD",
    "createdDateTime": "2024-03-01T10:00:00Z",
    "receivedDateTime": "2024-03-01T10:00:05Z",
    "sentDateTime": "2024-03-01T09:59:59Z",
    "hasAttachments": true,
    "internetMessageId": "<abc@contoso.com>",
    "subject": "Quarterly report",
    "importance": "normal",
    "isRead": false,
    "isDraft": false,
    "categories": ["Red"],
    "from": {"emailAddress": {"name": "Adele", "address": "adele@contoso.com"}},
    "toRecipients": [{"emailAddress": {"name": "Bob", "address": "bob@fabrikam.com"}}],
    "attachments": [{"id": "a1", "name": "r.pdf", "size": 1024, "isInline": false}],
    "singleValueExtendedProperties": [
      {"id": "String {00020386-0000-0000-C000-000000000046} Name X-Key", "value": "k-1"}],
    "multiValueExtendedProperties": [
      {"id": "StringArray {00020386-0000-0000-C000-000000000046} Name X-Tags", "value": ["a"]}]
  })")
                                                 .as_object();
  return message;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  auto query = graph::ParseODataQuery(raw);
  if (!query) return 0;
  const auto& message = SampleMessage();
  if (query->filter) (void)graph::MatchesFilter(*query->filter, message);
  (void)graph::CheckFilterOrderBy(*query);
  (void)graph::OrderBefore(query->orderby, message, message);
  (void)graph::ApplySelect(query->select, message);
  return 0;
}
