// WriteRunbookFiles (cli/setup_commands.hpp): where `setup` and `setup migrate` write their
// runbook (--out), with and without --force.
#include "cli/setup_commands.hpp"

#include <gtest/gtest.h>

#include "core/files.hpp"
#include "testing/temp_dir.hpp"

namespace graphpost::cli {
namespace {

namespace fs = std::filesystem;

std::vector<setup::RunbookFile> Files() { return {{"README.md", "# runbook\n", false}}; }

// An --out that is a file is refused saying so, exit 7, and --force does not change that (it
// used to fail with exit 5 and "cannot create a temporary file for out/README.md").
TEST(WriteRunbookFiles, AnOutThatIsAFileIsRefusedWithOrWithoutForce) {
  testing::TempDir tmp;
  const fs::path out = tmp.path() / "out";
  ASSERT_TRUE(WriteFileAtomic(out, "mine", kOwnerOnly));

  for (bool force : {false, true}) {
    Status written = WriteRunbookFiles(out, Files(), force);

    ASSERT_FALSE(written) << force;
    EXPECT_EQ(written.error().code, ErrorCode::kAlreadyExists) << force;
    EXPECT_NE(written.error().message.find("is a file, not a folder"), std::string::npos)
        << written.error().message;
    EXPECT_EQ(ReadFileText(out).value_or(""), "mine");
  }
}

TEST(WriteRunbookFiles, ForceWritesBesideOtherFiles) {
  testing::TempDir tmp;
  const fs::path out = tmp.path() / "out";
  fs::create_directories(out);
  ASSERT_TRUE(WriteFileAtomic(out / "notes.txt", "mine", kOwnerOnly));

  EXPECT_FALSE(WriteRunbookFiles(out, Files(), false));
  ASSERT_TRUE(WriteRunbookFiles(out, Files(), true));
  EXPECT_EQ(ReadFileText(out / "notes.txt").value_or(""), "mine");
  EXPECT_EQ(ReadFileText(out / "README.md").value_or(""), "# runbook\n");
}

}  // namespace
}  // namespace graphpost::cli
