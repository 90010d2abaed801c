// bench/delivery/delivery_bench.cpp — the delivery engine's throughput (issue #7, Done when 6,
// delivery part): `--messages` queued in the real SQLite outbox for `--mailboxes` sender mailboxes
// (one lane each, one connection, one app credential), delivered through a sandbox that runs as
// its own process (`graphpost sandbox serve`, so its CPU is not counted here) and adds
// `--latency-ms` to every Graph request. Pacing is off (messages_per_minute = 0): at Exchange's
// 30/min per mailbox, 1,000 mailboxes cannot exceed 500 messages/s, so the bench measures the
// engine, not the pacing. Prints one JSON line:
//   {"messages","mailboxes","seconds","messages_per_second","peak_in_flight","engine_threads",
//    "cpu_seconds","cpu_ms_per_message","failed","throttled","graph_latency_avg_ms",
//    "sandbox_cpu_seconds"}
// cpu = getrusage(RUSAGE_SELF) over the delivery phase (engine + outbox; not the sandbox);
// sandbox_cpu_seconds = the sandbox process's CPU over the same phase (/proc/<pid>/stat).
// engine_threads = threads of this process during delivery minus those before the engine started.
// Usage: delivery_bench --graphpost BIN [--mailboxes 1000] [--messages 20000] [--latency-ms 300]
//                       [--io-threads 2] [--sandbox-threads 4] [--batch 0|1]
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <sys/resource.h>
#include <sys/wait.h>

#include "connections/connection_store.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "core/random.hpp"
#include "delivery/delivery_engine.hpp"
#include "http/curl_transport.hpp"
#include "message/api_message.hpp"
#include "outbox/sqlite/sqlite_outbox_store.hpp"
#include "sandbox/server/state_dir.hpp"

extern char** environ;

