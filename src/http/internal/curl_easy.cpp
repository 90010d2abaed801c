// The libcurl transfer plumbing shared by CurlTransport and CurlMultiTransport.
#include "http/internal/curl_easy.hpp"

#include <mutex>
#include <string_view>
#include <utility>

#include "core/ascii.hpp"

namespace graphpost::http::internal {
namespace {

using Url = std::unique_ptr<CURLU, decltype(&curl_url_cleanup)>;

}  // namespace

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

namespace {

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

void DetachTransfer(CURL* easy) {
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, nullptr);
  curl_easy_setopt(easy, CURLOPT_PREREQDATA, nullptr);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, nullptr);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, nullptr);
}

Result<ClientResponse> FinishTransfer(CURL* easy, CURLcode code, const ClientRequest& request,
                                      const std::string& host, Transfer& transfer) {
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  const bool maybe_sent = code != CURLE_OK && MayHaveReachedServer(easy, transfer);
  DetachTransfer(easy);
  if (code != CURLE_OK) {
    return Fail(FailureCode(code, maybe_sent), "http: " + request.method + " to " + host +
                                                   " failed: " + FailureDetail(code, transfer));
  }
  transfer.response.status = static_cast<int>(status);
  return std::move(transfer.response);
}

}  // namespace graphpost::http::internal
