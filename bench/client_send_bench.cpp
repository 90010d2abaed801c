// bench/client_send_bench.cpp — graphpost's client path measured in-process: what `graphpost send`
// does per message (a token from the shared cache, then one Graph JSON sendMail), without the
// process start-up that one `graphpost send` per message would add. One ClientRuntime session is
// shared by `--concurrency` threads (GraphMailClient is thread-safe); a warm-up (which also fetches
// the token) runs first, then `--count` messages are timed. Prints one JSON line:
//   {"messages":N,"seconds":wall,"cpu_seconds":user+sys of this process,"token_requests":k,...}
// (token_requests: those sent during the timed phase).
// CPU is getrusage(RUSAGE_SELF) over the timed phase only; the remote end is not counted.
// The client secret is read from --secret-file (never argv). Exit 1 if any send failed.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <sys/resource.h>

#include "app/client_runtime.hpp"
#include "connections/connection.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "graph/mail_message.hpp"

namespace {

using graphpost::Secret;
using graphpost::app::ConnectionSession;

constexpr const char* kUsage =
    "usage: client_send_bench --base-url URL --ca-file PEM --tenant ID --client-id ID\n"
    "         --secret-file FILE --mailbox ADDR --to ADDR [--count 3000] [--concurrency 16]\n"
    "         [--warmup 300]\n";

struct Options {
  std::map<std::string, std::string> values{
      {"count", "3000"}, {"concurrency", "16"}, {"warmup", "300"}};
  std::string Get(const std::string& key) const { return values.at(key); }
  long Number(const std::string& key) const { return std::stol(values.at(key)); }
};

bool ParseArgs(int argc, char** argv, Options& options) {
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag.rfind("--", 0) != 0) return false;
    options.values[flag.substr(2)] = argv[i + 1];
  }
  if (argc % 2 == 0) return false;
  for (const char* key :
       {"base-url", "ca-file", "tenant", "client-id", "secret-file", "mailbox", "to"}) {
    if (!options.values.contains(key)) return false;
  }
  for (const char* key : {"count", "concurrency", "warmup"}) {
    const std::string& v = options.values[key];
    if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos)
      return false;
  }
  return options.Number("concurrency") > 0;
}

bool ReadSecretFile(const std::string& path, Secret& out) {
  std::ifstream in(path);
  if (!in) return false;
  std::stringstream text;
  text << in.rdbuf();
  std::string value = text.str();
  while (!value.empty() && (value.back() == '\n' || value.back() == '\r' || value.back() == ' '))
    value.pop_back();
  out = Secret(std::move(value));
  return !out.empty();
}

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// What `graphpost send --to R --subject S --text T` builds (save to Sent Items, as by default).
graphpost::graph::OutgoingMessage BenchMessage(const std::string& to) {
  graphpost::graph::OutgoingMessage m;
  m.subject = "graphpost client benchmark";
  m.body = "Sent with client credentials through Microsoft Graph (the sandbox).";
  m.to.push_back({"", to});
  return m;
}

struct RunResult {
  long failures = 0;
  std::string first_error;
};

// Sends `count` messages from `threads` threads that share `session`.
RunResult SendAll(ConnectionSession& session, const std::string& mailbox,
                  const graphpost::graph::OutgoingMessage& message, long count, long threads) {
  std::atomic<long> next{0};
  RunResult result;
  std::mutex mu;
  std::vector<std::thread> workers;
  for (long t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      while (next.fetch_add(1) < count) {
        auto status = session.graph->SendMail(mailbox, message);
        if (status) continue;
        std::lock_guard lock(mu);
        if (result.failures++ == 0) result.first_error = status.error().message;
      }
    });
  }
  for (auto& worker : workers) worker.join();
  return result;
}

// Exit status: 1 (and the first error, which never holds the token or the secret) if any send
// failed.
int Report(const RunResult& warm, const RunResult& timed) {
  const long failures = warm.failures + timed.failures;
  if (failures == 0) return 0;
  std::cerr << "client_send_bench: " << failures
            << " send(s) failed; first: " << (warm.failures ? warm.first_error : timed.first_error)
            << "\n";
  return 1;
}

graphpost::connections::Connection SandboxConnection(const Options& o, Secret secret) {
  graphpost::connections::Connection c;
  c.name = "bench";
  c.tenant = o.Get("tenant");
  c.client_id = o.Get("client-id");
  c.client_secret = std::move(secret);
  c.user_id = o.Get("mailbox");
  c.cloud = "custom";
  std::string base = o.Get("base-url");
  while (!base.empty() && base.back() == '/') base.pop_back();
  c.login_url = base;
  c.graph_url = base + "/v1.0";
  c.ca_file = o.Get("ca-file");
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!ParseArgs(argc, argv, options)) {
    std::cerr << kUsage;
    return 2;
  }
  Secret secret;
  if (!ReadSecretFile(options.Get("secret-file"), secret)) {
    std::cerr << "client_send_bench: cannot read a secret from --secret-file\n";
    return 2;
  }
  graphpost::SystemClock clock;
  graphpost::SystemRandom random;
  graphpost::app::ClientRuntime runtime(clock, random);
  auto session = runtime.Open(SandboxConnection(options, std::move(secret)));
  if (!session) {
    std::cerr << "client_send_bench: " << session.error().message << "\n";
    return 1;
  }
  const std::string mailbox = options.Get("mailbox");
  const auto message = BenchMessage(options.Get("to"));
  const long concurrency = options.Number("concurrency");
  RunResult warm = SendAll(**session, mailbox, message, options.Number("warmup"), concurrency);

  const long count = options.Number("count");
  const std::size_t tokens_before = runtime.token_requests();
  const double cpu_start = CpuSeconds();
  const auto wall_start = std::chrono::steady_clock::now();
  RunResult timed = SendAll(**session, mailbox, message, count, concurrency);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  const double cpu_seconds = CpuSeconds() - cpu_start;

  std::printf(
      "{\"messages\":%ld,\"seconds\":%.4f,\"cpu_seconds\":%.4f,\"concurrency\":%ld,"
      "\"token_requests\":%zu,\"failures\":%ld}\n",
      count, seconds, cpu_seconds, concurrency, runtime.token_requests() - tokens_before,
      warm.failures + timed.failures);
  return Report(warm, timed);
}
