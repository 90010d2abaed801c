// `graphpost send --bulk` end to end with the built binary against `graphpost serve --demo`: a
// 50-recipient mail merge is queued in batches, followed to delivery, and queued again by a
// re-run without a single duplicate (counted in the gateway's list and in the sender's Sent
// Items); a row that cannot be rendered stops everything before anything is queued.
#include <fstream>
#include <set>

#include "testing/temp_dir.hpp"
#include "tests/e2e/gateway_process.hpp"

namespace graphpost::testing {
namespace {

constexpr char kTemplate[] = R"(connection = "demo"
subject = "Bulk e2e {{ name }}"
text = """
Hello {{ name }},
your plan is {{ plan | default: "basic" }}."""
[headers]
X-Row = "{{ row }}"
)";

void Write(const std::filesystem::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary) << text;
}

// 50 rows to the demo recipient, names with commas and quotes (quoted CSV fields).
std::string Recipients(int rows) {
  std::string csv =
      "\xEF\xBB\xBF"
      "email,name,plan,row\r\n";
  for (int i = 0; i < rows; ++i) {
    csv += "pat@company.com,\"Pat \"\"" + std::to_string(i) + "\"\", Esq.\"," +
           (i % 2 ? "gold" : "") + "," + std::to_string(i) + "\r\n";
  }
  return csv;
}

std::vector<std::string> Ids(const std::filesystem::path& results_json) {
  std::vector<std::string> ids;
  auto doc = ParseJson(ReadAll(results_json));
  if (!doc || !doc->is_array()) return ids;
  for (const auto& row : doc->as_array()) ids.push_back(JsonString(row, "id").value_or(""));
  return ids;
}

std::size_t Count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

class BulkSendE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Serve({});
    Write(dir_.path() / "message.toml", kTemplate);
  }

  // (Re)starts the gateway on the same data directory, with `sets` as --set flags.
  void Serve(const std::vector<std::string>& sets) {
    if (serve_) serve_->Signal(SIGTERM);
    std::vector<std::string> args{
        "--demo",
        "--port",
        "0",
        "--set",
        "lanes.messages_per_minute=6000",
        "--demo-scenario",
        std::string(GRAPHPOST_SOURCE_DIR) + "/scenarios/setup-guide.json"};
    for (const auto& s : sets) args.insert(args.end(), {"--set", s});
    serve_ = std::make_unique<GatewayProcess>(data_, args);
    listening_ = serve_->WaitListening();
    ASSERT_TRUE(listening_.is_object());
  }

  CliResult Bulk(const std::string& csv, std::vector<std::string> extra) {
    std::vector<std::string> args{"--data-dir",
                                  data_.string(),
                                  "send",
                                  "--bulk",
                                  (dir_.path() / csv).string(),
                                  "--template",
                                  (dir_.path() / "message.toml").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunGraphpost(args);
  }

  std::size_t Queued() {
    auto list =
        RunGraphpost({"--data-dir", data_.string(), "queue", "--json", "ls", "--limit", "1000"});
    auto doc = ParseJson(list.out);
    const auto* messages = doc ? JsonArray(*doc, "messages") : nullptr;
    return messages ? messages->size() : 0;
  }

  TempDir dir_;
  std::filesystem::path data_ = dir_.path() / "data";
  std::unique_ptr<GatewayProcess> serve_;
  boost::json::value listening_;
};

TEST_F(BulkSendE2eTest, QueuesEachRecipientOnceAcrossReRunsAndFollowsDelivery) {
  Write(dir_.path() / "list.csv", Recipients(50));

  auto first = Bulk("list.csv", {"--json", "--wait", "--batch-size", "20", "--results",
                                 (dir_.path() / "first.json").string()});
  auto again = Bulk("list.csv", {"--json", "--batch-size", "20", "--results",
                                 (dir_.path() / "again.json").string()});

  ASSERT_EQ(first.exit_code, 0) << first.out << serve_->log();
  EXPECT_NE(first.out.find(R"("queued":50,"rejected":0,"batches":3)"), std::string::npos)
      << first.out;
  EXPECT_NE(first.out.find(R"("delivered":50,"failed":0)"), std::string::npos) << first.out;
  ASSERT_EQ(again.exit_code, 0) << again.out;
  const auto ids = Ids(dir_.path() / "first.json");
  ASSERT_EQ(ids.size(), 50u);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 50u);
  EXPECT_EQ(Ids(dir_.path() / "again.json"), ids);  // the re-run got the same messages back
  EXPECT_NE(ReadAll(dir_.path() / "first.json")
                .find(R"("line":2,"email":"pat@company.com",)"
                      R"("status":"delivered")"),
            std::string::npos);
  EXPECT_EQ(Queued(), 50u);
  auto sent = RunGraphpost({"sandbox", "--json", "--state-dir",
                            JsonString(listening_, "demoSandboxDir").value_or(""), "mailbox",
                            "references@company.com", "--folder", "sentitems"});
  EXPECT_EQ(Count(sent.out, "\"subject\":\"Bulk e2e Pat"), 50u) << sent.out.substr(0, 2000);
  EXPECT_NE(sent.out.find(R"(Bulk e2e Pat \"7\", Esq.)"), std::string::npos);
}

