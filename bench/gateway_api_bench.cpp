// gateway_api_bench: messages/s accepted (202, durably committed) by a running gateway's API
// (issue #7, "Done when" 6, API part). `--clients` threads, each with its own keep-alive
// connection, POST 4 KB messages: one per request (/v1/messages), or `--batch N` per request
// (/v1/messages/batch). Prints one line: "<accepted> messages in <s> s: <rate>/s". Loopback only.
//
// Usage: gateway_api_bench --url http://127.0.0.1:PORT --key-file FILE --connection NAME
//                          [--messages 20000] [--clients 16] [--batch 0] [--size 4096]
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "http/curl_transport.hpp"

namespace {

struct Options {
  std::string url, key_file, connection;
  long messages = 20000;
  int clients = 16;
  int batch = 0;  // 0: one message per request
  int size = 4096;
};

Options Parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--url") o.url = value;
    if (flag == "--key-file") o.key_file = value;
    if (flag == "--connection") o.connection = value;
    if (flag == "--messages") o.messages = std::atol(value.c_str());
    if (flag == "--clients") o.clients = std::atoi(value.c_str());
    if (flag == "--batch") o.batch = std::atoi(value.c_str());
    if (flag == "--size") o.size = std::atoi(value.c_str());
  }
  return o;
}

std::string Message(const Options& o, long index) {
  return R"({"connection":")" + o.connection + R"(","to":["bench@example.com"],"subject":"bench )" +
         std::to_string(index) + R"(","text":")" + std::string(o.size, 'x') + R"("})";
}

// One request's body and how many messages it carries.
std::pair<std::string, long> Body(const Options& o, long first) {
  if (o.batch <= 0) return {Message(o, first), 1};
  const long count = std::min<long>(o.batch, o.messages - first);
  std::string body = R"({"messages":[)";
  for (long i = 0; i < count; ++i) body += (i ? "," : "") + Message(o, first + i);
  return {body + "]}", count};
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = Parse(argc, argv);
  std::ifstream key_in(o.key_file);
  std::string key;
  std::getline(key_in, key);
  if (o.url.empty() || key.empty() || o.connection.empty()) {
    std::cerr << "usage: gateway_api_bench --url URL --key-file FILE --connection NAME\n";
    return 2;
  }
  const std::string path = o.batch > 0 ? "/v1/messages/batch" : "/v1/messages";
  const long step = o.batch > 0 ? o.batch : 1;
  std::atomic<long> next{0}, accepted{0}, failed{0};
  const auto start = std::chrono::steady_clock::now();
  {
    std::vector<std::jthread> clients;
    for (int c = 0; c < o.clients; ++c) {
      clients.emplace_back([&] {
        graphpost::http::CurlTransport http;
        for (long first = next.fetch_add(step); first < o.messages; first = next.fetch_add(step)) {
          auto [body, count] = Body(o, first);
          graphpost::http::ClientRequest req{.method = "POST", .url = o.url + path};
          req.body = std::move(body);
          req.headers.Set("Authorization", "Bearer " + key);
          req.headers.Set("Content-Type", "application/json");
          auto resp = http.Send(req);
          if (resp && resp->status == 202) {
            accepted += count;
          } else {
            failed += count;
          }
        }
      });
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%ld messages in %.2f s: %.0f/s (%ld refused or failed)\n", accepted.load(), seconds,
              accepted.load() / seconds, failed.load());
  return failed.load() == 0 ? 0 : 1;
}
