// sandbox/server/file_mail_journal.hpp — the mail journal on disk: files journal-<N>.jsonl in the
// state directory, one JSON record per line. WaitDurable callers that arrive while a write is
// running share the next one (group commit). How far a confirmed record survives is chosen per
// journal (JournalDurability). Rotate() starts file N+1 after a snapshot; once state.json naming
// generation N+1 is saved, CheckpointSaved() deletes the older files. After a failed write the
// journal refuses to confirm anything (WaitDurable fails) until the next Rotate(), so no record
// is ever written after a gap. Thread-safe; owns one background thread (kProcessCrash).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "core/result.hpp"
#include "sandbox/graph/mail_journal.hpp"

namespace graphpost::sandbox {

enum class JournalDurability {
  // Written (write(2)) before it is confirmed, so it survives the process being killed (kill -9,
  // a crash, the OOM killer); flushed to disk (fdatasync) within kBackgroundFlushInterval, so a
  // power loss or kernel crash loses at most that much. SQLite's WAL with synchronous=NORMAL
  // makes the same promise. Fast: a write(2) per group of requests.
  kProcessCrash,
  // Flushed (fdatasync) before it is confirmed: survives a power loss too. Each group of
  // concurrent requests waits for one flush (a few ms on an SSD), which caps the request rate.
  kPowerLoss,
};

inline constexpr std::chrono::milliseconds kBackgroundFlushInterval{100};

class FileMailJournal final : public graph::MailJournal {
 public:
  // Creates journal-<generation>.jsonl in `dir` (it must not exist yet). Write failures are also
  // reported on `log` (it must outlive the journal). kUnavailable naming the file and OS error.
  [[nodiscard]] static Result<std::unique_ptr<FileMailJournal>> Create(std::filesystem::path dir,
                                                                       std::uint64_t generation,
                                                                       JournalDurability durability,
                                                                       std::ostream& log);
  ~FileMailJournal() override;
  FileMailJournal(const FileMailJournal&) = delete;
  FileMailJournal& operator=(const FileMailJournal&) = delete;

  Ticket Append(std::string record) override;
  [[nodiscard]] Status WaitDurable(Ticket ticket) override;
  [[nodiscard]] Result<std::uint64_t> Rotate() override;

  // A state.json naming `generation` is on disk: deletes the files of older generations.
  void CheckpointSaved(std::uint64_t generation);
  // Bytes appended to the current generation (to decide when a checkpoint is worth it).
  std::uint64_t bytes_in_generation() const;

 private:
  FileMailJournal(std::filesystem::path dir, std::uint64_t generation, int fd,
                  JournalDurability durability, std::ostream& log);
  // Writes everything queued, then fdatasyncs when `sync` (mu_ held on entry and exit; released
  // during the I/O). On failure the journal breaks: the error is logged and every unconfirmed
  // ticket is lost.
  void Flush(std::unique_lock<std::mutex>& lock, bool sync);
  void Break(const Error& error);
  bool Lost(Ticket ticket) const;
  // kProcessCrash: fdatasyncs what was written, every kBackgroundFlushInterval.
  void RunBackgroundFlush(std::stop_token stop);
  // flushed_.wait with the waiter counted, so Flush() skips notifying when nobody waits.
  template <class Predicate>
  void WaitFlushed(std::unique_lock<std::mutex>& lock, Predicate done) {
    ++waiters_;
    flushed_.wait(lock, done);
    --waiters_;
  }
  void NotifyFlushed() {
    if (waiters_ > 0) flushed_.notify_all();
  }

  const std::filesystem::path dir_;
  const JournalDurability durability_;
  std::ostream& log_;
  mutable std::mutex mu_;
  std::condition_variable flushed_;  // a write or sync ended; notified only when waiters_ > 0
  int waiters_ = 0;                  // Guarded by mu_.
  std::condition_variable_any background_wake_;  // only to stop the background thread early
  std::uint64_t generation_;                     // Guarded by mu_.
  int fd_;  // Guarded by mu_; used unlocked while flushing_ or syncing_ (Rotate waits for both).
  std::string queued_;       // Guarded by mu_. Records not yet written, '\n'-terminated.
  Ticket appended_ = 0;      // Guarded by mu_. Last ticket handed out.
  Ticket durable_ = 0;       // Guarded by mu_. Every ticket up to here is on disk.
  bool flushing_ = false;    // Guarded by mu_. One thread writes at a time.
  bool syncing_ = false;     // Guarded by mu_. The background fdatasync is running.
  bool broken_ = false;      // Guarded by mu_. A write failed; nothing is written until Rotate().
  Ticket lost_from_ = 0;     // Guarded by mu_. Tickets in [lost_from_, lost_through_] failed.
  Ticket lost_through_ = 0;  // Guarded by mu_.
  Error last_error_{};       // Guarded by mu_.
  std::uint64_t bytes_in_generation_ = 0;  // Guarded by mu_.
  bool unsynced_ = false;                  // Guarded by mu_. Written but not yet fdatasync'd.
  std::jthread background_flush_;          // last: stops before the members it uses go
};

// Path of the journal file of `generation` in `dir`.
std::filesystem::path JournalPath(const std::filesystem::path& dir, std::uint64_t generation);
// Generations of the journal files in `dir`, oldest first. kUnavailable when unreadable.
[[nodiscard]] Result<std::vector<std::uint64_t>> ListJournalGenerations(
    const std::filesystem::path& dir);

// The records of one journal file. A last line without its newline is a write cut short by a
// crash (it was never confirmed): it is dropped and reported as `torn_tail`.
struct JournalContents {
  std::vector<std::string> records;
  bool torn_tail = false;
};
[[nodiscard]] Result<JournalContents> ReadJournalFile(const std::filesystem::path& path);
// Deletes the journal files of generations before `generation`.
void RemoveJournalsBefore(const std::filesystem::path& dir, std::uint64_t generation);

}  // namespace graphpost::sandbox
