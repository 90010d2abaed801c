// bench/console_overview_bench.cpp — the console's Overview page with a big outbox (issue #9,
// "Done when" 4: under 100 ms server time with 1,000,000 messages), in-process, no HTTP:
//   --fill: fills DIR/outbox.db with --messages messages by direct SQL inserts in one
//     transaction through the outbox's own schema (its triggers keep the per-state, per-lane and
//     per-minute counters), created over the last 30 days, in mixed states (80 % delivered, 5 %
//     failed, 2 % expired, 3 % cancelled, 10 % queued with sendAt ten years ahead, so a gateway
//     on the directory stays idle), over 12 lanes;
//   then (unless --fill-only) runs the Overview handler --runs times and, as a reference, what
//     /metrics does (CountByState + RenderMetrics), and prints the first (cold) run and the
//     min / median / p99 of the others, in ms, as "label<TAB>value" rows for bench/console.sh.
// Usage: console_overview_bench --dir DIR [--fill] [--fill-only] [--messages 1000000] [--runs 200]
//                               [--html FILE]
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "connections/connection_store.hpp"
#include "console/page.hpp"
#include "core/base64.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "gateway/metrics.hpp"
#include "outbox/sqlite/sqlite_outbox_store.hpp"
#include "sqlite/sqlite.hpp"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using graphpost::SystemClock;
using TimePoint = std::chrono::system_clock::time_point;

struct Options {
  fs::path dir;
  bool fill = false;
  bool fill_only = false;
  long messages = 1000000;
  int runs = 200;
  fs::path html;  // set: the Overview's body is written there (to look at it)
};

bool ParseArgs(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--fill" || flag == "--fill-only") {
      o.fill = true;
      o.fill_only = o.fill_only || flag == "--fill-only";
      continue;
    }
    if (i + 1 >= argc) return false;
    const std::string value = argv[++i];
    if (flag == "--dir") {
      o.dir = value;
    } else if (flag == "--messages") {
      o.messages = std::stol(value);
    } else if (flag == "--runs") {
      o.runs = std::stoi(value);
    } else if (flag == "--html") {
      o.html = value;
    } else {
      return false;
    }
  }
  return !o.dir.empty() && o.runs > 1;
}

std::int64_t Nanos(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

// A GUID-shaped id, scattered like the API's random ones (splitmix64 of the sequence number).
std::string IdFor(long n) {
  std::uint64_t x = static_cast<std::uint64_t>(n) + 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  x ^= x >> 31;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-8%03x-%012lx", static_cast<unsigned>(x >> 32),
                static_cast<unsigned>((x >> 16) & 0xffff), static_cast<unsigned>(x & 0xfff),
                static_cast<unsigned>(n & 0xfff), static_cast<unsigned long>(n));
  return buf;
}

constexpr char kInsertMessage[] =
    "INSERT INTO messages(seq, id, api_key_id, connection, sender, state, recipients, "
    "save_to_sent_items, created_at, send_at, expires_at, next_attempt_at, lease_until, "
    "finished_at, attempts, verify_before_send, guarantee, cause, detail, fix) VALUES "
    "(?, ?, 'k_bench', ?, ?, ?, 1, 1, ?, ?, NULL, ?, NULL, ?, ?, 0, ?, ?, ?, '')";
constexpr char kInsertPayload[] = "INSERT INTO payloads(seq, payload) VALUES (?, ?)";
constexpr char kPayload[] =
    R"({"from":"user0@contoso.com","to":[{"address":"pat@fabrikam.com"}],"subject":"bench",)"
    R"("text":"A message of the console benchmark's outbox."})";

struct Row {
  int state;  // the MessageState ordinal
  std::optional<std::int64_t> finished_at, guarantee;
  std::string cause, detail;
};

