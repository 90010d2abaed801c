// CurlTransport: one curl easy handle per in-flight request, recycled through a pool so that the
// connections each handle keeps alive are reused by later requests.
#include "http/curl_transport.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

#include <curl/curl.h>

#include "http/internal/curl_easy.hpp"

namespace graphpost::http {
namespace {

// More idle handles than this are closed; it bounds idle connections, not concurrency.
constexpr std::size_t kMaxIdleHandles = 32;

}  // namespace

void CurlTransport::EasyDeleter::operator()(void* easy) const {
  curl_easy_cleanup(static_cast<CURL*>(easy));
}

void CurlTransport::SlistDeleter::operator()(void* list) const {
  curl_slist_free_all(static_cast<curl_slist*>(list));
}

CurlTransport::CurlTransport(CurlOptions options) : options_(std::move(options)) {
  internal::InitCurlOnce();
  curl_slist* list = nullptr;
  for (const std::string& entry : options_.connect_to)
    list = curl_slist_append(list, entry.c_str());
  connect_to_.reset(list);
}

CurlTransport::~CurlTransport() = default;

CurlTransport::Easy CurlTransport::Acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      Easy easy = std::move(idle_.back());
      idle_.pop_back();
      return easy;
    }
  }
  return Easy(curl_easy_init());
}

void CurlTransport::Release(Easy easy) {
  std::lock_guard lock(mu_);
  if (idle_.size() < kMaxIdleHandles) idle_.push_back(std::move(easy));
}

Result<ClientResponse> CurlTransport::Send(const ClientRequest& request) {
  auto host = internal::UrlHost(request.url);
  if (!host) return Fail(host.error());
  Easy handle = Acquire();
  if (!handle) return Fail(ErrorCode::kInternal, "http: curl_easy_init failed");
  CURL* easy = static_cast<CURL*>(handle.get());
  curl_easy_reset(easy);  // keeps the handle's live connections and TLS sessions

  internal::Transfer transfer;
  internal::Slist headers = internal::BuildHeaderList(request);
  internal::ConfigureRequest(easy, request, headers.get(), transfer);
  if (!options_.ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, options_.ca_file.c_str());
  if (connect_to_) curl_easy_setopt(easy, CURLOPT_CONNECT_TO, connect_to_.get());
  if (options_.verbose) curl_easy_setopt(easy, CURLOPT_VERBOSE, 1L);
  const CURLcode code = curl_easy_perform(easy);

  long connects = 0;
  curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &connects);
  connections_opened_ += static_cast<std::size_t>(std::max(0L, connects));
  auto result = internal::FinishTransfer(easy, code, request, *host, transfer);
  Release(std::move(handle));
  return result;
}

}  // namespace graphpost::http
