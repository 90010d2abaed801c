// tests/e2e/gateway_process.hpp — a long-running command of the built binary (GRAPHPOST_BINARY)
// as a child process: its "listening" line read from stdout as it arrives, its stderr (the log)
// kept in a file, stopped by a signal. ListeningProcess runs any such command (`sandbox serve`);
// GatewayProcess runs `graphpost --data-dir DIR serve --set smtp.port=0 ARGS...`. Plus the
// gateway's HTTP API called with a key read from a file. Header-only; not thread-safe.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include "core/json.hpp"
#include "core/unique_fd.hpp"
#include "http/curl_transport.hpp"
#include "tests/e2e/client_e2e_support.hpp"

namespace graphpost::testing {

class ListeningProcess {
 public:
  // Runs GRAPHPOST_BINARY with `args`, its stderr appended to `err_file`.
  ListeningProcess(const std::vector<std::string>& args, std::string err_file)
      : err_file_(std::move(err_file)) {
    std::vector<std::string> argv{std::getenv("GRAPHPOST_BINARY")};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    int pipe_fds[2] = {-1, -1};
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, err_file_.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                     0600);
    if (posix_spawn(&pid_, cargv[0], &actions, nullptr, cargv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    stdout_.Reset(pipe_fds[0]);
  }
  ~ListeningProcess() {
    if (pid_ > 0) Signal(SIGKILL);
  }
  ListeningProcess(const ListeningProcess&) = delete;
  ListeningProcess& operator=(const ListeningProcess&) = delete;

  // The "listening" line's JSON (null, and a test failure, when the child exits or 60 s pass
  // first: a failure guard). Everything printed before it is kept in printed().
  boost::json::value WaitListening() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{60};
    while (pid_ > 0 && stdout_.valid()) {
      if (auto line = printed_.find("{\"event\":\"listening\""); line != std::string::npos) {
        auto end = printed_.find('\n', line);
        if (end != std::string::npos) {
          if (auto doc = ParseJson(printed_.substr(line, end - line))) return *doc;
        }
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd readable{.fd = stdout_.get(), .events = POLLIN, .revents = 0};
      if (left.count() <= 0 || ::poll(&readable, 1, static_cast<int>(left.count())) <= 0) break;
      char buffer[4096];
      const ssize_t n = ::read(stdout_.get(), buffer, sizeof buffer);
      if (n <= 0) break;
      printed_.append(buffer, static_cast<std::size_t>(n));
    }
    ADD_FAILURE() << "serve did not listen: " << printed_ << ReadAll(err_file_);
    return nullptr;
  }

  // Sends `signal` and waits for the exit; the wait status.
  int Signal(int signal) {
    if (pid_ <= 0) return -1;
    ::kill(pid_, signal);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }

  const std::string& printed() const { return printed_; }
  std::string log() const { return ReadAll(err_file_); }

 private:
  std::string err_file_;
  UniqueFd stdout_;
  pid_t pid_ = -1;
  std::string printed_;
};

class GatewayProcess : public ListeningProcess {
 public:
  GatewayProcess(const std::filesystem::path& data_dir, const std::vector<std::string>& args)
      : ListeningProcess(ServeArgv(data_dir, args), data_dir.string() + ".serve.err") {}

 private:
  static std::vector<std::string> ServeArgv(const std::filesystem::path& data_dir,
                                            const std::vector<std::string>& args) {
    // SMTP on a free port, never the default 2525 (a test passing smtp.port itself wins: --set
    // values apply in order).
    std::vector<std::string> argv{"--data-dir", data_dir.string(), "serve", "--set",
                                  "smtp.port=0"};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }
};

// Runs the built graphpost with `args`; its stdout (stderr is appended to it when `merge_err`).
inline CliResult RunGraphpost(const std::vector<std::string>& args) {
  std::string command = "'" + std::string(std::getenv("GRAPHPOST_BINARY")) + "'";
  for (const auto& a : args) command += " '" + a + "'";
  CliResult result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) result.out.append(buffer, n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace graphpost::testing
