// SMTP AUTH over the outbox's SMTP accounts; see account_authenticator.hpp.
#include "smtp/access/account_authenticator.hpp"

#include "core/base64.hpp"

namespace graphpost::smtp::access {
namespace {

// Longer names are no account's (the operator API refuses them); they are still checked
// against the dummy hash so they cost the same.
constexpr std::size_t kMaxNameBytes = 256;

Principal PrincipalOf(const outbox::SmtpAccountRecord& account) {
  return Principal{.kind = Principal::Kind::kAccount,
                   .name = account.name,
                   .connections = account.connections,
                   .senders = account.senders};
}

Error AuthenticationFailed() {
  return Error{.code = ErrorCode::kUnauthenticated,
               .message = "authentication failed",
               .retry_after = std::nullopt,
               .remote_code = ""};
}

// A hash of a random password nobody knows, with the configured limits. If hashing cannot run
// (no memory at start-up) every unknown name still verifies against something of the same shape.
std::string MakeDummyHash(Random& random, const crypto::PasswordHashLimits& limits) {
  auto hash = crypto::HashPassword(Secret(Base64UrlEncode(random.Bytes(24))), limits);
  if (hash) return *hash;
  return "$argon2id$v=19$m=65536,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$"
         "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
}

}  // namespace

AccountAuthenticator::AccountAuthenticator(outbox::OutboxStore& accounts, Clock& clock,
                                           Random& random, AuthenticatorOptions options)
    : accounts_(accounts),
      failures_(options.failures, clock),
      verified_(options.cache, clock, random),
      dummy_hash_(MakeDummyHash(random, options.hash_limits)),
      workers_(options.verify_threads) {}

void AccountAuthenticator::Verify(const Peer& peer, std::string username, Secret password,
                                  std::function<void(Result<Principal>)> done) {
  if (auto wait = failures_.Blocked(peer.address)) {
    Error throttled{.code = ErrorCode::kThrottled,
                    .message = "too many failed logins from this address; try again later",
                    .retry_after = *wait,
                    .remote_code = ""};
    return done(Fail(std::move(throttled)));
  }
  std::optional<outbox::SmtpAccountRecord> account;
  if (username.size() <= kMaxNameBytes) {
    auto found = accounts_.FindSmtpAccount(username);
    if (!found) {
      return done(Fail(ErrorCode::kUnavailable, "the SMTP accounts cannot be read right now"));
    }
    account = std::move(*found);
  }
  if (account && verified_.Holds(username, password, account->password_hash)) {
    failures_.Succeeded(peer.address);
    return done(PrincipalOf(*account));
  }
  workers_.Submit([this, peer, username = std::move(username), password = std::move(password),
                   account = std::move(account), done = std::move(done)]() mutable {
    CheckOnWorker(peer, std::move(username), std::move(password), std::move(account),
                  std::move(done));
  });
}

void AccountAuthenticator::CheckOnWorker(const Peer& peer, std::string username, Secret password,
                                         std::optional<outbox::SmtpAccountRecord> account,
                                         std::function<void(Result<Principal>)> done) {
  const std::string& hash = account ? account->password_hash : dummy_hash_;
  const bool matches = crypto::VerifyPassword(password, hash);
  if (!matches || !account) {
    failures_.Failed(peer.address);
    return done(Fail(AuthenticationFailed()));
  }
  verified_.Remember(username, password, account->password_hash);
  failures_.Succeeded(peer.address);
  done(PrincipalOf(*account));
}

}  // namespace graphpost::smtp::access
