// http/internal/curl_easy.hpp — what CurlTransport (one blocking call) and CurlMultiTransport
// (many transfers on an event loop) share about one libcurl transfer: configuring an easy handle
// from a ClientRequest, collecting the response, and mapping a failure onto the HttpTransport
// error contract (kUnavailable = not sent, kDeadlineExceeded = sent, no complete answer).
// Plain functions; a Transfer belongs to one transfer at a time.
#pragma once

#include <memory>
#include <string>

#include <curl/curl.h>

#include "core/result.hpp"
#include "http/http_transport.hpp"

namespace graphpost::http::internal {

using Slist = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;

// curl_global_init, once per process.
void InitCurlOnce();

// The host of an absolute http(s) URL; kInvalidArgument for anything else.
[[nodiscard]] Result<std::string> UrlHost(const std::string& url);

// What one transfer writes into while curl runs. Must stay at one address while curl uses it.
struct Transfer {
  ClientResponse response;
  int request_starts = 0;  // how often libcurl was about to send the request (see curl_easy.cpp)
  char error_text[CURL_ERROR_SIZE] = {};
};

// The request headers as a curl list (no Expect, no Content-Type the caller did not ask for).
Slist BuildHeaderList(const ClientRequest& request);

// Everything about the transfer that comes from the request itself; `request`, `headers` and
// `transfer` must outlive the transfer. A request with a body is sent at most once.
void ConfigureRequest(CURL* easy, const ClientRequest& request, const curl_slist* headers,
                      Transfer& transfer);

// Detaches `transfer` from the handle (before the Transfer dies and the handle is reused).
void DetachTransfer(CURL* easy);

// The outcome of a finished transfer: the response (status set) for CURLE_OK, else the error by
// the HttpTransport contract, naming the method and host, never the body or headers.
[[nodiscard]] Result<ClientResponse> FinishTransfer(CURL* easy, CURLcode code,
                                                    const ClientRequest& request,
                                                    const std::string& host, Transfer& transfer);

}  // namespace graphpost::http::internal
