// CurlTransport: one curl easy handle per in-flight request, recycled through a pool so that the
// connections each handle keeps alive are reused by later requests.
#include "http/curl_transport.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

#include <curl/curl.h>

#include "core/ascii.hpp"

namespace graphpost::http {
namespace {

// More idle handles than this are closed; it bounds idle connections, not concurrency.
constexpr std::size_t kMaxIdleHandles = 32;

using Slist = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;
using Url = std::unique_ptr<CURLU, decltype(&curl_url_cleanup)>;

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// The host of an absolute http(s) URL, or an error for anything else.
Result<std::string> UrlHost(const std::string& url) {
  Url parsed(curl_url(), &curl_url_cleanup);
  char* scheme = nullptr;
  char* host = nullptr;
  Result<std::string> result = Fail(ErrorCode::kInvalidArgument, "http: malformed URL");
  if (parsed && curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) == CURLUE_OK &&
      curl_url_get(parsed.get(), CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
      curl_url_get(parsed.get(), CURLUPART_HOST, &host, 0) == CURLUE_OK) {
    std::string_view s(scheme);
    if (s == "http" || s == "https") {
      result = std::string(host);
    } else {
      result = Fail(ErrorCode::kInvalidArgument, "http: unsupported URL scheme " + std::string(s));
    }
  }
  curl_free(scheme);
  curl_free(host);
  return result;
}

// What one transfer writes into while curl runs.
struct Transfer {
  ClientResponse response;
  int request_starts = 0;  // how often libcurl was about to send the request (see OnPrerequest)
  char error_text[CURL_ERROR_SIZE] = {};
};

// Called by libcurl right before it sends the request on a connection. A second call within one
// transfer is libcurl's own retry: a reused connection closed after the request was written and
// before any response byte, and libcurl wants to send the request again on a new connection. The
// first copy may already have been acted on (a sendMail delivered), so a request with a body is
// never sent twice: the transfer ends with CURLE_ABORTED_BY_CALLBACK and the caller decides.
int OnPrerequest(void* user, char*, char*, int, int) {
  Transfer& transfer = *static_cast<Transfer*>(user);
  return ++transfer.request_starts > 1 ? CURL_PREREQFUNC_ABORT : CURL_PREREQFUNC_OK;
}

size_t OnHeaderLine(char* data, size_t size, size_t count, void* user) {
  Headers& headers = static_cast<Transfer*>(user)->response.headers;
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    headers = Headers();  // a new response (after 100 Continue) starts over
    return line.size();
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return line.size();
  headers.Add(std::string(TrimAscii(line.substr(0, colon))),
              std::string(TrimAscii(line.substr(colon + 1))));
  return line.size();
}

size_t OnBodyData(char* data, size_t size, size_t count, void* user) {
  static_cast<Transfer*>(user)->response.body.append(data, size * count);
  return size * count;
}

ErrorCode ClassifyCurlError(CURLcode code) {
  switch (code) {
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return ErrorCode::kInvalidArgument;
    case CURLE_OPERATION_TIMEDOUT:
      return ErrorCode::kDeadlineExceeded;
    case CURLE_OUT_OF_MEMORY:
    case CURLE_BAD_FUNCTION_ARGUMENT:
    case CURLE_UNKNOWN_OPTION:
      return ErrorCode::kInternal;
    default:  // connect, resolve, TLS, send/receive, empty reply...
      return ErrorCode::kUnavailable;
  }
}

// The request headers as a curl list. Suppresses what curl would add on its own: Expect (its
// 1 s wait for 100 Continue) and a form Content-Type the caller did not ask for.
Slist BuildHeaderList(const ClientRequest& request) {
  Slist list(nullptr, &curl_slist_free_all);
  auto append = [&list](const std::string& line) {
    list.reset(curl_slist_append(list.release(), line.c_str()));
  };
  for (const Header& h : request.headers.all()) {
    append(h.value.empty() ? h.name + ";" : h.name + ": " + h.value);
  }
  if (!request.headers.Get("Expect")) append("Expect:");
  if (!request.headers.Get("Content-Type")) append("Content-Type:");
  return list;
}

// Requests with a body are sent at most once (OnPrerequest); GET, HEAD and a bodiless DELETE are
// safe to repeat and keep libcurl's retry on a fresh connection.
void SetMethodAndBody(CURL* easy, const ClientRequest& request, Transfer& transfer) {
  const std::string& method = request.method;
  if (method == "GET" && request.body.empty()) {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
    return;
  }
  if (method == "HEAD") {
    curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
    return;
  }
  if (!request.body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(easy, CURLOPT_PREREQFUNCTION, &OnPrerequest);
    curl_easy_setopt(easy, CURLOPT_PREREQDATA, &transfer);
  }
  if (method != "POST") curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method.c_str());
}

// Everything about the transfer that comes from the request itself.
void ConfigureRequest(CURL* easy, const ClientRequest& request, const curl_slist* headers,
                      Transfer& transfer) {
  curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);  // we are multi-threaded
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &OnHeaderLine);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &OnBodyData);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer.error_text);
  SetMethodAndBody(easy, request, transfer);
}

