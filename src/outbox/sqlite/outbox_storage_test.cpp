// SqliteOutboxStore: group commit, a full disk or size limit, the file's mode and schema version.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <latch>

#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "outbox/sqlite/outbox_test_support.hpp"
#include "outbox/sqlite/schema.hpp"
#include "sqlite/sqlite.hpp"

namespace graphpost::outbox {
namespace {

using namespace std::chrono_literals;
using sqlite_store::kSchemaVersion;

using test::kLane;
using test::Outcome;
using test::SampleMessage;
using test::SampleSubmission;

class OutboxStorageTest : public test::OutboxFixture {
 protected:
  // Holds the writer thread inside a callback until the returned function is called, so that
  // what is submitted meanwhile queues up for one transaction.
  std::function<void()> HoldWriter() {
    auto entered = std::make_shared<std::latch>(1);
    auto release = std::make_shared<std::latch>(1);
    store_->Submit(SampleSubmission({SampleMessage("holder", Now())}),
                   [entered, release](Result<SubmitOutcome>) {
                     entered->count_down();
                     release->wait();
                   });
    entered->wait();
    return [release] { release->count_down(); };
  }
  MessageRecord Big(std::string id, std::size_t bytes = 64 * 1024) {
    MessageRecord m = SampleMessage(std::move(id), Now());
    m.payload = std::string(bytes, 'x');
    return m;
  }
  // Submits big messages until one fails; returns that failure (or success after 200).
  Result<SubmitOutcome> FillUntilFull(const std::string& prefix) {
    Result<SubmitOutcome> last = SubmitOutcome{};
    for (int i = 0; i < 200 && last; ++i) {
      last = Submit(SampleSubmission({Big(prefix + std::to_string(i))}));
    }
    return last;
  }
};

TEST_F(OutboxStorageTest, WritesQueuedTogetherShareOneTransaction) {
  auto release = HoldWriter();
  std::latch done(10);
  for (int i = 0; i < 10; ++i) {
    store_->Submit(SampleSubmission({SampleMessage("m" + std::to_string(i), Now())}),
                   [&done](Result<SubmitOutcome> r) {
                     EXPECT_TRUE(r);
                     done.count_down();
                   });
  }

  release();
  done.wait();

  EXPECT_EQ(store_->WriteOperations(), 11);
  EXPECT_EQ(store_->CommittedTransactions(), 2);
  EXPECT_EQ(StateOf("m9"), MessageState::kQueued);
}

TEST_F(OutboxStorageTest, AFailingWriteDoesNotFailTheOthersInItsTransaction) {
  SubmitEach({"taken"});
  std::int64_t before = store_->CommittedTransactions();
  auto release = HoldWriter();
  std::promise<Result<SubmitOutcome>> a, dup, b;
  auto into = [](std::promise<Result<SubmitOutcome>>& p) {
    return [&p](Result<SubmitOutcome> r) { p.set_value(std::move(r)); };
  };
  store_->Submit(SampleSubmission({SampleMessage("a", Now())}), into(a));
  store_->Submit(SampleSubmission({SampleMessage("a2", Now()), SampleMessage("taken", Now())}),
                 into(dup));
  store_->Submit(SampleSubmission({SampleMessage("b", Now())}), into(b));

  release();

  EXPECT_TRUE(a.get_future().get());
  EXPECT_EQ(dup.get_future().get().error().code, ErrorCode::kAlreadyExists);
  EXPECT_TRUE(b.get_future().get());
  EXPECT_EQ(store_->CommittedTransactions(), before + 2);  // the holder's, then the three
  EXPECT_EQ(store_->Get("a2", std::nullopt).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(StateOf("b"), MessageState::kQueued);
}

TEST_F(OutboxStorageTest, AFullSizeLimitRefusesTheWholeSubmissionAsStorageFull) {
  Reopen(OutboxOptions{.max_bytes = 1 << 20});

  auto full = FillUntilFull("fill");
  auto pair = Submit(SampleSubmission({SampleMessage("small", Now()), Big("large")}));

  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(full.error().message.rfind("storage full", 0), 0u) << full.error().message;
  ASSERT_FALSE(pair);
  EXPECT_EQ(store_->Get("small", std::nullopt).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(StateOf("fill0"), MessageState::kQueued);
}

TEST_F(OutboxStorageTest, WritesSucceedAgainOncePurgedMessagesFreeSpace) {
  Reopen(OutboxOptions{.max_bytes = 1 << 20});
  ASSERT_TRUE(Submit(SampleSubmission({Big("old1"), Big("old2"), Big("old3"), Big("old4")})));
  ASSERT_EQ(Claim(kLane, 4, Now())->size(), 4u);
  ASSERT_TRUE(Finish({Outcome("old1", MessageState::kDelivered, Now()),
                      Outcome("old2", MessageState::kDelivered, Now()),
                      Outcome("old3", MessageState::kDelivered, Now()),
                      Outcome("old4", MessageState::kDelivered, Now())}));
  ASSERT_FALSE(FillUntilFull("fill"));

  ASSERT_TRUE(Purge(Now() + 1s));

  auto again = Submit(SampleSubmission({Big("again")}));
  EXPECT_TRUE(again) << again.error().message;
}

TEST_F(OutboxStorageTest, WritesSucceedAgainWhenTheLimitIsRaised) {
  Reopen(OutboxOptions{.max_bytes = 1 << 20});
  ASSERT_FALSE(FillUntilFull("fill"));

  Reopen(OutboxOptions{.max_bytes = 4 << 20});

  EXPECT_TRUE(Submit(SampleSubmission({Big("again")})));
}

// A real full disk: a 1 MB tmpfs. Needs mount(2) (root or CAP_SYS_ADMIN); skipped otherwise.
TEST_F(OutboxStorageTest, AFullDiskRefusesWritesUntilSpaceReturns) {
  graphpost::testing::TempDir mount_point;
  if (::mount("tmpfs", mount_point.path().c_str(), "tmpfs", 0, "size=1m,mode=0700") != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs here (" << std::strerror(errno)
                 << "); the size-limit tests cover the same path";
  }
  // Closes the store on the tmpfs before unmounting it, whatever the test's outcome.
  struct Unmount {
    std::unique_ptr<SqliteOutboxStore>& store;
    const std::filesystem::path& path;
    ~Unmount() {
      store.reset();
      ::umount2(path.c_str(), MNT_DETACH);
    }
  } unmount{store_, mount_point.path()};
  std::filesystem::path ballast = mount_point.path() / "ballast";
  std::ofstream(ballast) << std::string(400 * 1024, 'b');
  auto opened = SqliteOutboxStore::Open(mount_point.path() / "outbox.db", {}, clock_);
  ASSERT_TRUE(opened) << opened.error().message;
  store_ = std::move(*opened);

  auto full = FillUntilFull("fill");
  auto refused = Submit(SampleSubmission({Big("refused")}));
  std::filesystem::remove(ballast);
  auto again = Submit(SampleSubmission({Big("again", 32 * 1024)}));

  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(full.error().message.rfind("storage full", 0), 0u) << full.error().message;
  EXPECT_FALSE(refused);
  EXPECT_EQ(store_->Get("refused", std::nullopt).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(again) << again.error().message;
  EXPECT_EQ(StateOf("fill0"), MessageState::kQueued);
}

TEST_F(OutboxStorageTest, TheDatabaseAndItsWalAreOwnerOnly) {
  SubmitEach({"m1"});
  struct stat db {
  }, wal{};

  ASSERT_EQ(::stat(DbFile().c_str(), &db), 0);
  ASSERT_EQ(::stat((DbFile().string() + "-wal").c_str(), &wal), 0);

  EXPECT_EQ(db.st_mode & 0777, 0600u);
  EXPECT_EQ(wal.st_mode & 0777, 0600u);
}

TEST_F(OutboxStorageTest, AFileFromANewerGraphpostIsRefused) {
  store_.reset();
  {
    auto db = sqlite::OpenDb(DbFile());
    const std::string newer = "PRAGMA user_version = " + std::to_string(kSchemaVersion + 1);
    ASSERT_TRUE(sqlite::Exec(db->get(), newer.c_str()));
  }

  auto opened = SqliteOutboxStore::Open(DbFile(), {}, clock_);

  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(opened.error().message.find("newer graphpost"), std::string::npos);
}

TEST_F(OutboxStorageTest, AFileThatIsNoDatabaseIsRefused) {
  std::filesystem::path other = dir_.path() / "notes.txt";
  std::ofstream(other) << std::string(8192, 'n');

  auto opened = SqliteOutboxStore::Open(other, {}, clock_);

  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(OutboxStorageTest, AnInMemoryDatabaseIsRefused) {
  EXPECT_EQ(SqliteOutboxStore::Open(":memory:", {}, clock_).error().code,
            ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace graphpost::outbox