Row RowFor(long n, std::int64_t created, std::int64_t now) {
  const long bucket = (n * 37) % 100;
  const std::int64_t finished =
      std::min<std::int64_t>(now, created + (1 + n % 120) * 1'000'000'000LL);
  if (bucket < 80) return {2, finished, 0, "", ""};
  if (bucket < 85) return {3, finished, std::nullopt, "mailbox_not_found", "no such mailbox"};
  if (bucket < 87) return {4, finished, std::nullopt, "expired", "the time to live ran out"};
  if (bucket < 90) return {5, finished, std::nullopt, "", ""};
  return {0, std::nullopt, std::nullopt, "", ""};
}

graphpost::Status BindRow(sqlite3_stmt* stmt, long n, std::int64_t created, std::int64_t now) {
  const Row row = RowFor(n, created, now);
  const std::int64_t ten_years = std::chrono::nanoseconds(24h * 3650).count();
  const std::int64_t send_at = row.state == 0 ? now + ten_years : created;
  const std::int64_t attempts = row.state == 0 || row.state == 5 ? 0 : 1;
  return graphpost::sqlite::BindAll(
      stmt, std::int64_t{n + 1}, IdFor(n), "conn" + std::to_string(n % 3),
      "user" + std::to_string(n % 4) + "@contoso.com", std::int64_t{row.state}, created, send_at,
      send_at, row.finished_at, attempts, row.guarantee, row.cause, row.detail);
}

// Messages created evenly over the 30 days before `now`, oldest first.
graphpost::Status Fill(const fs::path& file, long count, TimePoint now) {
  SystemClock clock;
  {  // the schema, exactly as the gateway makes it
    auto store = graphpost::outbox::SqliteOutboxStore::Open(file, {}, clock);
    if (!store) return graphpost::Fail(store.error());
  }
  auto db = graphpost::sqlite::OpenDb(file);
  if (!db) return graphpost::Fail(db.error());
  if (auto fast = graphpost::sqlite::Exec(
          db->get(),
          "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; "
          "PRAGMA cache_size = -262144; DELETE FROM payloads; DELETE FROM messages; "
          "DELETE FROM minute_counts; DELETE FROM state_counts; "
          "DELETE FROM lane_counts");
      !fast) {
    return fast;
  }
  auto message = graphpost::sqlite::Prepare(db->get(), kInsertMessage);
  auto payload = graphpost::sqlite::Prepare(db->get(), kInsertPayload);
  if (!message || !payload) return graphpost::Fail(!message ? message.error() : payload.error());
  auto tx = graphpost::sqlite::Transaction::Begin(db->get());
  if (!tx) return graphpost::Fail(tx.error());
  const std::int64_t end = Nanos(now), start = Nanos(now - 24h * 30);
  for (long n = 0; n < count; ++n) {
    const std::int64_t created = start + (end - start) / count * n;
    for (sqlite3_stmt* stmt : {message->get(), payload->get()}) {
      sqlite3_reset(stmt);
      sqlite3_clear_bindings(stmt);
    }
    if (auto bound = BindRow(message->get(), n, created, end); !bound) return bound;
    if (auto ran = graphpost::sqlite::StepDone(message->get()); !ran) return ran;
    auto bound = graphpost::sqlite::BindAll(payload->get(), std::int64_t{n + 1}, kPayload);
    if (!bound) return bound;
    if (auto ran = graphpost::sqlite::StepDone(payload->get()); !ran) return ran;
  }
  return tx->Commit();
}

// What the engine would report with 12 lanes, one of them paused.
graphpost::delivery::EngineStats CraftedStats(TimePoint now) {
  graphpost::delivery::EngineStats stats;
  stats.latency_bounds = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
  stats.latency_cumulative = {1200, 52000, 89000, 97000, 99000, 99800, 99900, 99950, 99990, 100000};
  stats.latency_count = 100000;
  stats.throttled = 420;
  stats.attempts[{"sent", ""}] = 99000;
  stats.attempts[{"retry", "throttled"}] = 420;
  stats.attempts[{"failed", "mailbox_not_found"}] = 80;
  for (int n = 0; n < 12; ++n) {
    graphpost::delivery::LaneStatus lane{.connection = "conn" + std::to_string(n % 3),
                                         .sender = "user" + std::to_string(n % 4) + "@contoso.com",
                                         .in_flight = n % 4,
                                         .next_due = now + std::chrono::seconds(n)};
    if (n == 0) {
      lane.paused = true;
      lane.reason = "The client secret of app 1234 has expired (AADSTS7000222).";
      lane.fix = "graphpost connection rotate-secret conn0 --secret-stdin";
    }
    stats.lane_status.push_back(lane);
  }
  stats.lanes = 12;
  stats.paused_lanes = 1;
  return stats;
}

struct Timing {
  double first_ms = 0;
  std::vector<double> rest_ms;  // sorted
};

Timing Time(int runs, const std::function<std::size_t()>& run, std::size_t& bytes) {
  SystemClock clock;
  Timing t;
  for (int i = 0; i < runs; ++i) {
    const auto started = clock.MonotonicNow();
    bytes = run();
    const double ms =
        std::chrono::duration<double, std::milli>(clock.MonotonicNow() - started).count();
    if (i == 0) {
      t.first_ms = ms;
    } else {
      t.rest_ms.push_back(ms);
    }
  }
  std::sort(t.rest_ms.begin(), t.rest_ms.end());
  return t;
}

void Print(const std::string& label, const Timing& t, std::size_t bytes) {
  const auto at = [&](double q) {
    return t
        .rest_ms[std::min(t.rest_ms.size() - 1, static_cast<std::size_t>(q * t.rest_ms.size()))];
  };
  std::printf(
      "%s, in-process (ms: first / min / median / p99 of %zu; page bytes)\t%.2f / %.2f / "
      "%.2f / %.2f; %zu\n",
      label.c_str(), t.rest_ms.size(), t.first_ms, t.rest_ms.front(), at(0.5), at(0.99), bytes);
}

int Measure(const Options& o) {
  SystemClock clock;
  graphpost::SystemRandom random;
  auto outbox = graphpost::outbox::SqliteOutboxStore::Open(o.dir / "outbox.db", {}, clock);
  if (!outbox) return std::cerr << outbox.error().message << "\n", 1;
  auto vault = graphpost::connections::SecretVault::FromMasterKey(
      graphpost::Base64Encode(std::string(32, 'b')), "bench");
  if (!vault) return std::cerr << vault.error().message << "\n", 1;
  auto connections = graphpost::connections::ConnectionStore::Open(":memory:", *vault, clock);
  if (!connections) return std::cerr << connections.error().message << "\n", 1;
  graphpost::console::ConsoleDeps deps{
      .clock = clock,
      .random = random,
      .outbox = **outbox,
      .connections = **connections,
      .engine_stats = [&clock] { return CraftedStats(clock.WallNow()); },
      .notify = {},
      .run_doctor = {},
      .sandbox = {},
      .options = {}};
  graphpost::console::RouteTable routes;
  graphpost::console::RegisterOverviewRoutes(routes, deps);
  const graphpost::console::Route* overview = routes.Find("GET", {"overview"});
  if (overview == nullptr) return std::cerr << "no overview route\n", 1;
  std::size_t bytes = 0;
  std::string body;
  const Timing page = Time(
      o.runs,
      [&] {
        graphpost::console::PageRequest request;
        request.path = {"overview"};
        request.now = clock.WallNow();
        overview->handler(std::move(request),
                          [&](graphpost::console::PageAnswer a) { body = std::move(a.body); });
        return body.size();
      },
      bytes);
  if (!o.html.empty()) std::ofstream(o.html) << body;
  Print("Overview page", page, bytes);
  const Timing metrics = Time(
      o.runs,
      [&] {
        graphpost::gateway::MetricsSnapshot snapshot;
        auto counts = (*outbox)->CountByState();
        snapshot.outbox_readable = counts.has_value();
        if (counts) snapshot.messages_by_state = std::move(*counts);
        snapshot.engine = CraftedStats(clock.WallNow());
        snapshot.ready = true;
        return graphpost::gateway::RenderMetrics(snapshot).size();
      },
      bytes);
  Print("/metrics", metrics, bytes);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!ParseArgs(argc, argv, o)) {
    std::cerr << "usage: console_overview_bench --dir DIR [--fill] [--fill-only] "
                 "[--messages 1000000] [--runs 200]\n";
    return 2;
  }
  if (o.fill) {
    SystemClock clock;
    const auto started = clock.MonotonicNow();
    if (auto filled = Fill(o.dir / "outbox.db", o.messages, clock.WallNow()); !filled) {
      std::cerr << "fill: " << filled.error().message << "\n";
      return 1;
    }
    std::printf("Fill: messages over 30 days, one transaction (s)\t%ld in %.1f\n", o.messages,
                std::chrono::duration<double>(clock.MonotonicNow() - started).count());
  }
  return o.fill_only ? 0 : Measure(o);
}
