// POST /v1.0/$batch: parse, schedule (at most four at a time, dependsOn, 424), run each request
// through the direct pipeline, answer in the order the requests finished.
#include "sandbox/graph/batch_service.hpp"

#include <algorithm>
#include <chrono>
#include <functional>
#include <utility>
#include <vector>

#include "core/ascii.hpp"
#include "core/base64.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "sandbox/graph/batch_request.hpp"

namespace graphpost::sandbox::graph {
namespace {

using Ms = std::chrono::milliseconds;

bool Succeeded(const http::Response& r) {
  return !r.drop_connection && r.status >= 200 && r.status < 300;
}

// One batch's requests on a simulated clock: a list schedule with kMaxParallel lanes. Requests
// are served (for real) when the schedule starts them; their durations are their injected
// latencies. Not thread-safe; one per batch.
class BatchRun {
 public:
  BatchRun(const std::vector<BatchItem>& items, const http::Request& batch,
           const http::Handler& inner, const ResponseContext& context)
      : items_(items), batch_(batch), inner_(inner), context_(context), steps_(items.size()) {}

  void Run() {
    while (true) {
      while (StartReady()) {
      }
      if (running_ == 0) return;
      FinishNext();
    }
  }

  const std::vector<std::size_t>& finished_order() const { return finished_; }
  const http::Response& response(std::size_t i) const { return steps_[i].response; }
  Ms length() const { return now_; }
  bool dropped() const { return dropped_; }
  // Slot releases still owed when the batch's answer is written.
  std::vector<std::function<void()>> TakeHeld() { return std::move(held_); }

 private:
  enum class State { kWaiting, kRunning, kDone };
  struct Step {
    State state = State::kWaiting;
    http::Response response;
    Ms end{0};
  };

  // Starts (or fails with 424) every waiting request whose dependencies are done, while lanes are
  // free. True when anything changed.
  bool StartReady() {
    bool changed = false;
    for (std::size_t i = 0; i < items_.size(); ++i) {
      if (steps_[i].state != State::kWaiting) continue;
      std::optional<std::size_t> failed_dep;
      bool ready = true;
      for (std::size_t dep : items_[i].depends_on) {
        if (steps_[dep].state != State::kDone)
          ready = false;
        else if (!Succeeded(steps_[dep].response))
          failed_dep = dep;
      }
      if (!ready) continue;
      if (failed_dep) {
        Complete(i, RenderGraphError(errors::FailedDependency(items_[*failed_dep].id), context_));
      } else if (IsNestedBatch(items_[i].url)) {
        Complete(
            i, RenderGraphError(errors::BatchInvalid("A batch cannot contain a batch."), context_));
      } else if (running_ < BatchService::kMaxParallel) {
        Start(i);
      } else {
        continue;
      }
      changed = true;
    }
    return changed;
  }

  void Start(std::size_t i) {
    Step& step = steps_[i];
    step.response = inner_(InnerRequest(items_[i], batch_));
    step.end = now_ + std::max(step.response.delay, Ms{0});
    step.response.delay = Ms{0};
    step.state = State::kRunning;
    ++running_;
  }

  void Complete(std::size_t i, http::Response response) {
    steps_[i].response = std::move(response);
    steps_[i].end = now_;
    steps_[i].state = State::kDone;
    finished_.push_back(i);
  }

  // Moves the clock to the earliest end among running requests and finishes those ending then.
  void FinishNext() {
    Ms next = Ms::max();
    for (const Step& s : steps_) {
      if (s.state == State::kRunning) next = std::min(next, s.end);
    }
    now_ = next;
    bool more_to_start = std::any_of(steps_.begin(), steps_.end(),
                                     [](const Step& s) { return s.state == State::kWaiting; });
    for (std::size_t i = 0; i < steps_.size(); ++i) {
      Step& s = steps_[i];
      if (s.state != State::kRunning || s.end != now_) continue;
      s.state = State::kDone;
      --running_;
      finished_.push_back(i);
      if (s.response.drop_connection) dropped_ = true;
      auto release = std::exchange(s.response.on_complete, nullptr);
      if (!release) continue;
      // A later request of the batch starts after this one in the schedule: free its slot first.
      if (more_to_start) {
        release();
      } else {
        held_.push_back(std::move(release));
      }
    }
  }

  const std::vector<BatchItem>& items_;
  const http::Request& batch_;
  const http::Handler& inner_;
  const ResponseContext& context_;
  std::vector<Step> steps_;
  std::vector<std::size_t> finished_;
  std::vector<std::function<void()>> held_;
  int running_ = 0;
  Ms now_{0};
  bool dropped_ = false;
};

json::object HeadersJson(const http::Headers& headers) {
  json::object out;
  for (const auto& h : headers.all()) {
    if (AsciiIStartsWith(h.name, "X-Sandbox-")) continue;  // the request log's, not Graph's
    out[h.name] = h.value;
  }
  return out;
}

json::value BodyJson(const http::Response& r) {
  auto type = r.headers.Get("Content-Type");
  if (type && AsciiIStartsWith(*type, "application/json")) {
    if (auto parsed = ParseJson(r.body)) return std::move(*parsed);
  }
  return json::value(Base64Encode(r.body));
}

json::object ResponseJson(const BatchItem& item, const http::Response& r) {
  json::object out{{"id", item.id}, {"status", r.status}, {"headers", HeadersJson(r.headers)}};
  if (!r.body.empty()) out["body"] = BodyJson(r);
  return out;
}

}  // namespace

BatchService::BatchService(const SigningKey& key, http::Handler inner, Clock& clock, Random& random)
    : tokens_(key), inner_(std::move(inner)), clock_(clock), random_(random) {}

ResponseContext BatchService::NewContext(const http::Request& request) {
  return NewResponseContext(request, clock_, random_);
}

std::optional<http::Response> BatchService::Handle(const http::Request& request) {
  if (!AsciiIEquals(request.path, "/v1.0/$batch")) return std::nullopt;
  ResponseContext context = NewContext(request);
  auto claims = tokens_.Verify(request.headers.Get("Authorization"), context.now);
  if (!claims) return RenderGraphError(claims.error(), context);
  if (request.method != "POST") return RenderGraphError(errors::MethodNotAllowed(), context);
  auto items = ParseBatch(request.body);
  if (!items) return RenderGraphError(items.error(), context);
  BatchRun run(*items, request, inner_, context);
  run.Run();
  json::array responses;
  for (std::size_t i : run.finished_order()) {
    responses.push_back(ResponseJson((*items)[i], run.response(i)));
  }
  http::Response response =
      GraphJson(200, json::object{{"responses", std::move(responses)}}, context);
  response.delay = run.length();
  response.drop_connection = run.dropped();
  response.on_complete = [held = run.TakeHeld()] {
    for (const auto& release : held) release();
  };
  return response;
}

}  // namespace graphpost::sandbox::graph
