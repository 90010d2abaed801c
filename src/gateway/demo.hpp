// gateway/demo.hpp — `graphpost serve --demo`: the embedded sandbox (the setup guide's tenant,
// state in <data dir>/demo-sandbox) in the gateway's own process, a connection "demo" that sends
// as references@company.com through it with the secret the sandbox generated, a demo API key in
// <data dir>/demo.key and a demo SMTP account "demo" whose password is in
// <data dir>/demo-smtp.password (both 0600; printed commands read them from there), and the
// commands to try.
// docs/gateway.md, "Running the gateway". Thread-compatible; call at start-up.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "connections/connection_store.hpp"
#include "console/console.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "outbox/outbox_store.hpp"
#include "sandbox/server/sandbox.hpp"

namespace graphpost::gateway {

inline constexpr char kDemoConnection[] = "demo";
inline constexpr char kDemoMailbox[] = "references@company.com";
inline constexpr char kDemoRecipient[] = "pat@company.com";
inline constexpr char kDemoSmtpAccount[] = "demo";

std::filesystem::path DemoSandboxDir(const std::filesystem::path& data_dir);
std::filesystem::path DemoKeyFile(const std::filesystem::path& data_dir);
std::filesystem::path DemoSmtpPasswordFile(const std::filesystem::path& data_dir);

// Starts the sandbox on 127.0.0.1 (a free port) with `scenario` on first start (its saved state
// afterwards). Errors as sandbox::Sandbox::Start.
[[nodiscard]] Result<std::unique_ptr<sandbox::Sandbox>> StartDemoSandbox(
    const std::filesystem::path& data_dir, const std::filesystem::path& scenario, Clock& clock,
    Random& random);

// Saves the connection "demo" (replacing an older one: the sandbox's port changes) with the
// sandbox's URLs, CA and the guide app's generated secret, and that secret's expiry as the
// sandbox's admin API reports it (so /metrics shows graphpost_secret_days_left for "demo").
// kNotFound when the secret file is missing; errors of the connection store.
[[nodiscard]] Status SaveDemoConnection(connections::ConnectionStore& store,
                                        sandbox::Sandbox& sandbox,
                                        const std::filesystem::path& data_dir);

// The sandbox's admin API for the console's Sandbox pages: each request gets the sandbox's admin
// key as its Bearer credential and goes to Sandbox::Handle in-process. `sandbox` must outlive
// what is returned.
console::SandboxAdmin DemoSandboxAdmin(sandbox::Sandbox& sandbox);

// A key that may send through "demo", kept in DemoKeyFile (see key_files.hpp).
[[nodiscard]] Status EnsureDemoKey(outbox::OutboxStore& outbox, Clock& clock, Random& random,
                                   const std::filesystem::path& data_dir);

// The SMTP account "demo" (AUTH username "demo", may send through "demo") with the password kept
// in DemoSmtpPasswordFile: kept while the file's password still verifies against the stored
// account, else a new random password is hashed (Argon2id), stored and written (0600).
// Blocking; errors of the outbox or the file.
[[nodiscard]] Status EnsureDemoSmtpAccount(outbox::OutboxStore& outbox, Clock& clock,
                                           Random& random, const std::filesystem::path& data_dir);

// The text printed for people: the console's address (with `console` on: signed in with the
// console token or the operator key, read from its file), the curl that sends a first message
// (reading the key from its file), the curl that shows a message's state, with SMTP on (`smtp_port`
// not 0) the swaks line that sends one over SMTP as the demo account (the password read from its
// file into swaks' environment, never argv), and the command (`program` is this binary) that lists
// the recipient's Inbox in the sandbox.
std::string DemoInstructions(const std::string& gateway_url, const std::filesystem::path& data_dir,
                             const std::string& program, std::uint16_t smtp_port = 0,
                             bool console = true);

// The swaks command of DemoInstructions.
std::string DemoSwaksCommand(const std::filesystem::path& data_dir, std::uint16_t smtp_port);

// The first message's JSON body, as the printed curl sends it.
std::string DemoMessageJson();

}  // namespace graphpost::gateway
