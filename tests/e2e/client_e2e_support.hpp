// tests/e2e/client_e2e_support.hpp — small helpers shared by the client end-to-end tests (issue
// #3): the sandbox's request log through its admin API, the graphpost binary run with a given
// standard input and environment, files read and written whole. Header-only; not thread-safe.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "connections/connection.hpp"
#include "core/json.hpp"
#include "core/secret.hpp"
#include "crypto/jwt.hpp"
#include "tests/e2e/sandbox_fixture.hpp"

extern char** environ;

namespace graphpost::testing {

// The "roles" claim of an access token the sandbox issued (not verified: the tests only read
// what it says); empty when the token is not a JWT or has no roles.
inline std::vector<std::string> RolesOf(const std::string& token) {
  std::vector<std::string> roles;
  auto jwt = crypto::ParseJwt(token);
  const boost::json::array* claim = jwt ? JsonArray(jwt->payload, "roles") : nullptr;
  if (claim == nullptr) return roles;
  for (const auto& r : *claim) {
    if (r.is_string()) roles.emplace_back(r.get_string());
  }
  return roles;
}

inline std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void WriteAll(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// One entry of the sandbox's request log.
struct LoggedRequest {
  std::uint64_t sequence = 0;
  std::string method, path, app, mailbox;
  int status = 0;
};

// The setup guide's connection "references" (references@company.com) to the fixture's sandbox.
inline connections::Connection GuideConnection(SandboxFixture& f) {
  connections::Connection c;
  c.name = "references";
  c.tenant = kGuideTenant;
  c.client_id = kGuideClient;
  c.user_id = "references@company.com";
  c.client_secret = Secret(f.GuideSecret());
  c.cloud = "custom";
  c.login_url = f.base_url();
  c.graph_url = f.base_url() + "/v1.0";
  c.ca_file = f.sandbox().endpoint().ca_path;
  return c;
}

// GET /_sandbox/requests?after=..&limit=.. with the admin key; fails the test when unreadable.
inline std::vector<LoggedRequest> RequestLog(SandboxFixture& f, std::uint64_t after = 0) {
  http::ClientRequest req{
      .url = f.base_url() + "/_sandbox/requests?after=" + std::to_string(after) + "&limit=1000000"};
  req.headers.Set("Authorization", "Bearer " + f.sandbox().admin_key());
  auto resp = f.http().Send(req);
  std::vector<LoggedRequest> out;
  if (!resp || resp->status != 200) {
    ADD_FAILURE() << "request log: "
                  << (resp ? std::to_string(resp->status) : resp.error().message);
    return out;
  }
  auto doc = ParseJson(resp->body);
  const json::array* entries = doc ? JsonArray(*doc, "requests") : nullptr;
  if (entries == nullptr) {
    ADD_FAILURE() << "request log: no requests array";
    return out;
  }
  for (const auto& e : *entries) {
    out.push_back({.sequence = static_cast<std::uint64_t>(JsonInt(e, "sequence").value_or(0)),
                   .method = JsonString(e, "method").value_or(""),
                   .path = JsonString(e, "path").value_or(""),
                   .app = JsonString(e, "app").value_or(""),
                   .mailbox = JsonString(e, "mailbox").value_or(""),
                   .status = static_cast<int>(JsonInt(e, "status").value_or(0))});
  }
  return out;
}

inline std::uint64_t LastSequence(SandboxFixture& f) {
  auto log = RequestLog(f);
  return log.empty() ? 0 : log.back().sequence;
}

inline bool IsTokenRequest(const LoggedRequest& r) {
  return r.method == "POST" && r.path.ends_with("/oauth2/v2.0/token");
}

inline std::size_t CountTokenRequests(const std::vector<LoggedRequest>& log) {
  std::size_t n = 0;
  for (const auto& r : log) n += IsTokenRequest(r) ? 1 : 0;
  return n;
}

// Runs `graphpost <args>` with `stdin_file` as standard input (the fixture's Cli).
inline CliResult CliWithStdin(const SandboxFixture& f, const std::vector<std::string>& args,
                              const std::filesystem::path& stdin_file) {
  return f.Cli(args, stdin_file);
}

}  // namespace graphpost::testing
