#include "sandbox/server/file_mail_journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <limits>

#include "core/files.hpp"
#include "sandbox/server/state_dir.hpp"

namespace graphpost::sandbox {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kPrefix = "journal-";
constexpr std::string_view kSuffix = ".jsonl";

// The directory entry of a new file must reach the disk too, or a crash can lose the file. A
// failure here is not reported: the file itself is written and the next checkpoint syncs again.
Result<int> CreateFile(const fs::path& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return Fail(OsError(errno, "cannot create " + path.string()));
  (void)SyncDirectory(path.parent_path());
  return fd;
}

std::optional<Error> Write(int fd, std::string_view bytes, bool sync, const fs::path& path) {
  if (auto written = WriteAll(fd, bytes, path); !written) return written.error();
  if (sync && ::fdatasync(fd) != 0) {
    return OsError(errno, "cannot flush (fdatasync) " + path.string());
  }
  return std::nullopt;
}

std::optional<std::uint64_t> GenerationOf(const std::string& name) {
  if (!name.starts_with(kPrefix) || !name.ends_with(kSuffix)) return std::nullopt;
  std::string_view digits(name);
  digits = digits.substr(kPrefix.size(), digits.size() - kPrefix.size() - kSuffix.size());
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
    return std::nullopt;
  }
  return n;
}

}  // namespace

fs::path JournalPath(const fs::path& dir, std::uint64_t generation) {
  return dir / (std::string(kPrefix) + std::to_string(generation) + std::string(kSuffix));
}

Result<std::unique_ptr<FileMailJournal>> FileMailJournal::Create(fs::path dir,
                                                                 std::uint64_t generation,
                                                                 JournalDurability durability,
                                                                 std::ostream& log) {
  auto fd = CreateFile(JournalPath(dir, generation));
  if (!fd) return Fail(fd.error());
  return std::unique_ptr<FileMailJournal>(
      new FileMailJournal(std::move(dir), generation, *fd, durability, log));
}

FileMailJournal::FileMailJournal(fs::path dir, std::uint64_t generation, int fd,
                                 JournalDurability durability, std::ostream& log)
    : dir_(std::move(dir)), durability_(durability), log_(log), generation_(generation), fd_(fd) {
  if (durability_ == JournalDurability::kProcessCrash) {
    background_flush_ = std::jthread([this](std::stop_token stop) { RunBackgroundFlush(stop); });
  }
}

FileMailJournal::~FileMailJournal() {
  if (background_flush_.joinable()) {
    background_flush_.request_stop();
    background_flush_.join();
  }
  std::unique_lock lock(mu_);
  if (!broken_ && (!queued_.empty() || unsynced_)) Flush(lock, true);
  ::close(fd_);
}

FileMailJournal::Ticket FileMailJournal::Append(std::string record) {
  std::lock_guard lock(mu_);
  if (!broken_) {
    queued_ += record;
    queued_ += '\n';
  }
  return ++appended_;
}

bool FileMailJournal::Lost(Ticket ticket) const {
  return lost_from_ != 0 && ticket >= lost_from_ && ticket <= lost_through_;
}

Status FileMailJournal::WaitDurable(Ticket ticket) {
  std::unique_lock lock(mu_);
  for (;;) {
    if (Lost(ticket)) return Fail(last_error_);
    if (durable_ >= ticket) return Ok();
    if (flushing_) {
      WaitFlushed(lock, [this] { return !flushing_; });
    } else {
      Flush(lock, durability_ == JournalDurability::kPowerLoss);
    }
  }
}

void FileMailJournal::Flush(std::unique_lock<std::mutex>& lock, bool sync) {
  flushing_ = true;
  std::string batch;
  batch.swap(queued_);
  Ticket through = appended_;
  int fd = fd_;
  fs::path path = JournalPath(dir_, generation_);
  lock.unlock();
  std::optional<Error> error = Write(fd, batch, sync, path);
  lock.lock();
  flushing_ = false;
  if (error) {
    Break(*error);
  } else {
    durable_ = through;
    bytes_in_generation_ += batch.size();
    unsynced_ = !sync && (unsynced_ || !batch.empty());
  }
  NotifyFlushed();
}