// A run that stored only some batches (here the gateway refused the two larger ones as too big),
// then the gateway restarted and the same command run again: the missing batches are queued, the
// stored one is answered from the idempotency record, and every recipient is queued once.
TEST_F(BulkSendE2eTest, ReRunAfterAPartialRunQueuesOnlyWhatIsMissing) {
  Write(dir_.path() / "list.csv", Recipients(50));  // batches of 20, 20 and 10
  Serve({"server.max_batch_bytes=3KB"});
  auto partial = Bulk("list.csv", {"--json", "--batch-size", "20", "--results",
                                   (dir_.path() / "partial.json").string()});
  ASSERT_EQ(partial.exit_code, 6) << partial.out;
  ASSERT_NE(partial.out.find(R"("queued":10,"rejected":40)"), std::string::npos) << partial.out;
  Serve({});

  auto again = Bulk("list.csv", {"--json", "--batch-size", "20", "--results",
                                 (dir_.path() / "again.json").string()});

  ASSERT_EQ(again.exit_code, 0) << again.out;
  EXPECT_NE(again.out.find(R"("queued":50,"rejected":0)"), std::string::npos) << again.out;
  const auto before = Ids(dir_.path() / "partial.json"), after = Ids(dir_.path() / "again.json");
  ASSERT_EQ(after.size(), 50u);
  EXPECT_EQ(std::vector<std::string>(after.begin() + 40, after.end()),
            std::vector<std::string>(before.begin() + 40, before.end()));
  EXPECT_EQ(std::set<std::string>(after.begin(), after.end()).size(), 50u);
  EXPECT_EQ(Queued(), 50u);
}

TEST_F(BulkSendE2eTest, AnEmptyFieldWithoutDefaultStopsTheRunBeforeAnythingIsQueued) {
  Write(dir_.path() / "list.csv",
        "email,name,plan,row\npat@company.com,Pat,,1\n"
        "pat@company.com,,gold,2\n");

  auto dry = Bulk("list.csv", {"--dry-run"});
  auto run = Bulk("list.csv", {});

  EXPECT_EQ(dry.exit_code, 6) << dry.out;
  EXPECT_EQ(run.exit_code, 6) << run.out;
  EXPECT_NE(run.out.find("message.toml:2: {{ name }} is empty in "), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("list.csv line 3 and has no default"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("nothing was queued"), std::string::npos) << run.out;
  EXPECT_EQ(Queued(), 0u);
}

TEST_F(BulkSendE2eTest, DryRunPrintsTheFirstMessageAndTheCountAndQueuesNothing) {
  Write(dir_.path() / "list.csv", Recipients(3));

  auto dry = Bulk("list.csv", {"--dry-run"});

  ASSERT_EQ(dry.exit_code, 0) << dry.out;
  EXPECT_NE(dry.out.find("dry run: 3 message(s) in 1 batch(es)"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find(R"("subject":"Bulk e2e Pat \"0\", Esq.")"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("your plan is basic."), std::string::npos) << dry.out;
  EXPECT_EQ(Queued(), 0u);
}

TEST_F(BulkSendE2eTest, SendsWithTheKeyOfAnApiKeyFile) {
  Write(dir_.path() / "list.csv", Recipients(3));
  const std::string demo_key = JsonString(listening_, "demoKeyFile").value_or("");

  auto run = Bulk("list.csv", {"--json", "--api-key-file", demo_key});
  auto missing = Bulk("list.csv", {"--api-key-file", (dir_.path() / "nope.key").string()});

  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_NE(run.out.find(R"("queued":3)"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find(ReadAll(demo_key)), std::string::npos);
  EXPECT_EQ(missing.exit_code, 4) << missing.out;
  EXPECT_EQ(Queued(), 3u);
}

}  // namespace
}  // namespace graphpost::testing
