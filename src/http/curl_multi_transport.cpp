// CurlMultiTransport: each Loop owns a curl multi handle and a thread. Start() hands a job to a
// loop (round robin) under the loop's mutex and wakes it; only the loop's thread touches the multi
// handle and the easy handles, as libcurl requires.
#include "http/curl_multi_transport.hpp"

#include <algorithm>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>

#include <curl/curl.h>

#include "http/internal/curl_easy.hpp"

namespace graphpost::http {
namespace {

// Easy handles kept for reuse per loop; more are cleaned up. Bounds memory, not concurrency.
constexpr std::size_t kMaxIdleHandles = 256;
// The longest a loop blocks in curl_multi_poll without being woken (libcurl's own timers are
// shorter when it has any).
constexpr int kPollTimeoutMs = 1000;

struct Job {
  ClientRequest request;
  AsyncHttpTransport::Done done;
  std::string host;
  internal::Transfer transfer;
  internal::Slist headers{nullptr, &curl_slist_free_all};
};

using SlistPtr = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;

SlistPtr ConnectToList(const std::vector<std::string>& entries) {
  curl_slist* list = nullptr;
  for (const std::string& entry : entries) list = curl_slist_append(list, entry.c_str());
  return SlistPtr(list, &curl_slist_free_all);
}

}  // namespace

class CurlMultiTransport::Loop {
 public:
  Loop(const CurlMultiOptions& options, std::atomic<std::size_t>& in_flight,
       std::atomic<std::size_t>& connections_opened)
      : options_(options),
        in_flight_(in_flight),
        connections_opened_(connections_opened),
        connect_to_(ConnectToList(options.connect_to)),
        multi_(curl_multi_init()) {
    if (options.max_idle_connections > 0) {
      curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, options.max_idle_connections);
    }
    thread_ = std::jthread([this](std::stop_token stop) { Run(stop); });
  }

  ~Loop() {
    thread_.request_stop();
    curl_multi_wakeup(multi_);
    thread_.join();
    for (CURL* easy : idle_) curl_easy_cleanup(easy);
    curl_multi_cleanup(multi_);
  }

  void Add(std::unique_ptr<Job> job) {
    {
      std::lock_guard lock(mu_);
      pending_.push_back(std::move(job));
    }
    curl_multi_wakeup(multi_);
  }

 private:
  void Run(const std::stop_token& stop) {
    while (!stop.stop_requested()) {
      AdoptPending();
      int running = 0;
      curl_multi_perform(multi_, &running);
      ReapFinished();
      curl_multi_poll(multi_, nullptr, 0, kPollTimeoutMs, nullptr);
    }
    AbortAll();
  }

  std::vector<std::unique_ptr<Job>> TakePending() {
    std::lock_guard lock(mu_);
    return std::exchange(pending_, {});
  }

  void AdoptPending() {
    for (std::unique_ptr<Job>& job : TakePending()) Begin(std::move(job));
  }

  CURL* AcquireEasy() {
    if (idle_.empty()) return curl_easy_init();
    CURL* easy = idle_.back();
    idle_.pop_back();
    curl_easy_reset(easy);
    return easy;
  }

  void ReleaseEasy(CURL* easy) {
    if (idle_.size() < kMaxIdleHandles) {
      idle_.push_back(easy);
    } else {
      curl_easy_cleanup(easy);
    }
  }

  void Begin(std::unique_ptr<Job> job) {
    auto host = internal::UrlHost(job->request.url);
    if (!host) return Complete(*job, Fail(host.error()));
    job->host = std::move(*host);
    CURL* easy = AcquireEasy();
    if (easy == nullptr) {
      return Complete(*job, Fail(ErrorCode::kInternal, "http: curl_easy_init failed"));
    }
    job->headers = internal::BuildHeaderList(job->request);
    internal::ConfigureRequest(easy, job->request, job->headers.get(), job->transfer);
    if (!options_.ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, options_.ca_file.c_str());
    if (connect_to_) curl_easy_setopt(easy, CURLOPT_CONNECT_TO, connect_to_.get());
    curl_multi_add_handle(multi_, easy);
    active_.emplace(easy, std::move(job));
  }

  void ReapFinished() {
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
      if (msg->msg == CURLMSG_DONE) Finish(msg->easy_handle, msg->data.result);
    }
  }

  void Finish(CURL* easy, CURLcode code) {
    auto it = active_.find(easy);
    if (it == active_.end()) return;
    std::unique_ptr<Job> job = std::move(it->second);
    active_.erase(it);
    long connects = 0;
    curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &connects);
    connections_opened_ += static_cast<std::size_t>(std::max(0L, connects));
    curl_multi_remove_handle(multi_, easy);
    auto result = internal::FinishTransfer(easy, code, job->request, job->host, job->transfer);
    ReleaseEasy(easy);
    Complete(*job, std::move(result));
  }

  void Complete(Job& job, Result<ClientResponse> result) {
    --in_flight_;
    job.done(std::move(result));
  }

  // At shutdown: transfers still running end as aborted (kDeadlineExceeded when request bytes
  // went out), pending ones as never sent.
  void AbortAll() {
    while (!active_.empty()) Finish(active_.begin()->first, CURLE_ABORTED_BY_CALLBACK);
    for (std::unique_ptr<Job>& job : TakePending()) {
      Complete(*job, Fail(ErrorCode::kUnavailable, "http: transport stopped before sending"));
    }
  }

  const CurlMultiOptions& options_;
  std::atomic<std::size_t>& in_flight_;
  std::atomic<std::size_t>& connections_opened_;
  SlistPtr connect_to_;
  CURLM* multi_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Job>> pending_;               // Guarded by mu_.
  std::unordered_map<CURL*, std::unique_ptr<Job>> active_;  // Loop thread only.
  std::vector<CURL*> idle_;                                 // Loop thread only.
  std::jthread thread_;
};

CurlMultiTransport::CurlMultiTransport(CurlMultiOptions options) : options_(std::move(options)) {
  internal::InitCurlOnce();
  const int threads = std::max(1, options_.threads);
  for (int i = 0; i < threads; ++i) {
    loops_.push_back(std::make_unique<Loop>(options_, in_flight_, connections_opened_));
  }
}

CurlMultiTransport::~CurlMultiTransport() { loops_.clear(); }

void CurlMultiTransport::Start(ClientRequest request, Done done) {
  auto job = std::make_unique<Job>();
  job->request = std::move(request);
  job->done = std::move(done);
  ++in_flight_;
  loops_[next_loop_++ % loops_.size()]->Add(std::move(job));
}

}  // namespace graphpost::http
