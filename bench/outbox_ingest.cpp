// bench/outbox_ingest.cpp — the SQLite outbox's durable ingest, in-process (no HTTP): messages/s
// committed (synchronous=FULL, callbacks after the fsync) by 16 submitter threads with 1 message
// per submit and with 1,000 per submit, 4 KB payloads; then the queue is filled to --count
// messages over 1,000 lanes and the resident memory, the database size and the time of one claim
// are printed. Not run by tests. Usage:
//   outbox_ingest [--dir DIR] [--count 1000000] [--single 32000] [--batched 320000]
//                 [--threads 16] [--keep] [--sequential-ids]
// DIR (default: a new directory under /var/tmp) gets outbox.db; it is removed unless --keep.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "outbox/sqlite/sqlite_outbox_store.hpp"

namespace {

namespace fs = std::filesystem;
using graphpost::outbox::ClaimRequest;
using graphpost::outbox::LaneKey;
using graphpost::outbox::MessageRecord;
using graphpost::outbox::OutboxOptions;
using graphpost::outbox::SqliteOutboxStore;
using graphpost::outbox::Submission;
using graphpost::outbox::SubmitOutcome;
using Clock = std::chrono::steady_clock;

constexpr int kLanes = 1000;

struct Options {
  fs::path dir;
  long count = 1000000;
  long single = 32000;
  long batched = 320000;
  int threads = 16;
  bool keep = false;
  bool sequential_ids = false;  // ids in insertion order (time-ordered GUIDs) instead of random
};

bool ParseArgs(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "--keep" || flag == "--sequential-ids") {
      (flag == "--keep" ? o.keep : o.sequential_ids) = true;
      continue;
    }
    if (i + 1 >= argc) return false;
    std::string value = argv[++i];
    if (flag == "--dir") {
      o.dir = value;
    } else if (flag == "--count") {
      o.count = std::stol(value);
    } else if (flag == "--single") {
      o.single = std::stol(value);
    } else if (flag == "--batched") {
      o.batched = std::stol(value);
    } else if (flag == "--threads") {
      o.threads = std::stoi(value);
    } else {
      return false;
    }
  }
  return true;
}

// A random-looking GUID (36 characters), unique per sequence number, as the API's NewGuid gives:
// inserts land all over the id index, as they do in production.
std::string IdFor(long n, bool sequential) {
  if (sequential) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "00000000-0000-7000-8000-%012ld", n);
    return buf;
  }
  std::uint64_t x = static_cast<std::uint64_t>(n) + 0x9e3779b97f4a7c15ULL;  // splitmix64
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  x ^= x >> 31;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-8%03x-%012lx", static_cast<unsigned>(x >> 32),
                static_cast<unsigned>((x >> 16) & 0xffff), static_cast<unsigned>(x & 0xfff),
                static_cast<unsigned>(n & 0xfff), static_cast<unsigned long>(n));
  return buf;
}

// About 4 KB of JSON, as the API stores it.
std::string Payload() {
  std::string body(4000, 'x');
  return R"({"from":"sender@contoso.com","to":[{"address":"r@fabrikam.com"}],"subject":"bench",)"
         R"("text":")" +
         body + R"("})";
}

struct Ingest {
  SqliteOutboxStore& store;
  bool sequential_ids = false;
  std::string payload = Payload();
  std::atomic<long> next{0};
  std::atomic<long> failed{0};

  MessageRecord Message(long n, std::chrono::system_clock::time_point now) const {
    MessageRecord m;
    m.id = IdFor(n, sequential_ids);
    m.api_key_id = "k_bench";
    m.lane = LaneKey{"conn" + std::to_string(n % 10),
                     "user" + std::to_string(n % kLanes) + "@contoso.com"};
    m.recipients = 1;
    m.payload = payload;
    m.created_at = now;
    m.send_at = now;
    m.next_attempt_at = now;
    return m;
  }

  // Submits `per_submit` messages per call until `total` messages were taken by all threads.
  void Submitter(long total, int per_submit) {
    graphpost::SystemClock wall;
    for (;;) {
      long first = next.fetch_add(per_submit);
      if (first >= total) return;
      Submission s;
      s.api_key_id = "k_bench";
      s.request_hash = "h";
      for (long n = first; n < std::min(total, first + per_submit); ++n) {
        s.messages.push_back(Message(n, wall.WallNow()));
      }
      std::promise<bool> done;
      store.Submit(std::move(s),
                   [&done](graphpost::Result<SubmitOutcome> r) { done.set_value(r.has_value()); });
      if (!done.get_future().get()) failed.fetch_add(1);
    }
  }

  // Runs `threads` submitters for messages [next, until); returns messages/s.
  double Run(int threads, long until, int per_submit) {
    long start_count = next.load();
    auto start = Clock::now();
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back([&] { Submitter(until, per_submit); });
    for (auto& t : pool) t.join();
    double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    next.store(until);
    return static_cast<double>(until - start_count) / seconds;
  }
};

