// The web console's part of the composition root (docs/console.md): the admin token file at
// start, and the Console over the gateway's outbox, connection store and engine.
#include "console/console_token.hpp"
#include "gateway/gateway.hpp"

namespace graphpost::gateway {

std::filesystem::path ConsoleTokenFile(const std::filesystem::path& data_dir) {
  return data_dir / "console-token.sha256";
}

// The token's text is kept for TakeNewConsoleToken only: the log gets the file's name, never the
// token (docs/console.md, "Signing in").
Status Gateway::EnsureConsoleTokenFile() {
  if (!config_.console_enabled) return Ok();
  const auto file = ConsoleTokenFile(config_.data_dir);
  auto made = console::EnsureConsoleToken(file, random_);
  if (!made) return Fail(made.error().code, "console token: " + made.error().message);
  if (!*made) return Ok();
  log_.Info("console token created", {{"file", file.string()}});
  std::lock_guard lock(token_mu_);
  new_console_token_ = std::move(**made);
  return Ok();
}

Secret Gateway::TakeNewConsoleToken() {
  std::lock_guard lock(token_mu_);
  return std::exchange(new_console_token_, Secret());
}

RouteTarget Gateway::StartConsole() {
  if (!config_.console_enabled) return {};
  // Read at each login, so `graphpost console reset-token` needs no restart; a missing or
  // unreadable file leaves only admin API keys able to sign in.
  auto token_hash = [file = ConsoleTokenFile(config_.data_dir)] {
    auto hash = console::ReadConsoleTokenHash(file);
    return hash ? *hash : std::string();
  };
  doctor_ = std::make_unique<ConsoleDoctor>(*client_);
  console_ = std::make_unique<console::Console>(console::ConsoleDeps{
      .clock = clock_,
      .random = random_,
      .outbox = *outbox_,
      .connections = client_->connections(),
      .engine_stats = [this] { return engine_->Stats(); },
      .notify =
          [this](const std::vector<outbox::LaneKey>& lanes) {
            if (!draining_) engine_->Notify(lanes);
          },
      .run_doctor = doctor_->Runner(),
      .sandbox = sandbox_admin_,
      .options = {.admin_token_hash = std::move(token_hash),
                  .https = !config_.tls_cert.empty(),
                  .session_ttl =
                      std::chrono::ceil<std::chrono::seconds>(config_.console_session_ttl),
                  .login_attempts_per_minute = config_.console_login_attempts_per_minute},
      .check_secret = doctor_->SecretChecker(),
      .log = &log_});
  return {.admit = [this](const http::Request& head) { return console_->Admit(head); },
          .handle =
              [this](http::Request r, http::Respond respond) {
                console_->Handle(std::move(r), std::move(respond));
              }};
}

}  // namespace graphpost::gateway
