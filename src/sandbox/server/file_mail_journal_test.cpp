#include "sandbox/server/file_mail_journal.hpp"

#include <csignal>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <sys/resource.h>

#include "testing/temp_dir.hpp"

namespace graphpost::sandbox {
namespace {

std::unique_ptr<FileMailJournal> NewJournal(const testing::TempDir& dir, std::ostream& log,
                                            JournalDurability durability) {
  return FileMailJournal::Create(dir.path(), 1, durability, log).value();
}

class FileMailJournalTest : public ::testing::TestWithParam<JournalDurability> {
 protected:
  testing::TempDir dir_;
  std::ostringstream log_;
};

TEST_P(FileMailJournalTest, ConfirmedRecordsAreInTheFileInOrder) {
  auto journal = NewJournal(dir_, log_, GetParam());

  journal->Append(R"({"n":1})");
  auto second = journal->Append(R"({"n":2})");
  ASSERT_TRUE(journal->WaitDurable(second));

  auto contents = ReadJournalFile(JournalPath(dir_.path(), 1)).value();
  EXPECT_EQ(contents.records, (std::vector<std::string>{R"({"n":1})", R"({"n":2})"}));
  EXPECT_FALSE(contents.torn_tail);
}

TEST_P(FileMailJournalTest, RotateStartsTheNextFileAndACheckpointDeletesTheOlderOnes) {
  auto journal = NewJournal(dir_, log_, GetParam());
  journal->Append("old");  // not waited for: Rotate writes it to the old file

  auto generation = journal->Rotate();
  ASSERT_TRUE(journal->WaitDurable(journal->Append("new")));

  ASSERT_TRUE(generation);
  EXPECT_EQ(*generation, 2u);
  EXPECT_EQ(ReadJournalFile(JournalPath(dir_.path(), 1))->records, std::vector<std::string>{"old"});
  EXPECT_EQ(ReadJournalFile(JournalPath(dir_.path(), 2))->records, std::vector<std::string>{"new"});
  journal->CheckpointSaved(2);
  EXPECT_EQ(ListJournalGenerations(dir_.path()).value(), std::vector<std::uint64_t>{2});
}

INSTANTIATE_TEST_SUITE_P(BothDurabilities, FileMailJournalTest,
                         ::testing::Values(JournalDurability::kProcessCrash,
                                           JournalDurability::kPowerLoss));

TEST(FileMailJournalFileTest, ATornLastRecordIsDroppedAndReported) {
  testing::TempDir dir;
  std::ofstream(dir.path() / "journal-3.jsonl") << "{\"a\":1}\n{\"b\":";

  auto contents = ReadJournalFile(dir.path() / "journal-3.jsonl");

  ASSERT_TRUE(contents);
  EXPECT_EQ(contents->records, std::vector<std::string>{"{\"a\":1}"});
  EXPECT_TRUE(contents->torn_tail);
  EXPECT_EQ(ListJournalGenerations(dir.path()).value(), std::vector<std::uint64_t>{3});
}

// Limits the size of files this process writes, so a write fails as on a full disk.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    std::signal(SIGXFSZ, SIG_IGN);  // write(2) then fails with EFBIG instead
    getrlimit(RLIMIT_FSIZE, &saved_);
    rlimit limit{bytes, saved_.rlim_max};
    setrlimit(RLIMIT_FSIZE, &limit);
  }
  ~FileSizeLimit() { setrlimit(RLIMIT_FSIZE, &saved_); }

 private:
  rlimit saved_{};
};

TEST(FileMailJournalFailureTest, AFailedWriteIsLoggedAndNothingIsConfirmedUntilRotate) {
  testing::TempDir dir;
  std::ostringstream log;
  auto journal = NewJournal(dir, log, JournalDurability::kPowerLoss);
  std::optional<Status> failed;
  std::optional<Status> later;
  {
    FileSizeLimit limit(8);
    failed = journal->WaitDurable(journal->Append(std::string(64, 'x')));
    later = journal->WaitDurable(journal->Append("small"));
  }

  auto rotated = journal->Rotate();
  Status after_rotate = journal->WaitDurable(journal->Append("fresh"));

  ASSERT_FALSE(*failed);
  EXPECT_NE(failed->error().message.find("journal-1.jsonl: File too large"), std::string::npos)
      << failed->error().message;
  EXPECT_FALSE(*later);
  EXPECT_NE(log.str().find("ERROR: mail journal: cannot write"), std::string::npos) << log.str();
  ASSERT_TRUE(rotated);
  EXPECT_TRUE(after_rotate);
}

}  // namespace
}  // namespace graphpost::sandbox
