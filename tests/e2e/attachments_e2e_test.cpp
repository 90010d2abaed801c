// Issue #3, "Done when" 5, end to end: `graphpost send --attach` with files of 10 KB, 2.9 MB
// (inline in one sendMail), 3.1 MB and 25 MB (draft + upload session) arrive intact in the
// recipient's mailbox — compared by SHA-256 of the bytes Graph gives back — and a 40 MB file is
// refused before anything is sent, with an error naming the limit.
#include <map>
#include <optional>

#include <gtest/gtest.h>

#include "core/base64.hpp"
#include "core/form.hpp"
#include "core/random.hpp"
#include "crypto/digest.hpp"
#include "tests/e2e/client_e2e_support.hpp"

namespace graphpost::testing {
namespace {

constexpr std::size_t kMiB = 1024 * 1024;

class ClientE2eAttachmentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteAll(inputs_.path() / "secret", f_.GuideSecret());
    CliResult added = Client({"connection", "add", "refs", "--tenant", kGuideTenant, "--client-id",
                              kGuideClient, "--user-id", "references@company.com", "--secret-file",
                              (inputs_.path() / "secret").string(), "--sandbox", "--sandbox-dir",
                              (f_.state_dir() / "sandbox").string()});
    ASSERT_EQ(added.exit_code, 0) << added.err;
  }

  CliResult Client(std::vector<std::string> args) {
    args.insert(args.begin(), {"--data-dir", (inputs_.path() / "data").string()});
    return f_.Cli(args);
  }

  // Writes `size` random bytes to inputs/<name>; returns the path.
  std::filesystem::path RandomFile(const std::string& name, std::size_t size) {
    auto path = inputs_.path() / name;
    WriteAll(path, random_.Bytes(size));
    return path;
  }

  CliResult SendWith(const std::string& subject, const std::filesystem::path& file) {
    return Client({"send", "-c", "refs", "--to", "pat@company.com", "--subject", subject, "--text",
                   "see attached", "--attach", file.string()});
  }

  std::string AccessToken() { return f_.GuideAccessToken(); }

  // The id of the message in pat's inbox with this subject.
  std::optional<std::string> InboxMessageId(const std::string& token, const std::string& subject) {
    auto inbox = f_.Graph(
        "GET", "/users/pat@company.com/mailFolders/inbox/messages?$select=id,subject&$top=100",
        token);
    auto doc = ParseJson(inbox.body);
    const json::array* value = doc ? JsonArray(*doc, "value") : nullptr;
    if (inbox.status != 200 || value == nullptr) {
      ADD_FAILURE() << "inbox: " << inbox.status << " " << inbox.body.substr(0, 300);
      return std::nullopt;
    }
    for (const auto& m : *value) {
      if (JsonString(m, "subject") == subject) return JsonString(m, "id");
    }
    return std::nullopt;
  }

  SandboxFixture f_;
  TempDir inputs_;
  SystemRandom random_;
};

TEST_F(ClientE2eAttachmentsTest, AttachmentsOfEverySizeArriveIntact) {
  const std::vector<std::pair<std::string, std::size_t>> files = {
      {"small-10k.bin", 10 * 1024},
      {"inline-2.9m.bin", static_cast<std::size_t>(2.9 * kMiB)},
      {"upload-3.1m.bin", static_cast<std::size_t>(3.1 * kMiB)},
      {"upload-25m.bin", 25 * kMiB}};
  std::map<std::string, std::string> digests;  // name → SHA-256 of the file
  for (const auto& [name, size] : files) {
    auto path = RandomFile(name, size);
    digests[name] = crypto::Sha256(ReadAll(path));
    std::uint64_t mark = LastSequence(f_);
    CliResult sent = SendWith("attachment " + name, path);
    ASSERT_EQ(sent.exit_code, 0) << name << ": " << sent.err;
    bool upload_session = false;
    for (const auto& r : RequestLog(f_, mark))
      upload_session |= r.path.ends_with("/createUploadSession");
    EXPECT_EQ(upload_session, size >= 3 * kMiB) << name << ": upload session used iff >= 3 MB";
  }

  std::string token = AccessToken();
  for (const auto& [name, size] : files) {
    SCOPED_TRACE(name);
    auto id = InboxMessageId(token, "attachment " + name);
    ASSERT_TRUE(id) << "not delivered to pat@company.com";
    auto listing = f_.Graph(
        "GET", "/users/pat@company.com/messages/" + PercentEncode(*id) + "/attachments", token);
    ASSERT_EQ(listing.status, 200) << listing.body.substr(0, 300);
    auto doc = ParseJson(listing.body);
    ASSERT_TRUE(doc);
    const json::array* value = JsonArray(*doc, "value");
    ASSERT_TRUE(value != nullptr && value->size() == 1);
    const json::value& a = (*value)[0];
    EXPECT_EQ(JsonString(a, "name"), name);
    EXPECT_EQ(JsonInt(a, "size"), static_cast<long long>(size));
    auto bytes = Base64Decode(JsonString(a, "contentBytes").value_or(""));
    ASSERT_TRUE(bytes) << "contentBytes is not base64";
    EXPECT_EQ(bytes->size(), size);
    EXPECT_EQ(crypto::HexLower(crypto::Sha256(*bytes)), crypto::HexLower(digests[name]));
  }
}

TEST_F(ClientE2eAttachmentsTest, FortyMegabytesIsRefusedBeforeAnythingIsSent) {
  auto path = RandomFile("too-big-40m.bin", 40 * kMiB);
  std::uint64_t mark = LastSequence(f_);

  CliResult sent = SendWith("too big", path);

  EXPECT_EQ(sent.exit_code, 6) << sent.err;
  EXPECT_NE(sent.err.find("40.0 MB"), std::string::npos) << sent.err;
  EXPECT_NE(sent.err.find("at most 35 MB"), std::string::npos) << sent.err;
  EXPECT_TRUE(sent.out.empty()) << sent.out;
  for (const auto& r : RequestLog(f_, mark))
    ADD_FAILURE() << "request sent: " << r.method << " " << r.path;
  EXPECT_FALSE(InboxMessageId(AccessToken(), "too big"));
}

}  // namespace
}  // namespace graphpost::testing
