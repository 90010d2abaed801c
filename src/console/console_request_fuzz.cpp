// libFuzzer target: arbitrary method, target, Cookie header and body into Console::Handle (with a
// FakeClock). Input: four fields separated by '\n' (method, target, cookie, body; the body may
// hold more newlines). No crash, and every answer carries the console's security headers.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "connections/connection_store.hpp"
#include "console/console.hpp"
#include "console/console_token.hpp"
#include "core/base64.hpp"
#include "outbox/sqlite/sqlite_outbox_store.hpp"
#include "testing/fake_clock.hpp"
#include "testing/fake_random.hpp"

namespace {

using namespace graphpost;

struct World {
  World() {
    std::string dir = (std::filesystem::temp_directory_path() / "console-fuzz-XXXXXX").string();
    if (mkdtemp(dir.data()) == nullptr) std::abort();
    auto store =
        outbox::SqliteOutboxStore::Open(std::filesystem::path(dir) / "outbox.db", {}, clock);
    if (!store) std::abort();
    outbox = std::move(*store);
    auto vault =
        connections::SecretVault::FromMasterKey(Base64Encode(std::string(32, 'k')), "fuzz");
    if (!vault) std::abort();
    auto conns = connections::ConnectionStore::Open(":memory:", std::move(*vault), clock);
    if (!conns) std::abort();
    connections = std::move(*conns);
    console = std::make_unique<console::Console>(console::ConsoleDeps{
        .clock = clock,
        .random = random,
        .outbox = *outbox,
        .connections = *connections,
        .options = {.admin_token_hash = [] { return console::HashConsoleToken("gpc_fuzz"); }}});
  }
  testing::FakeClock clock;
  testing::FakeRandom random;
  std::unique_ptr<outbox::SqliteOutboxStore> outbox;
  std::unique_ptr<connections::ConnectionStore> connections;
  std::unique_ptr<console::Console> console;
};

std::string_view NextField(std::string_view& rest) {
  const std::size_t nl = rest.find('\n');
  std::string_view field = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  return field;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World world;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  http::Request request;
  request.method = std::string(NextField(rest));
  request.target = std::string(NextField(rest));
  const std::size_t q = request.target.find('?');
  request.path = request.target.substr(0, q);
  if (q != std::string::npos) request.query = request.target.substr(q + 1);
  request.headers.Set("Cookie", std::string(NextField(rest)));
  request.body = std::string(rest);
  request.remote_address = "127.0.0.1";
  if (!console::Console::Serves(request.path)) return 0;

  bool answered = false;
  auto check = [&](const http::Response& r) {
    answered = true;
    if (!r.headers.Get("Content-Security-Policy") || !r.headers.Get("X-Content-Type-Options")) {
      std::abort();
    }
  };
  http::Admission admission = world.console->Admit(request);
  if (admission.refusal) {
    check(*admission.refusal);
    return 0;
  }
  world.console->Handle(std::move(request), [&](http::Response r) { check(r); });
  if (!answered) std::abort();  // the placeholders and the core answer at once
  return 0;
}