// Whether a failed transfer may have delivered its request: libcurl wanted to send it again
// (refused by OnPrerequest), or request bytes had gone out when it failed (a timeout or a closed
// connection while waiting for the answer).
bool MayHaveReachedServer(CURL* easy, const Transfer& transfer) {
  if (transfer.request_starts > 1) return true;
  long request_bytes = 0;
  curl_easy_getinfo(easy, CURLINFO_REQUEST_SIZE, &request_bytes);
  return request_bytes > 0;
}

// The port's contract (http_transport.hpp): kDeadlineExceeded exactly when the request went out
// and no complete answer came back, so its outcome is unknown; kUnavailable when it never left.
ErrorCode FailureCode(CURLcode code, bool maybe_sent) {
  const ErrorCode classified = ClassifyCurlError(code);
  if (classified != ErrorCode::kUnavailable && classified != ErrorCode::kDeadlineExceeded) {
    return classified;
  }
  return maybe_sent ? ErrorCode::kDeadlineExceeded : ErrorCode::kUnavailable;
}

std::string FailureDetail(CURLcode code, const Transfer& transfer) {
  if (transfer.request_starts > 1) {
    return "the connection closed after the request was sent, before any answer (not re-sent)";
  }
  return transfer.error_text[0] ? transfer.error_text : curl_easy_strerror(code);
}

}  // namespace

void CurlTransport::EasyDeleter::operator()(void* easy) const {
  curl_easy_cleanup(static_cast<CURL*>(easy));
}

void CurlTransport::SlistDeleter::operator()(void* list) const {
  curl_slist_free_all(static_cast<curl_slist*>(list));
}

CurlTransport::CurlTransport(CurlOptions options) : options_(std::move(options)) {
  InitCurlOnce();
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
  auto host = UrlHost(request.url);
  if (!host) return Fail(host.error());
  Easy handle = Acquire();
  if (!handle) return Fail(ErrorCode::kInternal, "http: curl_easy_init failed");
  CURL* easy = static_cast<CURL*>(handle.get());
  curl_easy_reset(easy);  // keeps the handle's live connections and TLS sessions

  Transfer transfer;
  Slist headers = BuildHeaderList(request);
  ConfigureRequest(easy, request, headers.get(), transfer);
  if (!options_.ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, options_.ca_file.c_str());
  if (connect_to_) curl_easy_setopt(easy, CURLOPT_CONNECT_TO, connect_to_.get());
  if (options_.verbose) curl_easy_setopt(easy, CURLOPT_VERBOSE, 1L);
  const CURLcode code = curl_easy_perform(easy);

  long connects = 0;
  curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &connects);
  connections_opened_ += static_cast<std::size_t>(std::max(0L, connects));
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  const bool maybe_sent = code != CURLE_OK && MayHaveReachedServer(easy, transfer);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, nullptr);  // `transfer` dies before the handle
  curl_easy_setopt(easy, CURLOPT_PREREQDATA, nullptr);
  Release(std::move(handle));
  if (code != CURLE_OK) {
    return Fail(FailureCode(code, maybe_sent), "http: " + request.method + " to " + *host +
                                                   " failed: " + FailureDetail(code, transfer));
  }
  transfer.response.status = static_cast<int>(status);
  return std::move(transfer.response);
}

}  // namespace graphpost::http