long ResidentKiB(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::string(field).size()));
  }
  return -1;
}

std::uintmax_t DbBytes(const fs::path& dir) {
  std::uintmax_t total = 0;
  for (const char* name : {"outbox.db", "outbox.db-wal", "outbox.db-shm"}) {
    std::error_code ec;
    auto size = fs::file_size(dir / name, ec);
    if (!ec) total += size;
  }
  return total;
}

double Millis(Clock::time_point since) {
  return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!ParseArgs(argc, argv, o)) {
    std::cerr << "usage: outbox_ingest [--dir DIR] [--count N] [--single N] [--batched N] "
                 "[--threads N] [--keep] [--sequential-ids]\n";
    return 2;
  }
  bool made_dir = o.dir.empty();
  if (made_dir) {
    std::string tmpl = "/var/tmp/outbox-ingest-XXXXXX";
    o.dir = mkdtemp(tmpl.data());
  }
  graphpost::SystemClock clock;
  auto opened = SqliteOutboxStore::Open(o.dir / "outbox.db", OutboxOptions{}, clock);
  if (!opened) {
    std::cerr << opened.error().message << "\n";
    return 1;
  }
  auto& store = **opened;
  Ingest ingest{store, o.sequential_ids};

  double single = ingest.Run(o.threads, o.single, 1);
  std::int64_t tx_single = store.CommittedTransactions();
  std::printf(
      "single:  %.0f messages/s durably committed (%d threads, 1 per submit, %ld messages, "
      "%.1f per commit)\n",
      single, o.threads, o.single,
      static_cast<double>(store.WriteOperations()) / static_cast<double>(tx_single));
  double batched = ingest.Run(o.threads, o.single + o.batched, 1000);
  std::printf(
      "batched: %.0f messages/s durably committed (%d threads, 1000 per submit, %ld "
      "messages)\n",
      batched, o.threads, o.batched);
  std::fflush(stdout);

  auto fill_start = Clock::now();
  if (o.count > ingest.next.load()) ingest.Run(o.threads, o.count, 1000);
  std::printf("filled:  %ld messages queued in %d lanes (%.0f s)\n", ingest.next.load(), kLanes,
              Millis(fill_start) / 1000);
  std::printf("memory:  %ld KiB resident now, %ld KiB peak\n", ResidentKiB("VmRSS:"),
              ResidentKiB("VmHWM:"));
  std::printf("size:    %.1f MB on disk (db + wal)\n", static_cast<double>(DbBytes(o.dir)) / 1e6);

  // 100 claims of 10 in 100 different lanes, one after another: each is a transaction of its own
  // (its time includes the commit's fsync).
  auto claim_start = Clock::now();
  std::size_t claimed_total = 0;
  for (int lane = 0; lane < 100; ++lane) {
    std::promise<std::size_t> claimed;
    auto now = clock.WallNow();
    long n = lane * 7 + 3;
    store.Claim(ClaimRequest{LaneKey{"conn" + std::to_string(n % 10),
                                     "user" + std::to_string(n % kLanes) + "@contoso.com"},
                             now, 10, now + std::chrono::minutes(5)},
                [&](graphpost::Result<std::vector<MessageRecord>> r) {
                  claimed.set_value(r ? r->size() : 0);
                });
    claimed_total += claimed.get_future().get();
  }
  std::printf("claim:   %.2f ms per claim of 10 (100 lanes, %zu claimed, commit included)\n",
              Millis(claim_start) / 100, claimed_total);
  auto get_start = Clock::now();
  int found = 0;
  for (long i = 0; i < 1000; ++i) {
    found +=
        store.Get(IdFor((i * 7919) % ingest.next.load(), o.sequential_ids), std::nullopt) ? 1 : 0;
  }
  std::printf("get:     %.3f ms per Get of a random id (%d of 1000 found)\n",
              Millis(get_start) / 1000, found);
  auto lanes_start = Clock::now();
  auto lanes = store.QueuedLanes();
  std::printf("lanes:   %zu queued lanes listed in %.0f ms\n", lanes ? lanes->size() : 0,
              Millis(lanes_start));
  auto count_start = Clock::now();
  auto counts = store.CountByState();
  std::printf("counts:  by state in %.0f ms\n", Millis(count_start));
  std::printf("memory:  %ld KiB resident at the end\n", ResidentKiB("VmRSS:"));
  if (ingest.failed.load() > 0) std::printf("FAILED submits: %ld\n", ingest.failed.load());
  opened->reset();
  if (made_dir && !o.keep) fs::remove_all(o.dir);
  return ingest.failed.load() > 0 ? 1 : 0;
}
