#include "app/client_runtime.hpp"

#include <thread>

#include "http/curl_transport.hpp"

namespace graphpost::app {

graph::Wait SleepingWait() {
  return [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
}

Result<ConnectionEndpoints> EndpointsOf(const connections::Connection& c) {
  ConnectionEndpoints out{.login_base = connections::EffectiveLoginUrl(c),
                          .graph_base = connections::EffectiveGraphUrl(c),
                          .scope = connections::EffectiveGraphScope(c)};
  if (out.login_base.empty() || out.graph_base.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "connection '" + c.name + "': cloud '" + c.cloud +
                                                 "' is not global, usgov, usgov-dod or china; "
                                                 "give --login-url and --graph-url instead");
  }
  return out;
}

ClientRuntime::Channel& ClientRuntime::ChannelFor(const std::string& ca_file) {
  std::lock_guard lock(mu_);
  auto it = channels_.find(ca_file);
  if (it != channels_.end()) return it->second;
  Channel channel;
  channel.http = options_.transport_factory
                     ? options_.transport_factory(ca_file)
                     : std::make_unique<http::CurlTransport>(http::CurlOptions{.ca_file = ca_file});
  channel.tokens = std::make_unique<auth::TokenCache>(
      *channel.http, clock_, random_, auth::TokenCacheOptions{}, options_.token_store);
  return channels_.emplace(ca_file, std::move(channel)).first->second;
}

Result<std::unique_ptr<ConnectionSession>> ClientRuntime::Open(const connections::Connection& c) {
  auto endpoints = EndpointsOf(c);
  if (!endpoints) return Fail(endpoints.error());
  Channel& channel = ChannelFor(c.ca_file);
  auto session = std::make_unique<ConnectionSession>();
  session->connection = c;
  session->credential = auth::AppCredential{.login_base = endpoints->login_base,
                                            .tenant = c.tenant,
                                            .client_id = c.client_id,
                                            .client_secret = c.client_secret,
                                            .certificate_pem = c.certificate_pem,
                                            .private_key_pem = c.private_key_pem,
                                            .scope = endpoints->scope};
  session->graph_base = endpoints->graph_base;
  session->http = channel.http.get();
  session->tokens =
      std::make_unique<auth::ClientCredentialsTokenProvider>(*channel.tokens, session->credential);
  session->graph = std::make_unique<graph::GraphMailClient>(
      *channel.http, *session->tokens, random_,
      graph::GraphClientOptions{.base_url = endpoints->graph_base,
                                .timeout = options_.graph_timeout});
  return session;
}

std::size_t ClientRuntime::token_requests() const {
  std::lock_guard lock(mu_);
  std::size_t total = 0;
  for (const auto& [ca, channel] : channels_) total += channel.tokens->token_requests();
  return total;
}

}  // namespace graphpost::app