void FileMailJournal::Break(const Error& error) {
  broken_ = true;
  lost_from_ = durable_ + 1;
  lost_through_ = std::numeric_limits<Ticket>::max();
  last_error_ = error;
  log_ << "graphpost sandbox: ERROR: mail journal: " << error.message
       << ". Mail changes are NOT durable and are answered with 500 until state.json is saved "
          "again (next checkpoint)."
       << std::endl;
}

void FileMailJournal::RunBackgroundFlush(std::stop_token stop) {
  std::unique_lock lock(mu_);
  while (!stop.stop_requested()) {
    background_wake_.wait_for(lock, stop, kBackgroundFlushInterval, [] { return false; });
    if (stop.stop_requested() || !unsynced_ || syncing_ || broken_) continue;
    // Writers go on meanwhile: write(2) and fdatasync(2) on one descriptor may overlap.
    syncing_ = true;
    unsynced_ = false;
    int fd = fd_;
    fs::path path = JournalPath(dir_, generation_);
    lock.unlock();
    std::optional<Error> error = Write(fd, {}, true, path);
    lock.lock();
    syncing_ = false;
    if (error) Break(*error);
    NotifyFlushed();
  }
}

Result<std::uint64_t> FileMailJournal::Rotate() {
  std::unique_lock lock(mu_);
  WaitFlushed(lock, [this] { return !flushing_ && !syncing_; });
  if (!broken_ && (!queued_.empty() || unsynced_)) Flush(lock, true);
  auto fd = CreateFile(JournalPath(dir_, generation_ + 1));
  if (!fd) return Fail(fd.error());
  ::close(fd_);
  fd_ = *fd;
  ++generation_;
  bytes_in_generation_ = 0;
  if (broken_) {
    // Everything appended so far is in the snapshot the caller just took; the new file starts
    // without a gap, so confirming resumes. The lost tickets stay lost.
    broken_ = false;
    lost_through_ = appended_;
    queued_.clear();
  }
  return generation_;
}

void FileMailJournal::CheckpointSaved(std::uint64_t generation) {
  RemoveJournalsBefore(dir_, generation);
}

std::uint64_t FileMailJournal::bytes_in_generation() const {
  std::lock_guard lock(mu_);
  return bytes_in_generation_ + queued_.size();
}

Result<std::vector<std::uint64_t>> ListJournalGenerations(const fs::path& dir) {
  std::vector<std::uint64_t> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (auto generation = GenerationOf(entry.path().filename().string())) {
      out.push_back(*generation);
    }
  }
  if (ec) return Fail(ErrorCode::kUnavailable, "cannot list " + dir.string() + ": " + ec.message());
  std::sort(out.begin(), out.end());
  return out;
}

Result<JournalContents> ReadJournalFile(const fs::path& path) {
  auto text = ReadFileText(path);
  if (!text) return Fail(text.error());
  JournalContents out;
  std::string_view rest(*text);
  while (!rest.empty()) {
    std::size_t end = rest.find('\n');
    if (end == std::string_view::npos) {
      out.torn_tail = true;
      break;
    }
    if (end > 0) out.records.emplace_back(rest.substr(0, end));
    rest.remove_prefix(end + 1);
  }
  return out;
}

void RemoveJournalsBefore(const fs::path& dir, std::uint64_t generation) {
  auto generations = ListJournalGenerations(dir);
  if (!generations) return;
  for (std::uint64_t g : *generations) {
    std::error_code ec;
    if (g < generation) fs::remove(JournalPath(dir, g), ec);
  }
}

}  // namespace graphpost::sandbox
