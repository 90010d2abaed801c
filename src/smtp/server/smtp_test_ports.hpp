// smtp/server/smtp_test_ports.hpp — test-only fakes of the listener's ports, and a fixture that
// starts an SmtpServer on loopback with them. The fakes answer from threads of their own, as the
// real ports may. Thread-safe; each fake must outlive the server that calls it (declare them
// first), and joins its answering threads when destroyed.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "http/tls_server_context.hpp"
#include "http/tls_test_files.hpp"
#include "log/capturing_logger.hpp"
#include "smtp/server/smtp_server.hpp"
#include "smtp/server/smtp_test_client.hpp"
#include "testing/fake_random.hpp"

namespace graphpost::smtp::testing {

// Runs each answer on a thread of its own.
class AnswerThreads {
 public:
  ~AnswerThreads() { Join(); }
  void Run(std::function<void()> answer) {
    std::lock_guard lock(mu_);
    threads_.emplace_back(std::move(answer));
  }
  void Join() {
    std::vector<std::thread> threads;
    {
      std::lock_guard lock(mu_);
      threads.swap(threads_);
    }
    for (auto& t : threads) t.join();
  }

 private:
  std::mutex mu_;
  std::vector<std::thread> threads_;  // Guarded by mu_.
};

// "alice" / "secret" is the one valid account.
class FakeAuthenticator final : public Authenticator {
 public:
  void Verify(const Peer&, std::string username, Secret password,
              std::function<void(Result<Principal>)> done) override {
    Result<Principal> result =
        username == "alice" && password.Reveal() == "secret"
            ? Result<Principal>(Principal{
                  .kind = Principal::Kind::kAccount, .name = "alice", .connections = {"demo"}})
            : Fail(ErrorCode::kUnauthenticated, "wrong name or password");
    answers_.Run([done = std::move(done), result = std::move(result)] { done(result); });
  }

 private:
  AnswerThreads answers_;
};

// Loopback clients may AUTH without TLS; `anonymous` (if set) may send without AUTH.
class FakeAccessPolicy final : public AccessPolicy {
 public:
  std::optional<Principal> anonymous;
  bool auth_without_tls = true;

  std::optional<Principal> Anonymous(const Peer&) override { return anonymous; }
  bool AuthWithoutTls(const Peer& peer) override { return auth_without_tls && peer.loopback; }
};

// Records submissions and answers 250, from its own threads; Hold() keeps answers back until
// Release().
class FakeSink final : public SubmissionSink {
 public:
  void Submit(Submission submission, std::function<void(Reply)> done) override {
    std::unique_lock lock(mu_);
    submissions_.push_back(std::move(submission));
    const std::string id = std::to_string(submissions_.size());
    arrived_.notify_all();
    if (hold_) {
      held_.push_back(std::move(done));
      return;
    }
    lock.unlock();
    answers_.Run([done = std::move(done), id] { done({250, "2.0.0", "queued as " + id}); });
  }

  void Hold() {
    std::lock_guard lock(mu_);
    hold_ = true;
  }
  // Answers the held submissions with `reply`.
  void Release(Reply reply) {
    std::vector<std::function<void(Reply)>> held;
    {
      std::lock_guard lock(mu_);
      held.swap(held_);
      hold_ = false;
    }
    for (auto& done : held) answers_.Run([done = std::move(done), reply] { done(reply); });
  }
  // Waits (bounded by kGuard) until `count` submissions arrived.
  bool WaitFor(std::size_t count) {
    std::unique_lock lock(mu_);
    return arrived_.wait_for(lock, kGuard, [&] { return submissions_.size() >= count; });
  }
  std::vector<Submission> submissions() const {
    std::lock_guard lock(mu_);
    return submissions_;
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable arrived_;
  std::vector<Submission> submissions_;           // Guarded by mu_.
  std::vector<std::function<void(Reply)>> held_;  // Guarded by mu_.
  bool hold_ = false;                             // Guarded by mu_.
  AnswerThreads answers_;
};

inline std::unique_ptr<http::TlsServerContext> TestTlsContext() {
  auto tls = http::TlsServerContext::Create(
      {.cert_chain_pem = http::testing::ReadTestData("tls_server.pem"),
       .key_pem = http::testing::ReadTestData("tls_server_key.pem")});
  return tls ? std::move(*tls) : nullptr;
}

// A plain listener on 127.0.0.1, a free port.
inline ListenerConfig PlainListener() { return {.host = "127.0.0.1", .port = 0}; }
inline ListenerConfig ImplicitTlsListener() {
  return {.host = "127.0.0.1", .port = 0, .implicit_tls = true};
}

// The fakes, a capturing log and the test certificate; Start() runs a server over them.
struct ServerFixture {
  FakeAuthenticator authenticator;
  FakeAccessPolicy access;
  FakeSink sink;
  graphpost::testing::FakeRandom random;
  log::CapturingLogger log;
  std::unique_ptr<http::TlsServerContext> tls = TestTlsContext();
  std::unique_ptr<SmtpServer> server;

  static ServerConfig Config(std::vector<ListenerConfig> listeners) {
    ServerConfig config;
    config.listeners = std::move(listeners);
    config.hostname = "mx.test";
    return config;
  }

  Result<std::uint16_t> Start(ServerConfig config, bool with_tls = true) {
    auto started = SmtpServer::Start(std::move(config), {.authenticator = authenticator,
                                                         .access = access,
                                                         .sink = sink,
                                                         .random = random,
                                                         .log = &log,
                                                         .tls = with_tls ? tls.get() : nullptr});
    if (!started) return Fail(started.error());
    server = std::move(*started);
    return server->ports().front();
  }

  // The reason of the one "smtp session ended" record, or "N records" when there is not one.
  std::string OnlySessionEndReason() {
    auto records = log.WithMessage("smtp session ended");
    if (records.size() != 1) return std::to_string(records.size()) + " records";
    return std::string(records[0].Field("reason"));
  }
};

// A message body for DATA, dot-terminated.
inline constexpr std::string_view kMessage =
    "From: alice@contoso.com\r\nTo: pat@contoso.com\r\nSubject: hello\r\n\r\nHi Pat.\r\n.\r\n";

}  // namespace graphpost::smtp::testing