namespace {

using namespace graphpost;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

std::map<std::string, std::string> ParseArgs(int argc, char** argv) {
  std::map<std::string, std::string> o{{"mailboxes", "1000"},    {"messages", "20000"},
                                       {"latency-ms", "300"},    {"io-threads", "2"},
                                       {"sandbox-threads", "4"}, {"batch", "0"}};
  for (int i = 1; i + 1 < argc; i += 2) o[std::string(argv[i]).substr(2)] = argv[i + 1];
  return o;
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Mailbox(int i) { return "m" + std::to_string(i) + "@company.com"; }

// The setup guide's tenant with `n` more shared mailboxes, all in the senders group.
fs::path WriteScenario(const fs::path& dir, int n) {
  json::value doc =
      ParseJson(Slurp(std::string(GRAPHPOST_SOURCE_DIR) + "/scenarios/setup-guide.json")).value();
  json::array& recipients = doc.at("tenants").as_array()[0].at("recipients").as_array();
  const json::object model = recipients[2].as_object();  // advocacy@, a shared mailbox
  json::array* members = nullptr;
  for (auto& r : recipients) {
    if (auto* m = r.as_object().if_contains("members")) members = &m->as_array();
  }
  SystemRandom random;
  for (int i = 0; i < n; ++i) {
    json::object m = model;
    m["id"] = NewGuid(random);
    m["displayName"] = "Mailbox " + std::to_string(i);
    m["alias"] = "m" + std::to_string(i);
    m["userPrincipalName"] = Mailbox(i);
    m["primarySmtpAddress"] = Mailbox(i);
    m["distinguishedName"] = "CN=m" + std::to_string(i) + ",OU=company.onmicrosoft.com";
    recipients.push_back(m);
    members->push_back(json::value(Mailbox(i)));
  }
  const fs::path path = dir / "scenario.json";
  std::ofstream(path) << ToJson(doc);
  return path;
}

pid_t StartSandbox(const std::string& binary, const fs::path& state, const fs::path& scenario,
                   const std::string& threads) {
  std::vector<std::string> args{binary,
                                "sandbox",
                                "serve",
                                "--state-dir",
                                state.string(),
                                "--scenario",
                                scenario.string(),
                                "--port",
                                "0",
                                "--threads",
                                threads,
                                "--set",
                                "messagesPerMinutePerMailbox=2147483647",
                                "--set",
                                "requestsPerWindow=2147483647",
                                "--set",
                                "recipientsPerDayPerMailbox=2147483647"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

int ThreadCount() {
  int n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator("/proc/self/task")) ++n;
  return n;
}

// CPU seconds (user + system) of another process, from /proc/<pid>/stat; 0 when unreadable.
double ProcessCpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(in, line);
  const auto close = line.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(line.substr(close + 2));
  std::string f;
  double ticks = 0;
  for (int i = 3; fields >> f && i <= 15; ++i) {
    if (i == 14 || i == 15) ticks += std::stod(f);  // utime, stime
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

int Run(const std::map<std::string, std::string>& o) {
  const int mailboxes = std::stoi(o.at("mailboxes"));
  const int messages = std::stoi(o.at("messages"));
  char tmpl[] = "/tmp/delivery-bench-XXXXXX";
  const fs::path dir = mkdtemp(tmpl);
  const fs::path state = dir / "sandbox";
  pid_t sandbox = StartSandbox(o.at("graphpost"), state, WriteScenario(dir, mailboxes),
                               o.at("sandbox-threads"));
  Result<sandbox::Endpoint> endpoint = Fail(ErrorCode::kNotFound, "");
  for (int i = 0; i < 600 && !endpoint; ++i) {
    std::this_thread::sleep_for(100ms);  // a benchmark may wait for a child process
    endpoint = sandbox::StateDir::ReadEndpoint(state);
  }
  if (!endpoint) return std::cerr << "sandbox did not start\n", 1;
  http::CurlTransport admin(http::CurlOptions{.ca_file = endpoint->ca_path});
  http::ClientRequest fault{.method = "POST",
                            .url = endpoint->base_url + "/_sandbox/faults",
                            .body = R"({"latencyMs":)" + o.at("latency-ms") + "}"};
  fault.headers.Set("Authorization", "Bearer " + Slurp(endpoint->admin_key_path));
  fault.headers.Set("Content-Type", "application/json");
  if (std::stoi(o.at("latency-ms")) > 0) (void)admin.Send(fault);

  SystemClock clock;
  SystemRandom random;
  auto vault = connections::SecretVault::FromKeyFile(dir / "master.key", random);
  auto store = connections::ConnectionStore::Open(dir / "graphpost.db", std::move(*vault), clock);
  connections::Connection c;
  c.name = "bench";
  c.tenant = "3f6e1c2a-7b8d-4e59-9a1c-2d4b6f8e0a13";
  c.client_id = "8d2c4b6a-1e3f-4a5b-9c7d-0e1f2a3b4c5d";
  c.user_id = Mailbox(0);
  std::string secret = Slurp(state / "secrets" / "slapfive-email-automation.secret");
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == ' ')) secret.pop_back();
  c.client_secret = Secret(secret);
  c.cloud = "custom";
  c.login_url = endpoint->base_url;
  c.graph_url = endpoint->graph_url;
  c.ca_file = endpoint->ca_path;
  if (auto added = (*store)->Add(c); !added) return std::cerr << added.error().message << "\n", 1;
  auto outbox = outbox::SqliteOutboxStore::Open(dir / "outbox.db", {}, clock);

  for (int done = 0; done < messages;) {
    outbox::Submission s{.api_key_id = "k_bench"};
    const auto now = clock.WallNow();
    for (int i = 0; i < 1000 && done < messages; ++i, ++done) {
      message::ApiMessage m;
      m.connection = "bench";
      m.from = Mailbox(done % mailboxes);
      m.message.subject = "bench " + std::to_string(done);
      m.message.body = std::string(3000, 'x');
      m.message.to = {{"", "pat@company.com"}};
      s.messages.push_back({.id = NewGuid(random),
                            .api_key_id = "k_bench",
                            .lane = {"bench", m.from},
                            .recipients = 1,
                            .payload = message::ToCanonicalJson(m),
                            .created_at = now,
                            .send_at = now,
                            .next_attempt_at = now});
    }
    std::promise<bool> stored;
    (*outbox)->Submit(std::move(s),
                      [&](Result<outbox::SubmitOutcome> r) { stored.set_value(bool(r)); });
    if (!stored.get_future().get()) return std::cerr << "submit failed\n", 1;
  }

  delivery::EngineOptions options{
      .default_limits = {.max_in_flight = 4, .messages_per_minute = 0, .recipients_per_day = 0},
      .use_batch = o.at("batch") == "1",
      .io_threads = std::stoi(o.at("io-threads"))};
  const int threads_before = ThreadCount();
  const double cpu_before = CpuSeconds();
  const double sandbox_cpu_before = ProcessCpuSeconds(sandbox);
  const auto started = std::chrono::steady_clock::now();
  auto engine = delivery::MakeDeliveryEngine({.clock = clock,
                                              .random = random,
                                              .outbox = **outbox,
                                              .connections = **store,
                                              .options = options});
  if (auto s = (*engine)->Start(); !s) return std::cerr << s.error().message << "\n", 1;
  int threads = 0;
  std::int64_t delivered = 0, failed = 0;
  while (delivered + failed < messages) {
    std::this_thread::sleep_for(50ms);
    threads = std::max(threads, ThreadCount() - threads_before);
    delivered = failed = 0;
    for (const auto& [key, n] : (*engine)->Stats().attempts) {
      if (key.first == "sent" || key.first == "found-in-sent-items") delivered += n;
      if (key.first == "failed" || key.first == "expired") failed += n;
    }
    if (std::chrono::steady_clock::now() - started > 30min) break;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const double cpu = CpuSeconds() - cpu_before;
  const double sandbox_cpu = ProcessCpuSeconds(sandbox) - sandbox_cpu_before;
  const delivery::EngineStats stats = (*engine)->Stats();
  (*engine)->Stop(10s);
  engine->reset();
  kill(sandbox, SIGTERM);
  waitpid(sandbox, nullptr, 0);
  std::error_code ec;
  fs::remove_all(dir, ec);
  std::printf(
      "{\"batch\":%s,\"messages\":%lld,\"mailboxes\":%d,\"seconds\":%.2f,\"messages_per_second\":%."
      "0f,"
      "\"peak_in_flight\":%lld,\"engine_threads\":%d,\"cpu_seconds\":%.2f,"
      "\"cpu_ms_per_message\":%.3f,\"failed\":%lld,\"throttled\":%lld,"
      "\"graph_latency_avg_ms\":%.0f,\"sandbox_cpu_seconds\":%.2f}\n",
      options.use_batch ? "true" : "false", static_cast<long long>(delivered), mailboxes, seconds,
      delivered / seconds, static_cast<long long>(stats.peak_in_flight), threads, cpu,
      delivered ? cpu * 1000 / delivered : 0.0, static_cast<long long>(failed),
      static_cast<long long>(stats.throttled),
      stats.latency_count ? stats.latency_sum_seconds * 1000 / stats.latency_count : 0.0,
      sandbox_cpu);
  return failed == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  auto options = ParseArgs(argc, argv);
  if (!options.contains("graphpost")) {
    std::cerr
        << "usage: delivery_bench --graphpost BIN [--mailboxes 1000] [--messages 20000]\n"
           "         [--latency-ms 300] [--io-threads 2] [--sandbox-threads 4] [--batch 0|1]\n";
    return 2;
  }
  return Run(options);
}
