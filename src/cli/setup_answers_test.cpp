#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "cli/setup_commands.hpp"
#include "testing/temp_dir.hpp"

namespace graphpost::cli {
namespace {

constexpr const char* kFile = R"(tenant = "company.com"
app_name = "From File"
[[mailbox]]
address = "pat@company.com"
)";

class GatherSetupAnswersTest : public ::testing::Test {
 protected:
  std::string WriteFile(const std::string& text) {
    const auto path = dir_.path() / "answers.toml";
    std::ofstream(path) << text;
    return path.string();
  }

  Result<setup::Answers> Gather(const SetupOptions& o, const std::string& typed = "") {
    std::istringstream in(typed);
    return GatherSetupAnswers(o, in, out_);
  }

  testing::TempDir dir_;
  std::ostringstream out_;
};

TEST_F(GatherSetupAnswersTest, GivenFlagsWinOverTheFileOthersAreIgnored) {
  SetupOptions o{.answers_file = WriteFile(kFile)};
  o.flags.app_name = "From Flag";
  o.flags.cloud = "china";  // not given: the file's (default) stays
  o.flags.mode = setup::Mode::kAsTheGuide;
  o.given = {"app-name", "mode"};
  auto a = Gather(o);
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->app_name, "From Flag");
  EXPECT_EQ(a->cloud, "global");
  EXPECT_EQ(a->mode, setup::Mode::kAsTheGuide);
  ASSERT_EQ(a->mailboxes.size(), 1u);
}

TEST_F(GatherSetupAnswersTest, MailboxFlagsReplaceTheFilesMailboxes) {
  SetupOptions o{.answers_file = WriteFile(kFile),
                 .mailbox_flags = {"refs@company.com:shared", "x@company.com:alias:b@company.com",
                                   "u@company.com"}};
  auto a = Gather(o);
  ASSERT_TRUE(a) << a.error().message;
  ASSERT_EQ(a->mailboxes.size(), 3u);
  EXPECT_EQ(a->mailboxes[0].kind, setup::MailboxKind::kShared);
  EXPECT_EQ(a->mailboxes[1].kind, setup::MailboxKind::kAlias);
  EXPECT_EQ(a->mailboxes[1].alias_of, "b@company.com");
  EXPECT_EQ(a->mailboxes[2].address, "u@company.com");
}

TEST_F(GatherSetupAnswersTest, EveryAnswerFromFlags) {
  SetupOptions o{.mailbox_flags = {"pat@company.com"}};
  o.flags.tenant = "company.com";
  o.given = {"tenant"};
  auto a = Gather(o);
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->tenant, "company.com");
}

TEST_F(GatherSetupAnswersTest, ARefusalNamesTheFlagOrTheFile) {
  SetupOptions flag{.answers_file = WriteFile(kFile)};
  flag.flags.tenant = "not a tenant";
  flag.given = {"tenant"};
  auto a = Gather(flag);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(a.error().message.rfind("--tenant: tenant: 'not a tenant' is neither", 0), 0u)
      << a.error().message;

  SetupOptions mailbox{.answers_file = WriteFile(kFile), .mailbox_flags = {"x@other.com"}};
  a = Gather(mailbox);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().message.rfind("--mailbox: mailboxes[0].address: 'x@other.com'", 0), 0u)
      << a.error().message;

  SetupOptions file{.answers_file = WriteFile("tenant = \"company.com\"\n")};
  a = Gather(file);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().message,
            file.answers_file + ": mailboxes: give at least one sending mailbox");
}

TEST_F(GatherSetupAnswersTest, FileAndMailboxFlagErrors) {
  auto missing = Gather({.answers_file = (dir_.path() / "none.toml").string()});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message.rfind("--answers: ", 0), 0u) << missing.error().message;

  const std::string path = WriteFile("tenant = \"company.com\"\nbogus = 1\n");
  auto unknown = Gather({.answers_file = path});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message.rfind(path + ":2:9: bogus: unknown key", 0), 0u)
      << unknown.error().message;

  auto kind = Gather({.mailbox_flags = {"a@company.com:room"}});
  ASSERT_FALSE(kind);
  EXPECT_EQ(kind.error().message,
            "--mailbox 'a@company.com:room': kind: 'room' is not one of user, shared, alias");

  auto nothing = Gather({});
  ASSERT_FALSE(nothing);
  EXPECT_NE(nothing.error().message.find("give --answers FILE or the flags"), std::string::npos);
}

TEST_F(GatherSetupAnswersTest, PromptsStartFromTheFileAndFlags) {
  SetupOptions o{.answers_file = WriteFile(kFile), .prompt = true};
  auto a = Gather(o, "\n\n\n\n\n\n\n\n\n");
  ASSERT_TRUE(a) << a.error().message << "\n" << out_.str();
  EXPECT_EQ(a->app_name, "From File");
  EXPECT_NE(out_.str().find("[company.com]"), std::string::npos);
  EXPECT_NE(out_.str().find("[pat@company.com]"), std::string::npos);
}

}  // namespace
}  // namespace graphpost::cli
