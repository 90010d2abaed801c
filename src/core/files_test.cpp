#include "core/files.hpp"

#include <fstream>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "testing/temp_dir.hpp"

namespace graphpost {
namespace {

namespace fs = std::filesystem;

unsigned ModeOf(const fs::path& path) {
  struct stat st {};
  ::stat(path.c_str(), &st);
  return st.st_mode & 07777;
}

void WritePlain(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::size_t EntriesIn(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), {}));
}

TEST(ReadFileTextTest, ReturnsTheWholeFile) {
  testing::TempDir dir;
  std::string big(100000, 'x');
  WritePlain(dir.path() / "f", big);

  auto text = ReadFileText(dir.path() / "f");

  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(*text, big);
}

TEST(ReadFileTextTest, MissingFileIsNotFound) {
  testing::TempDir dir;

  auto text = ReadFileText(dir.path() / "missing");

  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code, ErrorCode::kNotFound);
}

TEST(ReadFileTextTest, DirectoryIsInvalidArgument) {
  testing::TempDir dir;

  auto text = ReadFileText(dir.path());

  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(text.error().message.find("is a directory"), std::string::npos);
}

TEST(ReadOwnerOnlyFileTest, RefusesAFileOthersMayRead) {
  testing::TempDir dir;
  WritePlain(dir.path() / "key", "k");
  fs::permissions(dir.path() / "key", kWorldReadable, fs::perm_options::replace);

  auto text = ReadOwnerOnlyFile(dir.path() / "key", 100);

  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(text.error().message.find("chmod 600"), std::string::npos);
}

TEST(ReadOwnerOnlyFileTest, ReadsAtMostMaxBytes) {
  testing::TempDir dir;
  WritePlain(dir.path() / "key", "0123456789");
  fs::permissions(dir.path() / "key", kOwnerOnly, fs::perm_options::replace);

  auto text = ReadOwnerOnlyFile(dir.path() / "key", 4);

  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(*text, "0123");
}

TEST(WriteFileAtomicTest, ReplacesTheFileWithTheGivenModeAndLeavesNoTemporaryFile) {
  testing::TempDir dir;
  const fs::path file = dir.path() / "state.json";
  WritePlain(file, "old");

  ASSERT_TRUE(WriteFileAtomic(file, "new", kOwnerOnly));

  EXPECT_EQ(*ReadFileText(file), "new");
  EXPECT_EQ(ModeOf(file), 0600u);
  EXPECT_EQ(EntriesIn(dir.path()), 1u);
}

TEST(WriteFileAtomicTest, GivesAWorldReadableFileItsMode) {
  testing::TempDir dir;

  ASSERT_TRUE(WriteFileAtomic(dir.path() / "ca.pem", "pem", kWorldReadable));

  EXPECT_EQ(ModeOf(dir.path() / "ca.pem"), 0644u);
}

TEST(WriteFileAtomicTest, FailsInAMissingDirectoryWithoutLeavingFiles) {
  testing::TempDir dir;

  Status written = WriteFileAtomic(dir.path() / "no" / "file", "x", kOwnerOnly);

  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(EntriesIn(dir.path()), 0u);
}

TEST(WriteFileAtomicTest, ConcurrentWritersLeaveOneWholeFile) {
  testing::TempDir dir;
  const fs::path file = dir.path() / "token";
  const std::string a(50000, 'a'), b(50000, 'b');

  {
    std::vector<std::jthread> writers;
    for (int i = 0; i < 8; ++i) {
      writers.emplace_back(
          [&, i] { ASSERT_TRUE(WriteFileAtomic(file, i % 2 ? a : b, kOwnerOnly)); });
    }
  }

  auto text = ReadFileText(file);
  ASSERT_TRUE(text);
  EXPECT_TRUE(*text == a || *text == b);
  EXPECT_EQ(EntriesIn(dir.path()), 1u);
}

TEST(CreateFileAtomicTest, FirstCreatorWinsAndTheFileIsKept) {
  testing::TempDir dir;
  const fs::path file = dir.path() / "master.key";

  ASSERT_TRUE(CreateFileAtomic(file, "first", kOwnerOnly));
  Status second = CreateFileAtomic(file, "second", kOwnerOnly);

  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(*ReadFileText(file), "first");
  EXPECT_EQ(ModeOf(file), 0600u);
  EXPECT_EQ(EntriesIn(dir.path()), 1u);
}

TEST(EnsureDirectoryTest, CreatesMissingParentsWithTheMode) {
  testing::TempDir dir;
  const fs::path nested = dir.path() / "a" / "b";

  ASSERT_TRUE(EnsureDirectory(nested, fs::perms::owner_all));

  EXPECT_TRUE(fs::is_directory(nested));
  EXPECT_EQ(ModeOf(dir.path() / "a"), 0700u);
  EXPECT_EQ(ModeOf(nested), 0700u);
}

TEST(EnsureDirectoryTest, LeavesAnExistingDirectoryAsItIs) {
  testing::TempDir dir;
  fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec,
                  fs::perm_options::replace);

  ASSERT_TRUE(EnsureDirectory(dir.path(), fs::perms::owner_all));

  EXPECT_EQ(ModeOf(dir.path()), 0750u);
}

TEST(OsErrorTest, PermissionErrorsArePermissionDenied) {
  EXPECT_EQ(OsError(EACCES, "open").code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(OsError(EROFS, "open").code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(OsError(ENOSPC, "write").code, ErrorCode::kUnavailable);
  EXPECT_EQ(OsError(ENOSPC, "cannot write f").message, "cannot write f: No space left on device");
}

}  // namespace
}  // namespace graphpost
