// sandbox/state/request_log.hpp — the sandbox's request log: time, method, path, status (0 and
// `dropped` for a call whose connection was dropped), app, mailbox and duration of recent
// requests, for the admin API and for tests that count calls (e.g. "exactly one token request").
// Bounded: the oldest entries fall off. Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

namespace graphpost::sandbox {

struct RequestLogEntry {
  std::uint64_t sequence = 0;
  std::chrono::system_clock::time_point time;
  std::string method;
  std::string path;      // without the query string (upload URLs carry a token there)
  int status = 0;        // 0 when dropped: no answer was sent
  bool dropped = false;  // the connection was closed without an answer (fault drop_connection)
  std::string app;       // client/app id when known
  std::string mailbox;   // resolved mailbox address when known
  std::chrono::microseconds duration{0};
};

class RequestLog {
 public:
  explicit RequestLog(std::size_t capacity = 100000) : capacity_(capacity) {}
  void Add(RequestLogEntry entry);
  // Entries with sequence > after, oldest first, at most `limit`.
  std::vector<RequestLogEntry> Since(std::uint64_t after, std::size_t limit) const;
  void Clear();

 private:
  mutable std::mutex mu_;
  std::size_t capacity_;
  std::uint64_t next_sequence_ = 1;      // Guarded by mu_.
  std::deque<RequestLogEntry> entries_;  // Guarded by mu_.
};

boost::json::value RequestLogEntryToJson(const RequestLogEntry& entry);

}  // namespace graphpost::sandbox
