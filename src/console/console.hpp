// console/console.hpp — the web console of `graphpost serve` under /ui (docs/console.md):
// server-rendered HTML pages (Overview, Messages, Connections, Sandbox) for mail admins and
// platform operators, usable without JavaScript for reading; a small script (compiled in, like the
// stylesheet) polls live pages. Access: a login with the console admin token (printed at first
// start, kept only as a SHA-256 hash) or an admin API key; a session cookie (`HttpOnly;
// SameSite=Strict`, `Secure` over HTTPS); a CSRF token on every form; a strict
// Content-Security-Policy on every answer; no secret, token or API key is ever rendered.
// Thread-safe: Admit and Handle run on many server threads at once.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "core/secret.hpp"
#include "delivery/delivery_engine.hpp"
#include "doctor/doctor.hpp"
#include "http/message.hpp"
#include "log/logger.hpp"
#include "outbox/outbox_store.hpp"

namespace graphpost::connections {
class ConnectionStore;
}

namespace graphpost::console {

// Runs the doctor (`graphpost connection test NAME`, no test send) on a connection, off the
// calling thread, and calls `done` once with the report from any thread. kNotFound for an unknown
// connection; other errors when the connection cannot even be opened.
using DoctorRunner = std::function<void(std::string connection,
                                        std::function<void(Result<doctor::DoctorReport>)> done)>;

// The embedded sandbox's admin API (`/_sandbox/...`, docs/sandbox.md), called in-process: the
// caller fills method, target, path, query and body; the implementation adds the admin key.
// Blocking but quick; thread-safe.
using SandboxAdmin = std::function<http::Response(http::Request)>;

struct ConsoleOptions {
  // Hex SHA-256 of the console admin token (console_token.hpp), read at each login so that
  // `graphpost console reset-token` takes effect without a restart; an empty function or an
  // empty answer: only admin API keys log in.
  std::function<std::string()> admin_token_hash;
  bool https = false;  // the gateway serves HTTPS: cookies get `Secure`
  std::chrono::seconds session_ttl{std::chrono::hours{12}};  // idle sessions end after this
  std::chrono::seconds live_refresh{5};                      // how often live pages poll
  // Failed logins allowed per client address per minute before 429.
  int login_attempts_per_minute = 10;
};

// Verifies a new client secret for `connection` before the console saves it: one token request
// for the connection's tenant and client ID with `secret` and a fresh, in-memory token cache.
// Returns at once, without blocking the calling thread; calls `done` once, from any thread, with
// OK or the error (Entra ID's refusal with its AADSTS code; never the secret).
using SecretChecker =
    std::function<void(std::string connection, Secret secret, std::function<void(Status)> done)>;

// What the console reads and acts on. Every reference outlives the Console; empty functions turn
// their feature off (no Test button without `run_doctor`, no Sandbox page without `sandbox`).
struct ConsoleDeps {
  Clock& clock;
  Random& random;
  outbox::OutboxStore& outbox;                // messages, attempts, counts, activity, admin keys
  connections::ConnectionStore& connections;  // the connections page; rotate secret
  std::function<delivery::EngineStats()> engine_stats;
  // Lanes whose messages were retried from the console (DeliveryEngine::Notify).
  std::function<void(const std::vector<outbox::LaneKey>&)> notify;
  DoctorRunner run_doctor;
  SandboxAdmin sandbox;
  ConsoleOptions options;
  // Empty: a rotated secret is saved without a check.
  SecretChecker check_secret = {};
  // The audit log (docs/console.md, "Audit log"): sign-ins, failed sign-ins, lockouts, sign-outs
  // and every action, with the principal and client address. Null: none.
  log::Logger* log = nullptr;
};

class Console {
 public:
  explicit Console(ConsoleDeps deps);
  ~Console();
  Console(const Console&) = delete;
  Console& operator=(const Console&) = delete;

  // "/ui" and everything under "/ui/".
  static bool Serves(std::string_view path);
  // The console's page for an answer the HTTP server makes itself under /ui (400, 408, 413, 431,
  // 503…): an HTML error page with the console's security headers (docs/console.md, "Security").
  static http::Response ServerErrorPage(int status);
  // From the head: GET/HEAD with no body; POST forms up to 64 KB (rotate secret, login, actions);
  // other methods 405. Never refuses for a missing session: Handle redirects to the login page.
  http::Admission Admit(const http::Request& head);
  // Answers now or later (doctor runs, outbox writes). Without a valid session every route but
  // the login page and the assets answers 303 to /ui/login?next=<path>; a POST without the
  // session's CSRF token answers 403; unknown routes 404 — all as console pages.
  void Handle(http::Request request, http::Respond respond);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace graphpost::console
