// gateway/demo.hpp — `graphpost serve --demo`: the embedded sandbox (the setup guide's tenant,
// state in <data dir>/demo-sandbox) in the gateway's own process, a connection "demo" that sends
// as references@company.com through it with the secret the sandbox generated, a demo API key in
// <data dir>/demo.key (0600; printed commands read it from there), and the commands to try.
// docs/gateway.md, "Running the gateway". Thread-compatible; call at start-up.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "connections/connection_store.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "outbox/outbox_store.hpp"
#include "sandbox/server/sandbox.hpp"

namespace graphpost::gateway {

inline constexpr char kDemoConnection[] = "demo";
inline constexpr char kDemoMailbox[] = "references@company.com";
inline constexpr char kDemoRecipient[] = "pat@company.com";

std::filesystem::path DemoSandboxDir(const std::filesystem::path& data_dir);
std::filesystem::path DemoKeyFile(const std::filesystem::path& data_dir);

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

// A key that may send through "demo", kept in DemoKeyFile (see key_files.hpp).
[[nodiscard]] Status EnsureDemoKey(outbox::OutboxStore& outbox, Clock& clock, Random& random,
                                   const std::filesystem::path& data_dir);

// The text printed for people: the curl that sends a first message (reading the key from its
// file), the curl that shows a message's state, and the command (`program` is this binary) that
// lists the recipient's Inbox in the sandbox.
std::string DemoInstructions(const std::string& gateway_url, const std::filesystem::path& data_dir,
                             const std::string& program);

// The first message's JSON body, as the printed curl sends it.
std::string DemoMessageJson();

}  // namespace graphpost::gateway
