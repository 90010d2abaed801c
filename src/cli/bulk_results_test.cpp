#include <gtest/gtest.h>

#include "cli/bulk_run.hpp"

namespace graphpost::cli {
namespace {

BulkRun TwoRows() {
  BulkRun run;
  run.table.rows = {{.line = 2, .email = "bob@x.com", .name = "", .fields = {}},
                    {.line = 4, .email = "carol@x.com", .name = "", .fields = {}}};
  run.results = {{.status = "queued", .id = "id-1", .problem = ""},
                 {.status = "rejected", .id = "", .problem = "$.to[0]: bad, \"really\""}};
  return run;
}

TEST(RenderResultsTest, CsvHasOneQuotedRowPerRecipientWithItsCsvLine) {
  EXPECT_EQ(RenderResults(TwoRows(), false),
            "line,email,status,id,problem\r\n"
            "2,bob@x.com,queued,id-1,\r\n"
            "4,carol@x.com,rejected,,\"$.to[0]: bad, \"\"really\"\"\"\r\n");
}

TEST(RenderResultsTest, JsonListsIdOrProblem) {
  EXPECT_EQ(RenderResults(TwoRows(), true),
            R"([{"line":2,"email":"bob@x.com","status":"queued","id":"id-1"},)"
            R"({"line":4,"email":"carol@x.com","status":"rejected",)"
            R"("problem":"$.to[0]: bad, \"really\""}])"
            "\n");
}

}  // namespace
}  // namespace graphpost::cli
