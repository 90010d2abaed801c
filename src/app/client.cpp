// The client's composition root; see client.hpp.
#include "app/client.hpp"

#include <utility>

#include "core/ascii.hpp"
#include "core/time_format.hpp"

namespace graphpost::app {
namespace {

// A passphrase is stretched with this salt; a base64 key of 32 bytes is used as is.
constexpr std::string_view kMasterKeySalt = "graphpost/connections/v1";

Result<std::unique_ptr<connections::ConnectionStore>> OpenStore(const ClientOptions& options,
                                                                Clock& clock, Random& random) {
  const std::filesystem::path db_file = options.data_dir / "graphpost.db";
  if (!options.master_key) {
    return connections::ConnectionStore::OpenWithKeyFile(db_file, options.data_dir / "master.key",
                                                         random, clock);
  }
  auto vault = connections::SecretVault::FromMasterKey(*options.master_key, kMasterKeySalt);
  if (!vault) return Fail(vault.error());
  return connections::ConnectionStore::Open(db_file, std::move(*vault), clock);
}

}  // namespace

Client::Client(OpenKey, ClientOptions options, ClientSeams seams)
    : options_(std::move(options)),
      own_clock_(seams.clock ? nullptr : std::make_unique<SystemClock>()),
      own_random_(seams.random ? nullptr : std::make_unique<SystemRandom>()),
      own_log_(seams.log ? nullptr : std::make_unique<log::NullLogger>()),
      clock_(seams.clock ? *seams.clock : *own_clock_),
      random_(seams.random ? *seams.random : *own_random_),
      log_(seams.log ? *seams.log : *own_log_),
      wait_(seams.wait ? std::move(seams.wait) : SleepingWait()),
      transport_factory_(std::move(seams.transport_factory)) {}

Client::~Client() = default;

Result<std::unique_ptr<Client>> Client::Open(ClientOptions options, ClientSeams seams) {
  TransportFactory transports = seams.transport_factory;
  auto client = std::make_unique<Client>(OpenKey(), std::move(options), std::move(seams));
  auto store = OpenStore(client->options_, client->clock_, client->random_);
  if (!store) return Fail(store.error());
  client->store_ = std::move(*store);
  client->tokens_ = std::make_unique<SealedTokenStore>(client->options_.data_dir / "tokens",
                                                       client->store_->vault());
  client->runtime_ = std::make_unique<ClientRuntime>(
      client->clock_, client->random_,
      ClientRuntimeOptions{
          .token_store = client->options_.tokens_on_disk ? client->tokens_.get() : nullptr,
          .transport_factory = std::move(transports),
          .graph_timeout = client->options_.graph_timeout});
  return client;
}

std::string Client::VersionOf(const connections::Connection& c) const {
  // Keyed (the vault's HMAC), so the cache holds no unkeyed hash of a secret.
  const std::string credential = c.tenant + "\n" + c.client_id + "\n" + c.user_id + "\n" +
                                 c.client_secret.Reveal() + "\n" + c.certificate_pem + "\n" +
                                 c.private_key_pem.Reveal() + "\n" + c.cloud + "\n" + c.login_url +
                                 "\n" + c.graph_url + "\n" + c.ca_file;
  return FormatIso8601Fraction(c.updated) + " " + store_->vault().Fingerprint(credential);
}

Result<std::shared_ptr<const ConnectionSession>> Client::Session(std::string_view name) {
  auto connection = store_->Get(name);
  if (!connection) {
    if (connection.error().code == ErrorCode::kNotFound) {
      // Names are compared without regard to case, as the store does.
      std::lock_guard lock(mu_);
      std::erase_if(sessions_, [&](const auto& entry) { return AsciiIEquals(entry.first, name); });
    }
    return Fail(connection.error());
  }
  if (options_.resolve) *connection = options_.resolve(std::move(*connection));
  const std::string version = VersionOf(*connection);
  std::lock_guard lock(mu_);
  auto cached = sessions_.find(connection->name);
  if (cached != sessions_.end() && cached->second.version == version) return cached->second.session;
  auto opened = runtime_->Open(*connection);
  if (!opened) return Fail(opened.error());
  std::shared_ptr<const ConnectionSession> session = std::move(*opened);
  sessions_[connection->name] = CachedSession{version, session};
  log_.Debug("connection session opened", {{"connection", connection->name}});
  return session;
}

Result<Client::IsolatedSession> Client::OpenIsolatedSession(std::string_view name,
                                                            const Secret* client_secret) {
  auto connection = store_->Get(name);
  if (!connection) return Fail(connection.error());
  if (client_secret != nullptr) connection->client_secret = *client_secret;
  if (options_.resolve) *connection = options_.resolve(std::move(*connection));
  IsolatedSession isolated;
  isolated.runtime = std::make_unique<ClientRuntime>(
      clock_, random_,
      ClientRuntimeOptions{.token_store = nullptr,
                           .transport_factory = transport_factory_,
                           .graph_timeout = options_.graph_timeout});
  auto opened = isolated.runtime->Open(*connection);
  if (!opened) return Fail(opened.error());
  isolated.session = std::move(*opened);
  return isolated;
}

Expected<graph::SendReport, graph::SendFailure> Client::Send(const MailSendRequest& request) {
  auto session = Session(request.connection);
  if (!session) return Unexpected(graph::SendFailure{.error = session.error()});
  const std::string& mailbox = (*session)->connection.user_id;
  auto report =
      graph::SendWithRetries(*(*session)->graph, mailbox, request.message, request.message_id,
                             request.reliability, clock_, random_, wait_);
  if (report) {
    log_.Info("message sent",
              {{"message_id", request.message_id},
               {"connection", request.connection},
               {"mailbox", mailbox},
               {"attempts", report->attempts},
               {"found_in_sent_items", report->outcome == graph::SendOutcome::kFoundInSentItems}});
  } else {
    log_.Warn("send failed", {{"message_id", request.message_id},
                              {"connection", request.connection},
                              {"mailbox", mailbox},
                              {"code", report.error().error.code},
                              {"delivery_unknown", report.error().delivery_unknown},
                              {"error", report.error().error.message}});
  }
  return report;
}

}  // namespace graphpost::app
