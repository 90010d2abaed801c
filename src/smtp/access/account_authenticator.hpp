// smtp/access/account_authenticator.hpp — SMTP AUTH against the SMTP accounts in the outbox
// (docs/smtp.md, "Accounts and who may submit"). For each attempt: refuse at once an address that
// failed too often (AuthFailureLimiter); look the account up (OutboxStore::FindSmtpAccount, a
// synchronous read); answer from the verified-credentials cache when the pair passed recently
// against the same stored hash; otherwise verify Argon2id on the authenticator's own worker
// threads, never the caller's. An unknown name is verified against a dummy hash made with the
// same limits, so a wrong name and a wrong password take the same path and the same time.
// Thread-safe. `accounts`, `clock` and `random` must outlive it; the destructor finishes the
// verifications already queued (their callbacks run) and joins its threads.
#pragma once

#include <memory>
#include <string>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/worker_pool.hpp"
#include "crypto/password_hash.hpp"
#include "outbox/outbox_store.hpp"
#include "smtp/access/auth_failure_limiter.hpp"
#include "smtp/access/verified_credentials.hpp"
#include "smtp/smtp_ports.hpp"

namespace graphpost::smtp::access {

struct AuthenticatorOptions {
  int verify_threads = 2;  // Argon2id at INTERACTIVE limits uses 64 MiB per running check
  FailureLimits failures;
  CacheLimits cache;
  // The dummy hash's limits: those the CLI hashes passwords with, so unknown names cost the same.
  crypto::PasswordHashLimits hash_limits;
};

class AccountAuthenticator final : public Authenticator {
 public:
  AccountAuthenticator(outbox::OutboxStore& accounts, Clock& clock, Random& random,
                       AuthenticatorOptions options = {});

  // As Authenticator::Verify. The principal is kind kAccount with the account's stored name,
  // connections and senders. kUnauthenticated "authentication failed" for a wrong name or
  // password alike; kThrottled with retry_after; kUnavailable when the accounts cannot be read.
  // `done` runs on a worker thread, or before Verify returns for an answer that needs no
  // Argon2id (throttled, store unavailable, a cached pair).
  void Verify(const Peer& peer, std::string username, Secret password,
              std::function<void(Result<Principal>)> done) override;

 private:
  void CheckOnWorker(const Peer& peer, std::string username, Secret password,
                     std::optional<outbox::SmtpAccountRecord> account,
                     std::function<void(Result<Principal>)> done);

  outbox::OutboxStore& accounts_;
  AuthFailureLimiter failures_;
  VerifiedCredentials verified_;
  const std::string dummy_hash_;
  // Last: destroyed first, so queued checks finish while the members they use still exist.
  WorkerPool workers_;
};

}  // namespace graphpost::smtp::access
